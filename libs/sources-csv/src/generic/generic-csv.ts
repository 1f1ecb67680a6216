import {
  createQuote,
  createTrade,
  TRADE_SIDES,
  type AssetClass,
  type QuoteV2,
  type TradeSide,
  type TradeV2,
} from '@k2/core'

import { csvRecords } from '../csv/index.js'
import { SourcesCsvError } from '../errors.js'
import { reasonOf, reject, type Conversion, type RowResult } from '../row-result.js'

/**
 * The header-based CSV formats of the old loader (D9). Columns are found by name in any order;
 * extra columns go to `vendor_data`. Trades need `symbol, exchange_timestamp, price, quantity`;
 * quotes need `symbol, exchange_timestamp, bid_price, bid_quantity, ask_price, ask_quantity`.
 * Optional everywhere: `exchange`, `asset_class`, `currency` (else the defaults given),
 * `sequence_number` (-> source_sequence); trades also `side` (buy/sell/sell_short/unknown, any
 * case; default UNKNOWN) and `trade_id`; quotes `quote_id`. Without an id column the id is
 * `{EXCHANGE}-{symbol}-{sequence_number}` when there is a sequence number, else the row is
 * rejected: the old `{exchange}-{timestamp_ms}` default collided (D2).
 * `exchange_timestamp`: ISO-8601 (naive = UTC) or an integer (ms, or µs above 10^15).
 */
export const GENERIC_TRADE_COLUMNS = [
  'symbol',
  'exchange_timestamp',
  'price',
  'quantity',
  'side',
  'sequence_number',
  'trade_id',
] as const

/** Required and known columns of the generic quote format. */
export const GENERIC_QUOTE_COLUMNS = [
  'symbol',
  'exchange_timestamp',
  'bid_price',
  'bid_quantity',
  'ask_price',
  'ask_quantity',
  'sequence_number',
  'quote_id',
] as const

const REQUIRED = {
  trades: ['symbol', 'exchange_timestamp', 'price', 'quantity'],
  quotes: [
    'symbol',
    'exchange_timestamp',
    'bid_price',
    'bid_quantity',
    'ask_price',
    'ask_quantity',
  ],
} as const

const KNOWN = new Set<string>([
  ...GENERIC_TRADE_COLUMNS,
  ...GENERIC_QUOTE_COLUMNS,
  'exchange',
  'asset_class',
  'currency',
])

/** Values for columns a file does not have. */
export interface GenericDefaults {
  readonly exchange: string
  readonly assetClass: AssetClass
  readonly currency: string
  /** Platform receipt time, µs UTC; default now per row. */
  readonly ingestionTimestamp?: () => number
}

type Row = Readonly<Record<string, string>>

/** Streams a generic trades or quotes CSV (header row first) as one result per data row. */
export async function* readGenericCsv<K extends 'trades' | 'quotes'>(
  file: string,
  lines: AsyncIterable<string> | Iterable<string>,
  kind: K,
  defaults: GenericDefaults,
): AsyncGenerator<RowResult<K extends 'trades' ? TradeV2 : QuoteV2>> {
  let header: string[] | undefined
  for await (const record of csvRecords(lines)) {
    if (header === undefined) {
      header = (record.fields ?? []).map((h) => h.trim().toLowerCase())
      const missing = REQUIRED[kind].filter((c) => !header?.includes(c))
      if (missing.length > 0) {
        throw new SourcesCsvError(
          'SOURCES_CSV_INVALID_FILE',
          `${file}: the ${kind} header lacks ${missing.join(', ')}`,
          { context: { file } },
        )
      }
      continue
    }
    const row = record.record - 1
    let result: Conversion<TradeV2 | QuoteV2>
    if (record.fields === null) result = reject(record.error ?? 'malformed CSV')
    else if (record.fields.length !== header.length) {
      result = reject(`expected ${header.length} fields, got ${record.fields.length}`)
    } else {
      const values: Record<string, string> = {}
      header.forEach((h, i) => (values[h] = (record.fields as string[])[i]!.trim()))
      result = kind === 'trades' ? genericTrade(values, defaults) : genericQuote(values, defaults)
    }
    yield (
      result.ok
        ? { ok: true, file, row, value: result.value, raw: record.raw }
        : { ok: false, file, row, reason: result.reason, raw: record.raw }
    ) as RowResult<K extends 'trades' ? TradeV2 : QuoteV2>
  }
}

function common(values: Row, defaults: GenericDefaults, idColumn: 'trade_id' | 'quote_id') {
  const exchange = (values['exchange'] || defaults.exchange).toUpperCase()
  const sequence = values['sequence_number'] ?? ''
  if (sequence !== '' && !/^\d+$/.test(sequence)) {
    return reject(`sequence_number: ${JSON.stringify(sequence)} must be a whole number`)
  }
  const id =
    values[idColumn] || (sequence === '' ? '' : `${exchange}-${values['symbol']}-${sequence}`)
  if (id === '') return reject(`${idColumn}: missing, and no sequence_number to derive it from`)
  const ts = values['exchange_timestamp'] ?? ''
  const vendor: Record<string, string> = {}
  for (const [k, v] of Object.entries(values)) if (!KNOWN.has(k) && v !== '') vendor[k] = v
  const ingestion = defaults.ingestionTimestamp?.()
  return {
    ok: true as const,
    base: {
      symbol: values['symbol'] ?? '',
      exchange,
      asset_class: (values['asset_class'] || defaults.assetClass) as AssetClass,
      timestamp: /^-?\d+$/.test(ts) ? Number(ts) : ts,
      currency: values['currency'] || defaults.currency,
      source_sequence: sequence === '' ? null : Number(sequence),
      ...(ingestion === undefined ? {} : { ingestion_timestamp: ingestion }),
      vendor_data: Object.keys(vendor).length === 0 ? null : vendor,
    },
    id,
  }
}

function genericTrade(values: Row, defaults: GenericDefaults): Conversion<TradeV2> {
  const c = common(values, defaults, 'trade_id')
  if (!c.ok) return c
  const sideText = (values['side'] ?? '').toUpperCase()
  const side = sideText === '' ? 'UNKNOWN' : sideText
  if (!(TRADE_SIDES as readonly string[]).includes(side)) {
    return reject(
      `side: ${JSON.stringify(values['side'])} must be one of ${TRADE_SIDES.join(', ')}`,
    )
  }
  try {
    return {
      ok: true,
      value: createTrade({
        ...c.base,
        trade_id: c.id,
        price: values['price'] ?? '',
        quantity: values['quantity'] ?? '',
        side: side as TradeSide,
      }),
    }
  } catch (error) {
    return reject(reasonOf(error))
  }
}

function genericQuote(values: Row, defaults: GenericDefaults): Conversion<QuoteV2> {
  const c = common(values, defaults, 'quote_id')
  if (!c.ok) return c
  try {
    return {
      ok: true,
      value: createQuote({
        ...c.base,
        quote_id: c.id,
        bid_price: values['bid_price'] ?? '',
        bid_quantity: values['bid_quantity'] ?? '',
        ask_price: values['ask_price'] ?? '',
        ask_quantity: values['ask_quantity'] ?? '',
      }),
    }
  } catch (error) {
    return reject(reasonOf(error))
  }
}
