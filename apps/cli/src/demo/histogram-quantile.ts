import type { Exposition } from './prometheus-text.js'

/** One cumulative bucket of a Prometheus histogram: observations `<= le`. */
export interface Bucket {
  readonly le: number
  readonly count: number
}

/**
 * The cumulative buckets of histogram `name` (its `name_bucket` series, summed over label sets
 * that match `labels`), sorted by `le`, the `+Inf` bucket last.
 */
export function histogramBuckets(
  exposition: Exposition,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Bucket[] {
  const byLe = new Map<number, number>()
  for (const s of exposition.select(`${name}_bucket`, labels)) {
    const le = s.labels['le'] === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels['le'])
    if (Number.isNaN(le)) continue
    byLe.set(le, (byLe.get(le) ?? 0) + s.value)
  }
  return [...byLe].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le)
}

/**
 * The observations between two scrapes of the same histogram (`later - earlier`, bucket by
 * bucket). Buckets missing from `earlier` count as 0 there; a bucket that went down (the process
 * restarted) makes the whole difference `later`.
 */
export function bucketDelta(later: readonly Bucket[], earlier: readonly Bucket[]): Bucket[] {
  const before = new Map(earlier.map((b) => [b.le, b.count]))
  const delta = later.map((b) => ({ le: b.le, count: b.count - (before.get(b.le) ?? 0) }))
  return delta.some((b) => b.count < 0) ? [...later] : delta
}

/**
 * The `q`-quantile (0..1) of a histogram from its cumulative buckets, the way PromQL's
 * `histogram_quantile` estimates it: find the bucket holding the rank `q * total` and
 * interpolate linearly inside it (the first bucket starts at 0). A rank in the `+Inf` bucket
 * returns the highest finite bound (the estimate cannot go past it). `undefined` when there are
 * no observations or no finite bucket.
 */
export function histogramQuantile(buckets: readonly Bucket[], q: number): number | undefined {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in 0..1 (got ${q})`)
  const sorted = [...buckets].sort((a, b) => a.le - b.le)
  const total = sorted.at(-1)?.count ?? 0
  const finite = sorted.filter((b) => Number.isFinite(b.le))
  if (total <= 0 || finite.length === 0) return undefined
  const rank = q * total
  let lowerBound = 0
  let lowerCount = 0
  for (const bucket of sorted) {
    if (bucket.count >= rank && bucket.count > lowerCount) {
      if (!Number.isFinite(bucket.le)) return (finite.at(-1) as Bucket).le
      const inside = (rank - lowerCount) / (bucket.count - lowerCount)
      return lowerBound + (bucket.le - lowerBound) * inside
    }
    lowerBound = bucket.le
    lowerCount = bucket.count
  }
  return (finite.at(-1) as Bucket).le
}
