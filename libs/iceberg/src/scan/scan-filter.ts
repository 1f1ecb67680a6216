import type { SingleValue } from '../spec/single-value.js'

/**
 * The filters the read path can prune with (D4: "prune by partition values and column bounds for
 * the query's symbol/time filters"). Columns are top-level columns by name; every condition must
 * hold (AND). Pruning is conservative: a file is skipped only when its metadata proves no row can
 * match, so the query engine still applies the same filter to the rows it reads.
 */
export interface ScanFilter {
  /** Column -> the values it may take (`symbol IN ('BTCUSDT', 'ETHUSDT')`). */
  readonly in?: Readonly<Record<string, readonly SingleValue[]>>
  /** Column -> a range: `min <= column` and `column < max` (or `<= max` when `maxInclusive`). */
  readonly range?: Readonly<
    Record<
      string,
      { readonly min?: SingleValue; readonly max?: SingleValue; readonly maxInclusive?: boolean }
    >
  >
}
