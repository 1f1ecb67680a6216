import { IcebergError } from '../errors.js'
import { MAIN_BRANCH, type Snapshot, type SnapshotRef } from './snapshot.js'
import type { MetadataLogEntry, SnapshotLogEntry, TableMetadata } from './table-metadata.js'
import { schemaById } from './table-metadata-lookups.js'
import {
  checkNotReserved,
  DEFAULT_PREVIOUS_VERSIONS_MAX,
  intProperty,
  TABLE_PROPERTIES,
} from './table-properties.js'

/**
 * How an update records the metadata file it replaces (spec: "Table Metadata Fields",
 * `metadata-log`). Every new metadata file should log its predecessor.
 */
export interface MetadataLogOptions {
  /** Location of the metadata file being replaced; logged with its `last-updated-ms`. */
  readonly previousMetadataLocation?: string
  /** Log entries to keep; default `write.metadata.previous-versions-max`, else 100. */
  readonly maxPreviousVersions?: number
}

/** Options of {@link withSnapshot}. */
export interface WithSnapshotOptions extends MetadataLogOptions {
  /** Branch to move to the new snapshot; default `main`. */
  readonly branch?: string
}

/** Options of updates that are not snapshots. */
export interface MetadataUpdateOptions extends MetadataLogOptions {
  /** Update time; defaults to now. */
  readonly nowMs?: number
}

/**
 * Metadata with `snapshot` committed on `branch` (default `main`), as Java's
 * `TableMetadata.Builder.addSnapshot` + `setBranchSnapshot`: the snapshot is added, the branch
 * ref moves to it (keeping its retention settings), `last-sequence-number` and `last-updated-ms`
 * take the snapshot's values, and for `main` `current-snapshot-id` changes and `snapshot-log`
 * gets an entry. The previous metadata file goes to `metadata-log`, trimmed to the configured size.
 *
 * Optimistic concurrency (spec: "Optimistic Concurrency"): a snapshot built on another base, i.e.
 * whose parent is not the branch's current snapshot or whose sequence number is not above
 * `last-sequence-number`, is refused with the retriable `ICEBERG_COMMIT_CONFLICT`: re-apply the
 * change on the new base.
 */
export function withSnapshot(
  md: TableMetadata,
  snapshot: Snapshot,
  options: WithSnapshotOptions = {},
): TableMetadata {
  const branch = options.branch ?? MAIN_BRANCH
  const id = snapshot['snapshot-id']
  if (md.snapshots.some((s) => s['snapshot-id'] === id)) {
    throw new IcebergError('ICEBERG_INVALID_SPEC', `snapshot ${id} already exists`)
  }
  const schemaId = snapshot['schema-id']
  if (schemaId !== undefined && schemaById(md, schemaId) === undefined) {
    throw new IcebergError('ICEBERG_INVALID_SPEC', `snapshot ${id} uses unknown schema ${schemaId}`)
  }
  const existing = md.refs[branch]
  if (existing !== undefined && existing.type !== 'branch') {
    throw new IcebergError('ICEBERG_INVALID_SPEC', `ref ${branch} is a tag, not a branch`)
  }
  if (snapshot['parent-snapshot-id'] !== existing?.['snapshot-id']) {
    throw new IcebergError(
      'ICEBERG_COMMIT_CONFLICT',
      `snapshot ${id} has parent ${snapshot['parent-snapshot-id'] ?? 'none'} but branch ${branch} ` +
        `is at ${existing?.['snapshot-id'] ?? 'no snapshot'}`,
      { context: { branch } },
    )
  }
  if (snapshot['sequence-number'] <= md['last-sequence-number']) {
    throw new IcebergError(
      'ICEBERG_COMMIT_CONFLICT',
      `snapshot ${id} has sequence number ${snapshot['sequence-number']}, not above the table's ` +
        `last-sequence-number ${md['last-sequence-number']}`,
    )
  }
  const ref: SnapshotRef = { ...(existing ?? { type: 'branch' }), 'snapshot-id': id }
  const ts = snapshot['timestamp-ms']
  const main = branch === MAIN_BRANCH
  const log: SnapshotLogEntry[] = main
    ? [...md['snapshot-log'], { 'timestamp-ms': ts, 'snapshot-id': id }]
    : [...md['snapshot-log']]
  return {
    ...md,
    'last-sequence-number': snapshot['sequence-number'],
    'last-updated-ms': ts,
    ...(main ? { 'current-snapshot-id': id } : {}),
    snapshots: [...md.snapshots, snapshot],
    'snapshot-log': log,
    refs: { ...md.refs, [branch]: ref },
    'metadata-log': metadataLog(md, options),
  }
}

/**
 * Metadata without the snapshots `ids` (snapshot expiry). Ids not in the table are ignored, so
 * a retried expiry is harmless. A snapshot that a ref points at cannot be removed
 * (`ICEBERG_PRECONDITION_FAILED`): expiry must leave every branch and tag valid. As in Java,
 * `snapshot-log` keeps only the entries after the last removed snapshot's entry (spec: "all
 * entries before a snapshot that has expired should be removed"), and statistics of removed
 * snapshots are dropped.
 */
export function withoutSnapshots(
  md: TableMetadata,
  ids: Iterable<bigint>,
  options: MetadataUpdateOptions = {},
): TableMetadata {
  const remove = new Set(ids)
  for (const [name, ref] of Object.entries(md.refs)) {
    if (remove.has(ref['snapshot-id'])) {
      throw new IcebergError(
        'ICEBERG_PRECONDITION_FAILED',
        `cannot remove snapshot ${ref['snapshot-id']}: ref ${name} points at it`,
      )
    }
  }
  const snapshots = md.snapshots.filter((s) => !remove.has(s['snapshot-id']))
  if (snapshots.length === md.snapshots.length) return md
  const log: SnapshotLogEntry[] = []
  for (const entry of md['snapshot-log']) {
    if (remove.has(entry['snapshot-id'])) log.length = 0
    else log.push(entry)
  }
  const keep = (stat: { readonly [key: string]: unknown }) =>
    typeof stat['snapshot-id'] !== 'bigint' || !remove.has(stat['snapshot-id'])
  return {
    ...md,
    'last-updated-ms': options.nowMs ?? Date.now(),
    snapshots,
    'snapshot-log': log,
    statistics: md.statistics.filter(keep),
    'partition-statistics': md['partition-statistics'].filter(keep),
    'metadata-log': metadataLog(md, options),
  }
}

/**
 * Metadata with properties set and removed (removals first). Reserved properties such as
 * `format-version` are refused with `ICEBERG_INVALID_SPEC`.
 */
export function withProperties(
  md: TableMetadata,
  set: Readonly<Record<string, string>>,
  remove: readonly string[] = [],
  options: MetadataUpdateOptions = {},
): TableMetadata {
  checkNotReserved(Object.keys(set))
  const properties: Record<string, string> = { ...md.properties }
  for (const key of remove) delete properties[key]
  Object.assign(properties, set)
  return {
    ...md,
    properties,
    'last-updated-ms': options.nowMs ?? Date.now(),
    'metadata-log': metadataLog(md, options),
  }
}

/**
 * Metadata files that `updated` dropped from `base`'s metadata log: the files a committer
 * deletes when `write.metadata.delete-after-commit.enabled` is true (after the commit succeeded).
 */
export function droppedMetadataFiles(base: TableMetadata, updated: TableMetadata): string[] {
  const kept = new Set(updated['metadata-log'].map((e) => e['metadata-file']))
  return base['metadata-log'].map((e) => e['metadata-file']).filter((f) => !kept.has(f))
}

// Java's TableMetadata.Builder.addPreviousFile: the entry carries the replaced file's
// last-updated-ms; the log keeps the newest max(1, previous-versions-max) entries.
function metadataLog(md: TableMetadata, options: MetadataLogOptions): MetadataLogEntry[] {
  const log = [...md['metadata-log']]
  if (options.previousMetadataLocation === undefined) return log
  log.push({
    'timestamp-ms': md['last-updated-ms'],
    'metadata-file': options.previousMetadataLocation,
  })
  const max = Math.max(
    1,
    options.maxPreviousVersions ??
      intProperty(
        md.properties,
        TABLE_PROPERTIES.metadataPreviousVersionsMax,
        DEFAULT_PREVIOUS_VERSIONS_MAX,
      ),
  )
  return log.slice(Math.max(0, log.length - max))
}
