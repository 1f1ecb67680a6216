import { loadConfig, type K2Config } from '@k2/config'

import { ActorsError } from '../errors.js'

/** When a writer commits its buffer (D6): at N rows, B estimated bytes or T age, whichever first. */
export interface CommitPolicy {
  /** Commit when the buffer holds this many rows. */
  readonly maxRows: number
  /** Commit when the buffer's estimated encoded size (see `estimateTradeBytes`) reaches this. */
  readonly maxBytes: number
  /** Commit when the oldest buffered row was buffered this long ago (ms). */
  readonly maxAgeMs: number
}

/** The `commit` section of K2's configuration as it is with no variable set. */
const CONFIG_DEFAULTS = loadConfig({}).commit

/**
 * Defaults (D6: "a few seconds of freshness without tiny files"):
 * - `maxAgeMs` = `K2_COMMIT_INTERVAL_MS` (2,000): a trade is queryable about 1-2 s after it was
 *   buffered plus the commit time, which keeps freshness p99 well under 5 s, while a writer with
 *   light traffic makes at most one snapshot per 2 s (43,200 a day): compaction merges the small
 *   files and the compactor's snapshot expiry (`K2_SNAPSHOT_RETENTION_MS`, 1 h) bounds the
 *   metadata to about 1,800 snapshots per writer.
 * - `maxRows` = `K2_COMMIT_MAX_ROWS` (200,000): at 100,000 trades/s a writer commits about twice a
 *   second with files of a few MB (compressed), instead of thousands of tiny files; at 10,000
 *   trades/s the age limit decides.
 * - `maxBytes` = 64 MiB estimated: a guard against wide rows (large `vendor_data`) holding too
 *   much memory before the row limit trips; 200,000 typical trades estimate to about 25 MiB.
 */
export const COMMIT_POLICY_DEFAULTS: CommitPolicy = Object.freeze({
  maxRows: CONFIG_DEFAULTS.maxRows,
  maxBytes: 64 * 1024 * 1024,
  maxAgeMs: CONFIG_DEFAULTS.intervalMs,
})

/** The policy of a loaded configuration (`K2_COMMIT_*`), other limits from the defaults. */
export function commitPolicyFromConfig(config: Pick<K2Config, 'commit'>): CommitPolicy {
  return validateCommitPolicy({
    maxRows: config.commit.maxRows,
    maxAgeMs: config.commit.intervalMs,
  })
}

/** Fills in defaults and throws `ACTORS_INVALID_OPTIONS` naming the first unusable limit. */
export function validateCommitPolicy(policy: Partial<CommitPolicy> = {}): CommitPolicy {
  const merged = { ...COMMIT_POLICY_DEFAULTS, ...policy }
  for (const name of ['maxRows', 'maxBytes', 'maxAgeMs'] as const) {
    const v = merged[name]
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw new ActorsError(
        'ACTORS_INVALID_OPTIONS',
        `policy.${name}: ${String(v)} must be a positive integer`,
        { context: { option: `policy.${name}` } },
      )
    }
  }
  return Object.freeze(merged)
}
