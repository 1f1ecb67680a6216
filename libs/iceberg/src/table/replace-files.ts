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
import type { TableMetadata } from '../spec/table-metadata.js'
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
 *
 * Liveness under continuous appends: an attempt must finish between two appends' commits to win.
 * So everything that does not depend on the base is written once and reused by every attempt (as
 * Java's `SnapshotProducer` does): the ADDED manifest and each rewritten manifest (keyed by the
 * manifest it rewrites, which is immutable; the snapshot id its DELETED entries carry is kept
 * across attempts). A retry then only writes a manifest list and a metadata file, like an append.
 * Rewritten manifests the committed snapshot does not use are deleted afterwards.
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
  let snapshotId: bigint | undefined
  /** Source manifest path -> its rewrite for `snapshotId`, shared by all attempts. */
  const rewrites = new Map<string, WrittenManifest>()
  const dropRewrites = async (keep: ReadonlySet<string> = new Set()) => {
    const unused = [...rewrites.values()].map((w) => w.location).filter((l) => !keep.has(l))
    rewrites.clear()
    await Promise.all(unused.map((f) => ctx.io.delete(f).catch(() => undefined)))
  }
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
        if (snapshotId === undefined || taken.has(snapshotId)) {
          // A new id invalidates the rewrites: their DELETED entries name the old one.
          await dropRewrites()
          snapshotId = newSnapshotId((id) => taken.has(id))
        }
        const id = snapshotId
        const sequenceNumber = nextSequenceNumber(md)
        const manifests: ManifestFile[] = [
          manifestFileFor(addedManifest.summary, {
            manifestPath: addedManifest.location,
            addedSnapshotId: id,
            sequenceNumber,
          }),
        ]
        const found = new Set<string>()
        for (const manifest of await SHARED_MANIFEST_CACHE.manifestsOf(ctx.io, parent)) {
          const live = (await SHARED_MANIFEST_CACHE.entriesOf(ctx.io, manifest)).filter(isLive)
          const removed = live.filter((e) => removePaths.has(e.data_file.file_path))
          if (removed.length === 0) {
            manifests.push(manifest)
            continue
          }
          for (const e of removed) found.add(e.data_file.file_path)
          let written = rewrites.get(manifest.manifest_path)
          if (written === undefined) {
            written = await rewriteManifest(ctx, md, live, removePaths, id)
            rewrites.set(manifest.manifest_path, written)
          }
          manifests.push(
            manifestFileFor(written.summary, {
              manifestPath: written.location,
              addedSnapshotId: id,
              sequenceNumber,
            }),
          )
        }
        if (found.size !== removePaths.size) {
          const missing = [...removePaths].filter((p) => !found.has(p))
          throw new IcebergError(
            'ICEBERG_PRECONDITION_FAILED',
            `${missing.length} file(s) to replace are no longer in the table, e.g. ${missing[0]}`,
          )
        }
        const listLocation = newManifestListLocation(md.location, id, attempt)
        const snapshot: Snapshot = {
          'snapshot-id': id,
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
            extra: carriedSummary(parent.summary),
          }),
          'schema-id': currentSchema(md)['schema-id'],
        }
        const metadata = withSnapshot(md, snapshot, {
          previousMetadataLocation: base.metadataLocation,
        })
        await ctx.io.write(
          listLocation,
          writeManifestList({
            manifests,
            snapshotId: id,
            parentSnapshotId: parent['snapshot-id'],
            sequenceNumber,
          }),
        )
        const used = new Set(manifests.map((m) => m.manifest_path))
        return { metadata, attemptFiles: [listLocation], value: { snapshot, used } }
      },
      options.retry,
    )
    await dropRewrites(value.used)
    return { table, snapshot: value.snapshot }
  } catch (err) {
    await dropRewrites()
    const orphans = [
      ...(addedManifest ? [addedManifest.location] : []),
      ...added.map((f) => f.file_path),
    ]
    await Promise.all(orphans.map((f) => ctx.io.delete(f).catch(() => undefined)))
    throw err
  }
}

/** A manifest's live entries again: replaced files DELETED by `snapshotId`, others EXISTING. */
async function rewriteManifest(
  ctx: TableContext,
  md: TableMetadata,
  live: readonly ManifestEntry[],
  removePaths: ReadonlySet<string>,
  snapshotId: bigint,
): Promise<WrittenManifest> {
  const entries: ManifestEntry[] = live.map((e) => {
    const removed = removePaths.has(e.data_file.file_path)
    return {
      ...e,
      status: removed ? MANIFEST_ENTRY_STATUS.DELETED : MANIFEST_ENTRY_STATUS.EXISTING,
      snapshot_id: removed ? snapshotId : e.snapshot_id,
    }
  })
  return writeDataManifest(ctx.io, md, entries)
}

/**
 * Summary properties a replace carries over from the snapshot it replaces files in: K2's own
 * (`k2.` prefix: writers' source positions and Kafka offsets, D6; loaded-file checksums). A
 * replace changes no data, so the progress markers of the writers still hold, and carrying them
 * keeps them in the current snapshot even after expiry removed the appends that wrote them.
 */
export const CARRIED_SUMMARY_PREFIX = 'k2.'

function carriedSummary(
  summary: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const carried: Record<string, string> = {}
  for (const [key, value] of Object.entries(summary ?? {})) {
    if (key.startsWith(CARRIED_SUMMARY_PREFIX)) carried[key] = value
  }
  return carried
}
