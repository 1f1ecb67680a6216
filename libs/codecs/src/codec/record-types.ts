import type { DataType, QuoteV2, ReferenceDataV2, TradeV2 } from '@k2/core'

/** The v2 record of each data type (D2). */
export interface RecordOf {
  trades: TradeV2
  quotes: QuoteV2
  reference_data: ReferenceDataV2
}

/** A v2 record of data type `D`. */
export type RecordFor<D extends DataType> = RecordOf[D]
