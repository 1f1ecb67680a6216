import { createTrade, EXCHANGES, type TradeV2 } from '@k2/core'

import { reasonOf, reject, type Conversion } from '../row-result.js'
import { asxLocalToMicros } from '../time/index.js'

/** The columns of `trades/<company_id>.csv` (headerless, data README and D9). */
export const ASX_TRADE_COLUMNS = [
  'date',
  'time',
  'price',
  'volume',
  'qualifiers',
  'venue',
  'buyer_id',
] as const

/** What every row of one vendor file shares. */
export interface AsxFileContext {
  readonly companyId: string
  readonly symbol: string
  /** Platform receipt time, µs UTC (one per load batch, so a batch shares it); default now. */
  readonly ingestionTimestamp?: number
}

const INTEGER = /^\d+$/

/**
 * One ASX trade row -> TradeV2 (D9): Sydney time -> UTC µs; trade_id
 * `ASX-{company_id}-{YYYYMMDD}-{row}` (local date, 1-based row of the file: unique even when
 * several trades share a millisecond); currency AUD; side UNKNOWN (the vendor gives no aggressor);
 * trade_conditions [qualifiers]; source_sequence = row; vendor_data {company_id, qualifiers,
 * venue, buyer_id when present}. Price must be positive, volume a positive whole number.
 */
export function convertAsxTrade(
  fields: readonly string[],
  row: number,
  file: AsxFileContext,
): Conversion<TradeV2> {
  if (fields.length !== ASX_TRADE_COLUMNS.length) {
    return reject(`expected ${ASX_TRADE_COLUMNS.length} fields, got ${fields.length}`)
  }
  const [date, time, price, volume, qualifiers, venue, buyerId] = fields.map((f) => f.trim()) as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ]
  const when = asxLocalToMicros(date, time)
  if ('reason' in when) return reject(when.reason)
  if (!INTEGER.test(volume) || /^0+$/.test(volume)) {
    return reject(`volume: ${JSON.stringify(volume)} must be a positive whole number of shares`)
  }
  if (!INTEGER.test(qualifiers)) {
    return reject(`qualifiers: ${JSON.stringify(qualifiers)} must be an integer condition code`)
  }
  try {
    const trade = createTrade({
      trade_id: `ASX-${file.companyId}-${when.yyyymmdd}-${row}`,
      symbol: file.symbol,
      exchange: EXCHANGES.ASX,
      asset_class: 'equities',
      timestamp: when.micros,
      price,
      quantity: volume,
      currency: 'AUD',
      side: 'UNKNOWN',
      trade_conditions: [qualifiers],
      source_sequence: row,
      ...(file.ingestionTimestamp === undefined
        ? {}
        : { ingestion_timestamp: file.ingestionTimestamp }),
      vendor_data: {
        company_id: file.companyId,
        qualifiers,
        venue,
        ...(buyerId === '' ? {} : { buyer_id: buyerId }),
      },
    })
    if (trade.price.isZero()) return reject(`price: ${JSON.stringify(price)} must be positive`)
    return { ok: true, value: trade }
  } catch (error) {
    return reject(reasonOf(error))
  }
}
