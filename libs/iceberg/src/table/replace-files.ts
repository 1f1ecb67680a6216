import type { RetryOptions } from '@k2/core'

import type { TableIdentifier } from '../catalog/index.js'
import { IcebergError } from '../errors.js'
import type { DataFile, ManifestEntry } from '../spec/data-file.js'
import { MANIFEST_ENTRY_STATUS } from '../spec/data-file.js'
import { manifestFileFor } from '../spec/manifest.js'
import { writeManifestList, type ManifestFile } from '../spec/manifest-list.js'
import { newSnapshotId, type Snapshot } from '../spec/snapshot.js'
import { summarize } from '../spec/snapshot-summary.js'
import {
  currentSchema,
  currentSnapshot,
  nextSequenceNumber,
} from '../spec/table-metadata-lookups.js'
import { withSnapshot } from '../spec/table-metadata-updates.js'
import { commitTable } from './commit-table.js'
import type { IcebergTable } from './iceberg-table.js'
import { addedEntries, writeDataManifest, type WrittenManifest } from './manifest-writing.js'
import { isLive, SHARED_MANIFEST_CACHE } from './snapshot-files.js'
import type { TableContext } from './table-context.js'
import { newManifestListLocation } from './table-locations.js'

/** Options of {@link replaceFiles}. */
export interface ReplaceOptions {
  readonly retry?: Partial<RetryOptions>
}

/**
 * Replaces data files by others holding the same rows (spec: operation `replace`, used by
 * compaction): manifests that list a replaced file are rewritten with it as DELETED and their other
 * files as EXISTING (ids and sequence numbers kept), the new files go in one ADDED manifest, and
 * manifests that list none of the replaced files are carried over unchanged. Safe while appends
 * continue: each attempt starts from the latest snapshot, so files appended meanwhile are kept; if a
 * replaced file is no longer live (another compaction or expiry got there first) the replace stops
 * with `ICEBERG_PRECONDITION_FAILED` and the caller's new files are deleted.
 */
export async function replaceFiles(
  ctx: TableContext,
  identifier: TableIdentifier,
  replaced: readonly DataFile[],
  added: readonly DataFile[],
  options: ReplaceOptions = {},
): Promise<{ table: IcebergTable; snapshot: Snapshot }> {
  if (replaced.length === 0 || added.length === 0) {
    throw new IcebergError(
      'ICEBERG_INVALID_ARGUMENT',
      'replace needs files to remove and files to add',
    )
  }
  const replacedRows = replaced.reduce((n, f) => n + f.record_count, 0n)
  const addedRows = added.reduce((n, f) => n + f.record_count, 0n)
  if (replacedRows !== addedRows) {
    throw new IcebergError(
      'ICEBERG_INVALID_ARGUMENT',
      `replace must keep the rows: ${replacedRows} replaced vs ${addedRows} added`,
    )
  }
  const removePaths = new Set(replaced.map((f) => f.file_path))
  let addedManifest: WrittenManifest | undefined
  try {
    const { table, value } = await commitTable(
      ctx,
      identifier,
      async (base, attempt) => {
        const md = base.metadata
        addedManifest ??= await writeDataManifest(ctx.io, md, addedEntries(added))
        const parent = currentSnapshot(md)
        if (!parent)
          throw new IcebergError(
            'ICEBERG_PRECONDITION_FAILED',
            'table has no snapshot to replace files in',
          )
        const taken = new Set(md.snapshots.map((s) => s['snapshot-id']))
        const snapshotId = newSnapshotId((id) => taken.has(id))
        const sequenceNumber = nextSequenceNumber(md)
        const attemptFiles: string[] = []
        const manifests: ManifestFile[] = [
          manifestFileFor(addedManifest.summary, {
            manifestPath: addedManifest.location,
            addedSnapshotId: snapshotId,
            sequenceNumber,
          }),
        ]
        const found = new Set<string>()
        for (const manifest of await SHARED_MANIFEST_CACHE.manifestsOf(ctx.io, parent)) {
          const entries = await SHARED_MANIFEST_CACHE.entriesOf(ctx.io, manifest)
          const live = entries.filter(isLive)
          if (!live.some((e) => removePaths.has(e.data_file.file_path))) {
            manifests.push(manifest)
            continue
          }
          const rewritten: ManifestEntry[] = live.map((e) => {
            const removed = removePaths.has(e.data_file.file_path)
            if (removed) found.add(e.data_file.file_path)
            return {
              ...e,
              status: removed ? MANIFEST_ENTRY_STATUS.DELETED : MANIFEST_ENTRY_STATUS.EXISTING,
              snapshot_id: removed ? snapshotId : e.snapshot_id,
            }
          })
          const written = await writeDataManifest(ctx.io, md, rewritten)
          attemptFiles.push(written.location)
          manifests.push(
            manifestFileFor(written.summary, {
              manifestPath: written.location,
              addedSnapshotId: snapshotId,
              sequenceNumber,
            }),
          )
        }
        if (found.size !== removePaths.size) {
          await Promise.all(attemptFiles.map((f) => ctx.io.delete(f).catch(() => undefined)))
          const missing = [...removePaths].filter((p) => !found.has(p))
          throw new IcebergError(
            'ICEBERG_PRECONDITION_FAILED',
            `${missing.length} file(s) to replace are no longer in the table, e.g. ${missing[0]}`,
          )
        }
        const listLocation = newManifestListLocation(md.location, snapshotId, attempt)
        attemptFiles.push(listLocation)
        await ctx.io.write(
          listLocation,
          writeManifestList({
            manifests,
            snapshotId,
            parentSnapshotId: parent['snapshot-id'],
            sequenceNumber,
          }),
        )
        const snapshot: Snapshot = {
          'snapshot-id': snapshotId,
          'parent-snapshot-id': parent['snapshot-id'],
          'sequence-number': sequenceNumber,
          'timestamp-ms': Math.max(Date.now(), md['last-updated-ms']),
          'manifest-list': listLocation,
          summary: summarize({
            operation: 'replace',
            addedDataFiles: added.length,
            deletedDataFiles: replaced.length,
            addedRecords: addedRows,
            deletedRecords: replacedRows,
            addedFilesSize: added.reduce((n, f) => n + f.file_size_in_bytes, 0n),
            removedFilesSize: replaced.reduce((n, f) => n + f.file_size_in_bytes, 0n),
            previousSummary: parent.summary,
          }),
          'schema-id': currentSchema(md)['schema-id'],
        }
        const metadata = withSnapshot(md, snapshot, {
          previousMetadataLocation: base.metadataLocation,
        })
        return { metadata, attemptFiles, value: snapshot }
      },
      options.retry,
    )
    return { table, snapshot: value }
  } catch (err) {
    const orphans = [
      ...(addedManifest ? [addedManifest.location] : []),
      ...added.map((f) => f.file_path),
    ]
    await Promise.all(orphans.map((f) => ctx.io.delete(f).catch(() => undefined)))
    throw err
  }
}
