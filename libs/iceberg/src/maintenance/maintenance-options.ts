import type { RetryOptions } from '@k2/core'

import { IcebergError } from '../errors.js'

// Options of table maintenance (STYLE.md habit 7: typed options, their DEFAULTS, and a validate
// that names the bad option): compaction (`compactTable`) and snapshot expiry (`expireSnapshots`).

/** Target file size when the table sets no `write.target-file-size-bytes`: 128 MiB (D4). */
export const DEFAULT_TARGET_FILE_SIZE_BYTES = 128 * 1024 * 1024

/** Options of compaction. */
export interface CompactionOptions {
  /**
   * Size of the files compaction writes and the capacity of one group of small files; undefined
   * takes the table property `write.target-file-size-bytes`, else
   * {@link DEFAULT_TARGET_FILE_SIZE_BYTES}.
   */
  readonly targetFileSizeBytes: number | undefined
  /** Files smaller than this fraction of the target are compacted; larger ones stay. */
  readonly smallFileRatio: number
  /** A group is rewritten only when it has at least this many files (one file alone stays). */
  readonly minInputFiles: number
  /** At most this many groups per run, the ones with the most files first. */
  readonly maxGroups: number
  /** Only partitions whose path (`timestamp_day=2025-06-01`) passes; all when undefined. */
  readonly partitionFilter: ((partitionPath: string) => boolean) | undefined
  /** Conflict retry of the `replace` commit (defaults: `COMMIT_RETRY_DEFAULTS`). */
  readonly retry: Partial<RetryOptions> | undefined
}

/** Defaults of {@link CompactionOptions}: files under 75% of the target, groups of 2 or more. */
export const COMPACTION_DEFAULTS: CompactionOptions = Object.freeze({
  targetFileSizeBytes: undefined,
  smallFileRatio: 0.75,
  minInputFiles: 2,
  maxGroups: Number.POSITIVE_INFINITY,
  partitionFilter: undefined,
  retry: undefined,
})

/** Fills in defaults and checks every option (`ICEBERG_INVALID_ARGUMENT` naming the bad one). */
export function validateCompactionOptions(
  options: Partial<CompactionOptions> = {},
): CompactionOptions {
  const merged: CompactionOptions = { ...COMPACTION_DEFAULTS, ...definedOnly(options) }
  const target = merged.targetFileSizeBytes
  if (target !== undefined && !isIntAtLeast(target, 1)) {
    throw bad('compaction', 'targetFileSizeBytes', target, 'a positive integer')
  }
  const ratio = merged.smallFileRatio
  if (typeof ratio !== 'number' || !(ratio > 0 && ratio <= 1)) {
    throw bad('compaction', 'smallFileRatio', ratio, 'a number in (0, 1]')
  }
  if (!isIntAtLeast(merged.minInputFiles, 1)) {
    throw bad('compaction', 'minInputFiles', merged.minInputFiles, 'an integer of at least 1')
  }
  const groups = merged.maxGroups
  if (groups !== Number.POSITIVE_INFINITY && !isIntAtLeast(groups, 1)) {
    throw bad('compaction', 'maxGroups', groups, 'a positive integer or Infinity')
  }
  if (merged.partitionFilter !== undefined && typeof merged.partitionFilter !== 'function') {
    throw bad('compaction', 'partitionFilter', typeof merged.partitionFilter, 'a function')
  }
  return Object.freeze(merged)
}

/** Options of snapshot expiry. */
export interface ExpireOptions {
  /** Snapshots created before this time (ms since the epoch) may be expired. */
  readonly olderThanMs: number
  /** Always keep at least this many of the newest snapshots (default 1). */
  readonly retainLast?: number
}

/** Defaults of {@link ExpireOptions}: keep the newest snapshot. */
export const EXPIRY_DEFAULTS = Object.freeze({ retainLast: 1 })

/** Fills in defaults and checks every option (`ICEBERG_INVALID_ARGUMENT` naming the bad one). */
export function validateExpireOptions(options: ExpireOptions): Required<ExpireOptions> {
  const merged = { ...EXPIRY_DEFAULTS, ...definedOnly(options) } as Required<ExpireOptions>
  if (typeof merged.olderThanMs !== 'number' || !Number.isFinite(merged.olderThanMs)) {
    throw bad('expiry', 'olderThanMs', merged.olderThanMs, 'a time in ms since the epoch')
  }
  if (!isIntAtLeast(merged.retainLast, 1)) {
    throw bad('expiry', 'retainLast', merged.retainLast, 'an integer of at least 1')
  }
  return Object.freeze(merged)
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as Partial<T>
}

function isIntAtLeast(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min
}

function bad(scope: string, option: string, value: unknown, expected: string): IcebergError {
  return new IcebergError(
    'ICEBERG_INVALID_ARGUMENT',
    `${scope} option ${option} must be ${expected}, got ${String(value)}`,
    { context: { option } },
  )
}
