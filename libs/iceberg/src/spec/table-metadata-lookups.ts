import { IcebergError } from '../errors.js'
import type { PartitionSpec } from './partition-spec.js'
import type { IcebergSchema } from './schema.js'
import { MAIN_BRANCH, type Snapshot } from './snapshot.js'
import { UNSORTED_ORDER, type SortOrder } from './sort-order.js'
import type { TableMetadata } from './table-metadata.js'

/** The snapshot the `main` branch points at, or undefined for a table without snapshots. */
export function currentSnapshot(md: TableMetadata): Snapshot | undefined {
  const id = md.refs[MAIN_BRANCH]?.['snapshot-id'] ?? md['current-snapshot-id']
  return id === undefined ? undefined : snapshotById(md, id)
}

/** The snapshot with id `id`, or undefined (expired or never existed). */
export function snapshotById(md: TableMetadata, id: bigint): Snapshot | undefined {
  return md.snapshots.find((s) => s['snapshot-id'] === id)
}

/**
 * The snapshot that was the `main` branch's current snapshot at `timestampMs`, from
 * `snapshot-log` (as Java's `SnapshotUtil.snapshotIdAsOfTime`): the last entry at or before that
 * time. Undefined when the time is before the first retained entry or that snapshot has expired.
 */
export function snapshotAsOf(md: TableMetadata, timestampMs: number): Snapshot | undefined {
  let id: bigint | undefined
  for (const entry of md['snapshot-log']) {
    if (entry['timestamp-ms'] <= timestampMs) id = entry['snapshot-id']
  }
  return id === undefined ? undefined : snapshotById(md, id)
}

/**
 * The snapshot with id `fromId` (default: the current one) and its ancestors, newest first,
 * following `parent-snapshot-id` until a snapshot without parent or an expired one.
 */
export function* snapshotAncestry(md: TableMetadata, fromId?: bigint): Generator<Snapshot> {
  let snapshot = fromId === undefined ? currentSnapshot(md) : snapshotById(md, fromId)
  while (snapshot !== undefined) {
    yield snapshot
    const parent = snapshot['parent-snapshot-id']
    snapshot = parent === undefined ? undefined : snapshotById(md, parent)
  }
}

/** The schema with id `id`, or undefined. */
export function schemaById(md: TableMetadata, id: number): IcebergSchema | undefined {
  return md.schemas.find((s) => s['schema-id'] === id)
}

/** The current schema (validated metadata always has it). */
export function currentSchema(md: TableMetadata): IcebergSchema {
  return required(schemaById(md, md['current-schema-id']), 'current schema')
}

/** The partition spec with id `id`, or undefined. */
export function specById(md: TableMetadata, id: number): PartitionSpec | undefined {
  return md['partition-specs'].find((s) => s['spec-id'] === id)
}

/** The default partition spec, used for new data files. */
export function defaultSpec(md: TableMetadata): PartitionSpec {
  return required(specById(md, md['default-spec-id']), 'default partition spec')
}

/** The sort order with id `id`, or undefined (id 0 is always the unsorted order). */
export function sortOrderById(md: TableMetadata, id: number): SortOrder | undefined {
  return (
    md['sort-orders'].find((o) => o['order-id'] === id) ?? (id === 0 ? UNSORTED_ORDER : undefined)
  )
}

/** The default sort order, used to sort new data files. */
export function defaultSortOrder(md: TableMetadata): SortOrder {
  return required(sortOrderById(md, md['default-sort-order-id']), 'default sort order')
}

/** The sequence number the next snapshot gets (spec: "Sequence Numbers"). */
export function nextSequenceNumber(md: TableMetadata): bigint {
  return md['last-sequence-number'] + 1n
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined)
    throw new IcebergError('ICEBERG_INVALID_METADATA', `table has no ${what}`)
  return value
}
