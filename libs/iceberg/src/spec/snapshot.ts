import { randomBytes } from 'node:crypto'

import type { JsonObject } from './json.js'
import { JsonReader } from './json-reader.js'

/** The `operation` of a snapshot summary (spec: "Snapshots"). */
export type SnapshotOperation = 'append' | 'replace' | 'overwrite' | 'delete'

/**
 * A snapshot summary: the operation plus string properties: the standard counters of appendix F
 * (`added-records`, `total-records`, ...) and writer-specific keys such as K2's
 * `k2.kafka.offsets` (D6).
 */
export interface SnapshotSummary {
  readonly operation: SnapshotOperation
  readonly [key: string]: string
}

/** A snapshot (spec: "Snapshots", format v2). */
export interface Snapshot {
  /** Unique 64-bit id (random, positive; see {@link newSnapshotId}). */
  readonly 'snapshot-id': bigint
  /** Id of the snapshot this one was committed on top of; absent for the first. */
  readonly 'parent-snapshot-id'?: bigint
  /** Monotonically increasing commit order, inherited by the snapshot's new manifests and files. */
  readonly 'sequence-number': bigint
  /** Creation time, ms since the epoch. */
  readonly 'timestamp-ms': number
  /** Location of the snapshot's manifest list. */
  readonly 'manifest-list': string
  readonly summary: SnapshotSummary
  /** Current schema id when the snapshot was created. */
  readonly 'schema-id'?: number
}

/** Kind of a snapshot reference. */
export type SnapshotRefType = 'branch' | 'tag'

/** A named reference to a snapshot (spec: "Snapshot References"). */
export interface SnapshotRef {
  readonly 'snapshot-id': bigint
  readonly type: SnapshotRefType
  /** Branches only: snapshots to keep on expiry. */
  readonly 'min-snapshots-to-keep'?: number
  /** Branches only: max age of snapshots kept on expiry. */
  readonly 'max-snapshot-age-ms'?: number
  /** Max age of the reference itself (never for main). */
  readonly 'max-ref-age-ms'?: number
}

/** The branch that is the table's current state (spec: "Snapshot References"). */
export const MAIN_BRANCH = 'main'

const OPERATIONS: ReadonlySet<string> = new Set(['append', 'replace', 'overwrite', 'delete'])
const CODE = 'ICEBERG_INVALID_METADATA'
const LONG_MASK = (1n << 63n) - 1n

/**
 * A fresh snapshot id: 63 random bits (positive, like Java's `(uuid.msb ^ uuid.lsb) & MAX_VALUE`
 * and pyiceberg's UUID-derived ids), never 0, and never one `isTaken` reports as in use.
 * Ids this large do not fit a JS number: they are bigints everywhere.
 */
export function newSnapshotId(isTaken: (id: bigint) => boolean = () => false): bigint {
  for (;;) {
    const id = randomBytes(8).readBigUInt64BE(0) & LONG_MASK
    if (id !== 0n && !isTaken(id)) return id
  }
}

/**
 * Reads a snapshot from table metadata JSON. A summary without `operation` is read as
 * `overwrite`, as pyiceberg does: the most conservative reading of an unknown change.
 */
export function parseSnapshot(json: unknown, path = '$'): Snapshot {
  const r = JsonReader.of(json, path, CODE)
  const parent = r.optLong('parent-snapshot-id')
  const schemaId = r.optInt('schema-id')
  return {
    'snapshot-id': r.long('snapshot-id'),
    ...(parent !== undefined ? { 'parent-snapshot-id': parent } : {}),
    'sequence-number': r.long('sequence-number'),
    'timestamp-ms': r.safeInteger('timestamp-ms'),
    'manifest-list': r.string('manifest-list'),
    summary: parseSummary(r),
    ...(schemaId !== undefined ? { 'schema-id': schemaId } : {}),
  }
}

/** The JSON form of a snapshot, members in Java's order. */
export function serializeSnapshot(snapshot: Snapshot): JsonObject {
  const { operation, ...props } = snapshot.summary
  return {
    'sequence-number': snapshot['sequence-number'],
    'snapshot-id': snapshot['snapshot-id'],
    'parent-snapshot-id': snapshot['parent-snapshot-id'],
    'timestamp-ms': snapshot['timestamp-ms'],
    summary: { operation, ...props },
    'manifest-list': snapshot['manifest-list'],
    'schema-id': snapshot['schema-id'],
  }
}

/** Reads a snapshot reference; retention settings are checked as in pyiceberg (tags have none). */
export function parseSnapshotRef(json: unknown, path = '$'): SnapshotRef {
  const r = JsonReader.of(json, path, CODE)
  const type = r.string('type')
  if (type !== 'branch' && type !== 'tag') throw r.fail('type', 'must be "branch" or "tag"')
  const minKeep = r.optInt('min-snapshots-to-keep')
  const maxSnapshotAge = r.has('max-snapshot-age-ms')
    ? r.safeInteger('max-snapshot-age-ms')
    : undefined
  const maxRefAge = r.has('max-ref-age-ms') ? r.safeInteger('max-ref-age-ms') : undefined
  for (const [key, v] of [
    ['min-snapshots-to-keep', minKeep],
    ['max-snapshot-age-ms', maxSnapshotAge],
    ['max-ref-age-ms', maxRefAge],
  ] as const) {
    if (v !== undefined && v <= 0) throw r.fail(key, 'must be positive')
  }
  if (type === 'tag' && (minKeep !== undefined || maxSnapshotAge !== undefined)) {
    throw r.fail('type', 'a tag cannot have min-snapshots-to-keep or max-snapshot-age-ms')
  }
  return {
    'snapshot-id': r.long('snapshot-id'),
    type,
    ...(minKeep !== undefined ? { 'min-snapshots-to-keep': minKeep } : {}),
    ...(maxSnapshotAge !== undefined ? { 'max-snapshot-age-ms': maxSnapshotAge } : {}),
    ...(maxRefAge !== undefined ? { 'max-ref-age-ms': maxRefAge } : {}),
  }
}

/** The JSON form of a snapshot reference. */
export function serializeSnapshotRef(ref: SnapshotRef): JsonObject {
  return {
    'snapshot-id': ref['snapshot-id'],
    type: ref.type,
    'min-snapshots-to-keep': ref['min-snapshots-to-keep'],
    'max-snapshot-age-ms': ref['max-snapshot-age-ms'],
    'max-ref-age-ms': ref['max-ref-age-ms'],
  }
}

function parseSummary(r: JsonReader): SnapshotSummary {
  const props = r.stringMap('summary')
  const operation = props['operation'] ?? 'overwrite'
  if (!OPERATIONS.has(operation)) {
    throw r.fail('summary.operation', `${JSON.stringify(operation)} is not a snapshot operation`)
  }
  return { ...props, operation: operation as SnapshotOperation }
}
