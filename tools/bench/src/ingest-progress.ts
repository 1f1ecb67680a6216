import type { TableMetadata } from '@k2/iceberg'

/** One point of "committed rows over time". */
export interface CommitPoint {
  /** Wall-clock time, ms since the epoch (a snapshot's `timestamp-ms`, or when a poll saw it). */
  readonly atMs: number
  /** `total-records` of the table at that time. */
  readonly rows: number
}

/** Sustained throughput over the steady part of a run. */
export interface SteadyThroughput {
  /** Committed rows per second between the two commits below. */
  readonly rowsPerSecond: number
  /** The first commit at or above `fromFraction` of the total, and the first at or above `to`. */
  readonly from: CommitPoint
  readonly to: CommitPoint
}

/**
 * The table's append commits in time order, from its snapshot log: each snapshot's `timestamp-ms`
 * and `total-records` (spec: appendix F). Compaction (`replace`) leaves the count as it is, so
 * only `append` snapshots are points.
 */
export function commitPoints(metadata: TableMetadata): CommitPoint[] {
  return metadata.snapshots
    .filter((s) => s.summary.operation === 'append')
    .map((s) => ({ atMs: s['timestamp-ms'], rows: Number(s.summary['total-records'] ?? 0) }))
    .sort((a, b) => a.atMs - b.atMs || a.rows - b.rows)
}

/**
 * Rows/s between the first commit that reached `fromFraction` of `total` and the first that
 * reached `toFraction` (defaults 10% and 90%: start-up and the drain of the last batches are
 * left out). Commits are steps, so the rate is measured from commit to commit, not interpolated;
 * undefined when the two are the same commit (too few commits for a steady part).
 */
export function steadyThroughput(
  points: readonly CommitPoint[],
  total: number,
  fromFraction = 0.1,
  toFraction = 0.9,
): SteadyThroughput | undefined {
  const from = points.find((p) => p.rows >= total * fromFraction)
  const to = points.find((p) => p.rows >= total * toFraction)
  if (from === undefined || to === undefined || to.atMs <= from.atMs) return undefined
  return { rowsPerSecond: ((to.rows - from.rows) * 1000) / (to.atMs - from.atMs), from, to }
}
