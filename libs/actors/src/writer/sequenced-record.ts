/**
 * What the writers need of a market record to place it in its stream (D6): trades and quotes
 * alike carry the exchange, the symbol and the source's sequence (`source_sequence`; ASX rows:
 * the row number, Binance: the trade id), and the platform receipt time.
 */
export interface SequencedRecord {
  readonly exchange: string
  readonly symbol: string
  readonly source_sequence: number | null
  /** Platform receipt time, µs since the epoch (freshness metrics). */
  readonly ingestion_timestamp: number
}
