/** Median and range of a measurement over runs. */
export interface Stat {
  readonly median: number
  readonly min: number
  readonly max: number
}

/** The {@link Stat} of `values` (the mean of the middle two for an even count); throws if empty. */
export function summarize(values: readonly number[]): Stat {
  if (values.length === 0) throw new RangeError('no values to summarize')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number }
}
