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
 * - `maxBytes` = `K2_COMMIT_MAX_BYTES` (8 MiB estimated): the bound on a writer's memory. A
 *   Binance trade estimates to about 290 bytes but weighs about 1.7 KiB as a decoded `TradeV2`
 *   (decimal.js values, the vendor_data object, strings), and the Parquet encoder needs the whole
 *   batch as objects; a writer holds about two batches (the one being written and the next, see
 *   `whenRoom`), so 8 MiB means ~29,000 trades a commit and ~100 MB of trades per writer. Above
 *   ~15,000 trades/s per writer this, not the age, sets the size of a commit.
 */
export const COMMIT_POLICY_DEFAULTS: CommitPolicy = Object.freeze({
  maxRows: CONFIG_DEFAULTS.maxRows,
  maxBytes: CONFIG_DEFAULTS.maxBytes,
  maxAgeMs: CONFIG_DEFAULTS.intervalMs,
})

/** The policy of a loaded configuration (`K2_COMMIT_INTERVAL_MS`, `_MAX_ROWS`, `_MAX_BYTES`). */
export function commitPolicyFromConfig(config: Pick<K2Config, 'commit'>): CommitPolicy {
  return validateCommitPolicy({
    maxRows: config.commit.maxRows,
    maxBytes: config.commit.maxBytes,
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
