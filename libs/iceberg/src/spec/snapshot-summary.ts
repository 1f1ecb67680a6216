import { IcebergError } from '../errors.js'
import type { SnapshotOperation, SnapshotSummary } from './snapshot.js'

/** The standard snapshot summary keys K2 writes (spec appendix F, "Optional Snapshot Summary Fields"). */
export const SUMMARY_KEYS = Object.freeze({
  addedDataFiles: 'added-data-files',
  deletedDataFiles: 'deleted-data-files',
  addedRecords: 'added-records',
  deletedRecords: 'deleted-records',
  addedFilesSize: 'added-files-size',
  removedFilesSize: 'removed-files-size',
  changedPartitionCount: 'changed-partition-count',
  totalRecords: 'total-records',
  totalDataFiles: 'total-data-files',
  totalDeleteFiles: 'total-delete-files',
  totalFilesSize: 'total-files-size',
  totalPositionDeletes: 'total-position-deletes',
  totalEqualityDeletes: 'total-equality-deletes',
} as const)

/** A count in a summary: a number (safe integer) or a bigint. */
export type SummaryCount = number | bigint

/** What a commit did, for {@link summarize}. Counts default to 0. */
export interface SummaryInput {
  readonly operation: SnapshotOperation
  readonly addedDataFiles?: SummaryCount
  readonly deletedDataFiles?: SummaryCount
  readonly addedRecords?: SummaryCount
  readonly deletedRecords?: SummaryCount
  readonly addedFilesSize?: SummaryCount
  readonly removedFilesSize?: SummaryCount
  /** Partitions touched by the commit. */
  readonly changedPartitionCount?: SummaryCount
  /** The parent snapshot's summary; undefined when the snapshot has no parent (totals from 0). */
  readonly previousSummary?: SnapshotSummary
  /** Writer-specific properties, e.g. K2's `k2.kafka.offsets` (D6); must not reuse standard keys. */
  readonly extra?: Readonly<Record<string, string>>
}

// [total key, added key, removed key]: totals follow Java's SnapshotProducer/pyiceberg's
// update_snapshot_summaries. K2 writes no delete files, so the delete totals carry over unchanged.
const TOTALS = [
  [SUMMARY_KEYS.totalDataFiles, 'addedDataFiles', 'deletedDataFiles'],
  [SUMMARY_KEYS.totalRecords, 'addedRecords', 'deletedRecords'],
  [SUMMARY_KEYS.totalFilesSize, 'addedFilesSize', 'removedFilesSize'],
  [SUMMARY_KEYS.totalDeleteFiles, undefined, undefined],
  [SUMMARY_KEYS.totalPositionDeletes, undefined, undefined],
  [SUMMARY_KEYS.totalEqualityDeletes, undefined, undefined],
] as const

const COUNTERS = [
  'addedDataFiles',
  'deletedDataFiles',
  'addedRecords',
  'deletedRecords',
  'addedFilesSize',
  'removedFilesSize',
  'changedPartitionCount',
] as const

/**
 * A snapshot summary with the standard counters as Java and pyiceberg write them: the
 * `added-*`/`deleted-*`/`removed-*` counters and `changed-partition-count` only when positive,
 * and the `total-*` values as the parent's totals plus additions minus removals (from 0 for the
 * first snapshot). A total is left out when the parent's summary lacks it or is not an integer,
 * or when the result would be negative: an unknown total is better than a wrong one. All values
 * are decimal strings; `extra` keys are added as given.
 */
export function summarize(input: SummaryInput): SnapshotSummary {
  const summary: Record<string, string> = { operation: input.operation }
  for (const key of COUNTERS) {
    const n = count(input, key)
    if (n > 0n) summary[SUMMARY_KEYS[key]] = n.toString()
  }
  for (const [totalKey, addedKey, removedKey] of TOTALS) {
    const previous = input.previousSummary === undefined ? '0' : input.previousSummary[totalKey]
    if (previous === undefined || !/^\d+$/.test(previous)) continue
    const total =
      BigInt(previous) +
      (addedKey === undefined ? 0n : count(input, addedKey)) -
      (removedKey === undefined ? 0n : count(input, removedKey))
    if (total >= 0n) summary[totalKey] = total.toString()
  }
  for (const [key, value] of Object.entries(input.extra ?? {})) {
    if (key === 'operation' || (Object.values(SUMMARY_KEYS) as string[]).includes(key)) {
      throw new IcebergError('ICEBERG_INVALID_SPEC', `summary key ${key} is reserved`)
    }
    summary[key] = value
  }
  return summary as SnapshotSummary
}

function count(input: SummaryInput, key: (typeof COUNTERS)[number]): bigint {
  const v = input[key] ?? 0
  if (typeof v === 'number' && !Number.isSafeInteger(v)) {
    throw new IcebergError('ICEBERG_INVALID_VALUE', `${key} must be an integer, got ${v}`)
  }
  const n = BigInt(v)
  if (n < 0n) throw new IcebergError('ICEBERG_INVALID_VALUE', `${key} must not be negative`)
  return n
}
