import type { TableIdentifier } from '../catalog/index.js'
import type { Snapshot } from '../spec/snapshot.js'
import { withoutSnapshots } from '../spec/table-metadata-updates.js'
import type { TableMetadata } from '../spec/table-metadata.js'
import type { FileIO } from '../io/index.js'
import { commitTable } from '../table/commit-table.js'
import { loadTable, type IcebergTable } from '../table/iceberg-table.js'
import { isLive, SHARED_MANIFEST_CACHE } from '../table/snapshot-files.js'
import { loggerOf, type TableContext } from '../table/table-context.js'
import { validateExpireOptions, type ExpireOptions } from './maintenance-options.js'

/** Raised inside a commit attempt that finds nothing left to expire; ends the expiry quietly. */
class NothingToExpire extends Error {}

/** What an expiry did. */
export interface ExpireResult {
  readonly expiredSnapshotIds: readonly bigint[]
  readonly deletedManifestLists: number
  readonly deletedManifests: number
  readonly deletedDataFiles: number
}

/**
 * Snapshot expiry (spec: "Snapshot Retention Policy", Java's `ExpireSnapshots`): removes snapshots
 * older than `olderThanMs` beyond the newest `retainLast`, never one a branch or tag points at,
 * commits that (retrying on conflict), and only then deletes the files that no remaining snapshot
 * reaches: manifest lists of the expired snapshots, manifests and data files referenced by them
 * alone. A run with nothing to expire commits nothing.
 *
 * Safe while writers commit (appends, compaction): files of a commit in flight belong to a newer
 * snapshot, are never referenced by an expired one, and so are never candidates; reachability is
 * computed from the metadata this expiry committed, whose current snapshot every later commit
 * builds on (a commit on an older base loses its compare-and-swap and is re-applied, see
 * `commitTable`, which also treats base files deleted under it as such a lost race). Run one
 * expiry per table at a time: a second one may delete the manifest list of a snapshot the first
 * still reads for reachability; no live file is ever deleted, but the first then fails after its
 * commit and leaves its candidates on disk.
 */
export async function expireSnapshots(
  ctx: TableContext,
  identifier: TableIdentifier,
  options: ExpireOptions,
): Promise<ExpireResult> {
  const { olderThanMs, retainLast } = validateExpireOptions(options)
  const toExpire = (md: TableMetadata): Snapshot[] => {
    const protectedIds = new Set(Object.values(md.refs).map((r) => r['snapshot-id']))
    // Commits within one millisecond share a timestamp: the sequence number orders them.
    const newestFirst = [...md.snapshots].sort(
      (a, b) =>
        b['timestamp-ms'] - a['timestamp-ms'] ||
        Number(b['sequence-number'] - a['sequence-number']),
    )
    const keep = new Set(newestFirst.slice(0, retainLast).map((s) => s['snapshot-id']))
    return md.snapshots.filter(
      (s) =>
        s['timestamp-ms'] < olderThanMs &&
        !keep.has(s['snapshot-id']) &&
        !protectedIds.has(s['snapshot-id']),
    )
  }
  const nothing: ExpireResult = {
    expiredSnapshotIds: [],
    deletedManifestLists: 0,
    deletedManifests: 0,
    deletedDataFiles: 0,
  }
  // Most runs find nothing to do: they must not commit a new metadata version (which would only
  // make writers' commits conflict), so look first, and stand back if a retry finds nothing.
  if (toExpire((await loadTable(ctx, identifier)).metadata).length === 0) return nothing
  let table: IcebergTable
  let expired: Snapshot[]
  try {
    ;({ table, value: expired } = await commitTable(ctx, identifier, async (base) => {
      const md = base.metadata
      const expire = toExpire(md)
      if (expire.length === 0) throw new NothingToExpire()
      const metadata = withoutSnapshots(
        md,
        expire.map((s) => s['snapshot-id']),
        { previousMetadataLocation: base.metadataLocation },
      )
      return { metadata, attemptFiles: [], value: expire }
    }))
  } catch (err) {
    if (err instanceof NothingToExpire) return nothing
    throw err
  }
  // Data files count where they are live: a file leaves the table when the last snapshot that
  // has it live expires, and that expiry deletes it. (A snapshot that lists a file as DELETED
  // has a parent with it live, expired with it or before it, or still kept: then its own
  // expiry deals with the file.) Manifests and lists count wherever they are referenced.
  const reachable = await reachableFiles(ctx.io, table.metadata.snapshots)
  const candidates = await reachableFiles(ctx.io, expired)
  const deletable = (kind: 'lists' | 'manifests' | 'dataFiles') =>
    [...candidates[kind]].filter((f) => !reachable[kind].has(f))
  const lists = deletable('lists')
  const manifests = deletable('manifests')
  const dataFiles = deletable('dataFiles')
  await deleteAll(ctx.io, [...dataFiles, ...manifests, ...lists])
  loggerOf(ctx).info(
    {
      table: identifier.name,
      expired: expired.length,
      dataFiles: dataFiles.length,
      manifests: manifests.length,
    },
    'expired snapshots',
  )
  return {
    expiredSnapshotIds: expired.map((s) => s['snapshot-id']),
    deletedManifestLists: lists.length,
    deletedManifests: manifests.length,
    deletedDataFiles: dataFiles.length,
  }
}

/** Manifest lists, manifests and live data files of `snapshots`. */
async function reachableFiles(
  io: FileIO,
  snapshots: readonly Snapshot[],
): Promise<{ lists: Set<string>; manifests: Set<string>; dataFiles: Set<string> }> {
  const lists = new Set<string>()
  const manifests = new Set<string>()
  const dataFiles = new Set<string>()
  for (const snapshot of snapshots) {
    lists.add(snapshot['manifest-list'])
    for (const manifest of await SHARED_MANIFEST_CACHE.manifestsOf(io, snapshot)) {
      if (manifests.has(manifest.manifest_path)) continue
      manifests.add(manifest.manifest_path)
      for (const entry of await SHARED_MANIFEST_CACHE.entriesOf(io, manifest)) {
        if (isLive(entry)) dataFiles.add(entry.data_file.file_path)
      }
    }
  }
  return { lists, manifests, dataFiles }
}

async function deleteAll(io: FileIO, files: readonly string[]): Promise<void> {
  for (let i = 0; i < files.length; i += 32) {
    await Promise.all(files.slice(i, i + 32).map((f) => io.delete(f)))
  }
}

/** Snapshot ids of a table, oldest first (for logs and tests). */
export function snapshotIds(md: TableMetadata): bigint[] {
  return [...md.snapshots]
    .sort((a, b) => a['timestamp-ms'] - b['timestamp-ms'])
    .map((s) => s['snapshot-id'])
}
