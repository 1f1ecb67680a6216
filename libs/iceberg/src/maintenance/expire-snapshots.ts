import type { TableIdentifier } from '../catalog/index.js'
import type { Snapshot } from '../spec/snapshot.js'
import { withoutSnapshots } from '../spec/table-metadata-updates.js'
import type { TableMetadata } from '../spec/table-metadata.js'
import type { FileIO } from '../io/index.js'
import { commitTable } from '../table/commit-table.js'
import { isLive, SHARED_MANIFEST_CACHE } from '../table/snapshot-files.js'
import { loggerOf, type TableContext } from '../table/table-context.js'

/** Options of {@link expireSnapshots}. */
export interface ExpireOptions {
  /** Snapshots created before this time (ms) may be expired. */
  readonly olderThanMs: number
  /** Always keep at least this many of the newest snapshots (default 1). */
  readonly retainLast?: number
}

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
 * alone. Safe while writers commit: files of a concurrent append belong to a newer snapshot, are
 * never referenced by an expired one, and so are never candidates; and reachability is computed
 * from the metadata this expiry committed.
 */
export async function expireSnapshots(
  ctx: TableContext,
  identifier: TableIdentifier,
  options: ExpireOptions,
): Promise<ExpireResult> {
  const retainLast = Math.max(1, options.retainLast ?? 1)
  const { table, value: expired } = await commitTable(ctx, identifier, async (base) => {
    const md = base.metadata
    const protectedIds = new Set(Object.values(md.refs).map((r) => r['snapshot-id']))
    const newestFirst = [...md.snapshots].sort((a, b) => b['timestamp-ms'] - a['timestamp-ms'])
    const keep = new Set(newestFirst.slice(0, retainLast).map((s) => s['snapshot-id']))
    const expire = md.snapshots.filter(
      (s) =>
        s['timestamp-ms'] < options.olderThanMs &&
        !keep.has(s['snapshot-id']) &&
        !protectedIds.has(s['snapshot-id']),
    )
    const metadata =
      expire.length === 0
        ? md
        : withoutSnapshots(
            md,
            expire.map((s) => s['snapshot-id']),
            { previousMetadataLocation: base.metadataLocation },
          )
    return { metadata, attemptFiles: [], value: expire }
  })
  if (expired.length === 0) {
    return {
      expiredSnapshotIds: [],
      deletedManifestLists: 0,
      deletedManifests: 0,
      deletedDataFiles: 0,
    }
  }
  // Kept snapshots need only their live files; a file a kept snapshot lists as DELETED was live
  // only in expired ones. Expired snapshots contribute every file they mention.
  const reachable = await reachableFiles(ctx.io, table.metadata.snapshots, true)
  const candidates = await reachableFiles(ctx.io, expired, false)
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

/** Manifest lists, manifests and data files (live ones only, or any status) of `snapshots`. */
async function reachableFiles(
  io: FileIO,
  snapshots: readonly Snapshot[],
  liveOnly: boolean,
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
        if (!liveOnly || isLive(entry)) dataFiles.add(entry.data_file.file_path)
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
