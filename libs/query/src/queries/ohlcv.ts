import type { JsonRow } from '../engine/duckdb-pool.js'
import { divideDecimals, trimDecimal } from '../decimal-text.js'
import { decimalOrNull, integer, text } from './rows.js'

/**
 * Open, high, low, close, volume and the rest over a set of trades (a day or a bar). Decimals are
 * exact strings; OHLC and VWAP are null only when there is no trade; volumes and counts are 0 then.
 */
export interface Ohlcv {
  readonly open: string | null
  readonly high: string | null
  readonly low: string | null
  readonly close: string | null
  /** Sum of quantities. */
  readonly volume: string
  readonly trade_count: number
  /**
   * sum(price * quantity) / sum(quantity), computed exactly and rounded half-to-even to 18
   * fractional digits, trailing zeros dropped (e.g. `36.71052631578947368`).
   */
  readonly vwap: string | null
  /** Volume of trades whose aggressor bought. */
  readonly buy_volume: string
  /** Volume of trades whose aggressor sold (SELL and SELL_SHORT). */
  readonly sell_volume: string
}

/** An {@link Ohlcv} from a row of `TRADE_AGGREGATES_SQL` (missing row values: no trades). */
export function toOhlcv(row: JsonRow | undefined): Ohlcv {
  const volume = trimDecimal(text(row?.['volume'] ?? '0'))
  const count = integer(row?.['trade_count']) ?? 0
  return {
    open: decimalOrNull(row?.['open']),
    high: decimalOrNull(row?.['high']),
    low: decimalOrNull(row?.['low']),
    close: decimalOrNull(row?.['close']),
    volume,
    trade_count: count,
    vwap: count === 0 ? null : divideDecimals(text(row?.['notional'] ?? '0'), volume),
    buy_volume: trimDecimal(text(row?.['buy_volume'] ?? '0')),
    sell_volume: trimDecimal(text(row?.['sell_volume'] ?? '0')),
  }
}
