/**
 * The aggregates of a summary or a bar over trade rows, all as text so every decimal stays exact
 * (DuckDB: DECIMAL(18,8) sums are DECIMAL(38,8); p*q is DECIMAL(36,16) and its sum DECIMAL(38,16)).
 * open/close are the first/last trade in (timestamp, source_sequence, trade_id) order (D7: "ties
 * in time ordered by source_sequence"); empty buy/sell sums are 0, never null (a pitfall of the
 * old API). VWAP is not divided here: DuckDB divides DECIMALs as DOUBLEs, so the exact sums go to
 * `divideDecimals`.
 */
export const TRADE_AGGREGATES_SQL = [
  'count(*)::VARCHAR AS trade_count',
  'first(price ORDER BY "timestamp", source_sequence, trade_id)::VARCHAR AS open',
  'max(price)::VARCHAR AS high',
  'min(price)::VARCHAR AS low',
  'last(price ORDER BY "timestamp", source_sequence, trade_id)::VARCHAR AS close',
  'coalesce(sum(quantity), 0)::VARCHAR AS volume',
  'coalesce(sum(CAST(price AS DECIMAL(38, 8)) * CAST(quantity AS DECIMAL(38, 8))), 0)::VARCHAR AS notional',
  "coalesce(sum(quantity) FILTER (WHERE side = 'BUY'), 0)::VARCHAR AS buy_volume",
  "coalesce(sum(quantity) FILTER (WHERE side IN ('SELL', 'SELL_SHORT')), 0)::VARCHAR AS sell_volume",
].join(', ')
