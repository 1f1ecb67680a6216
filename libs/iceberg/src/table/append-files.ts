import type { RetryOptions } from '@k2/core'

import type { TableIdentifier } from '../catalog/index.js'
import { IcebergError } from '../errors.js'
import type { DataFile } from '../spec/data-file.js'
import { manifestFileFor } from '../spec/manifest.js'
import { writeManifestList } from '../spec/manifest-list.js'
import { newSnapshotId, type Snapshot } from '../spec/snapshot.js'
import { summarize } from '../spec/snapshot-summary.js'
import {
  currentSchema,
  currentSnapshot,
  defaultSpec,
  nextSequenceNumber,
} from '../spec/table-metadata-lookups.js'
import { withSnapshot } from '../spec/table-metadata-updates.js'
import { commitTable } from './commit-table.js'
import type { IcebergTable } from './iceberg-table.js'
import { SHARED_MANIFEST_CACHE } from './snapshot-files.js'
import type { TableContext } from './table-context.js'
import { newManifestListLocation } from './table-locations.js'
import { addedEntries, writeDataManifest, type WrittenManifest } from './manifest-writing.js'

/** Options of {@link appendFiles}. */
export interface AppendOptions {
  /**
   * Extra snapshot-summary properties, computed on the base the commit lands on (D6: the next
   * Kafka offsets of the records in the files, `k2.kafka.offsets`).
   */
  readonly summary?: (base: IcebergTable) => Readonly<Record<string, string>>
  /** Refuses the commit on this base by throwing (D6: fencing against zombie writers). */
  readonly precondition?: (base: IcebergTable) => void
  /** Conflict retry; defaults to many quick attempts. */
  readonly retry?: Partial<RetryOptions>
  /** Delete the data files if the commit fails for good (default true). */
  readonly deleteDataFilesOnFailure?: boolean
}

/**
 * Fast append (spec: "Snapshots", operation `append`): one new manifest with the files as ADDED
 * entries, written once with inherited ids so it survives retries, plus a manifest list that
 * carries the parent's manifests unchanged, a new snapshot and a metadata file, swapped into the
 * catalog atomically. On conflict the append is re-applied on the new base; if it gives up, the
 * manifest (and by default the data files) are deleted.
 */
export async function appendFiles(
  ctx: TableContext,
  identifier: TableIdentifier,
  files: readonly DataFile[],
  options: AppendOptions = {},
): Promise<{ table: IcebergTable; snapshot: Snapshot }> {
  if (files.length === 0)
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', 'append needs at least one data file')
  let manifest: WrittenManifest | undefined
  try {
    const { table, value } = await commitTable(
      ctx,
      identifier,
      async (base, attempt) => {
        const md = base.metadata
        if (manifest === undefined) {
          manifest = await writeDataManifest(ctx.io, md, addedEntries(files))
        } else if (manifest.specId !== defaultSpec(md)['spec-id']) {
          throw new IcebergError(
            'ICEBERG_COMMIT_FAILED',
            'partition spec changed during the append',
          )
        }
        options.precondition?.(base)
        const parent = currentSnapshot(md)
        const taken = new Set(md.snapshots.map((s) => s['snapshot-id']))
        const snapshotId = newSnapshotId((id) => taken.has(id))
        const sequenceNumber = nextSequenceNumber(md)
        const parentManifests = parent
          ? await SHARED_MANIFEST_CACHE.manifestsOf(ctx.io, parent)
          : []
        const listLocation = newManifestListLocation(md.location, snapshotId, attempt)
        const added = manifestFileFor(manifest.summary, {
          manifestPath: manifest.location,
          addedSnapshotId: snapshotId,
          sequenceNumber,
        })
        await ctx.io.write(
          listLocation,
          writeManifestList({
            manifests: [added, ...parentManifests],
            snapshotId,
            parentSnapshotId: parent?.['snapshot-id'] ?? null,
            sequenceNumber,
          }),
        )
        const partitions = new Set(
          files.map((f) => [...f.partition.entries()].map(String).join('|')),
        )
        const snapshot: Snapshot = {
          'snapshot-id': snapshotId,
          ...(parent ? { 'parent-snapshot-id': parent['snapshot-id'] } : {}),
          'sequence-number': sequenceNumber,
          'timestamp-ms': Math.max(Date.now(), md['last-updated-ms']),
          'manifest-list': listLocation,
          summary: summarize({
            operation: 'append',
            addedDataFiles: files.length,
            addedRecords: files.reduce((n, f) => n + f.record_count, 0n),
            addedFilesSize: files.reduce((n, f) => n + f.file_size_in_bytes, 0n),
            changedPartitionCount: partitions.size,
            ...(parent ? { previousSummary: parent.summary } : {}),
            ...(options.summary ? { extra: options.summary(base) } : {}),
          }),
          'schema-id': currentSchema(md)['schema-id'],
        }
        const metadata = withSnapshot(md, snapshot, {
          previousMetadataLocation: base.metadataLocation,
        })
        return { metadata, attemptFiles: [listLocation], value: snapshot }
      },
      options.retry,
    )
    return { table, snapshot: value }
  } catch (err) {
    const orphans = [
      ...(manifest ? [manifest.location] : []),
      ...(options.deleteDataFilesOnFailure === false ? [] : files.map((f) => f.file_path)),
    ]
    await Promise.all(orphans.map((f) => ctx.io.delete(f).catch(() => undefined)))
    throw err
  }
}
