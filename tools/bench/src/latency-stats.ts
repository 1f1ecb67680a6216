/** Latency of one query on one side, in ms. */
export interface LatencySummary {
  readonly runs: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly minMs: number
  readonly maxMs: number
  readonly meanMs: number
}

/**
 * The nearest-rank `p`-th percentile (0 < p <= 100) of `values`: the smallest value with at least
 * p% of the values at or below it, always one of the values (no interpolation). With 50 values,
 * p50 is the 25th smallest and p99 the largest.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('no values for a percentile')
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`)
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[rank - 1] as number
}

/** p50, p99, min, max and mean of `values` (ms); throws if empty. */
export function summarizeLatency(values: readonly number[]): LatencySummary {
  if (values.length === 0) throw new RangeError('no latencies to summarize')
  let sum = 0
  for (const v of values) sum += v
  return {
    runs: values.length,
    p50Ms: percentile(values, 50),
    p99Ms: percentile(values, 99),
    minMs: Math.min(...values),
    maxMs: Math.max(...values),
    meanMs: sum / values.length,
  }
}
