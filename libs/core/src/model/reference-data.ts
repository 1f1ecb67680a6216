import { toMicros, type Micros } from '../time/index.js'
import { ASSET_CLASSES, type AssetClass } from './enums.js'
import {
  ingestionMicros,
  invalidField,
  messageIdFor,
  optionalStringMap,
  requireOneOf,
  requireText,
} from './fields.js'

/** Reference data of one instrument (`schemas/reference_data_v2.avsc`, D2). */
export interface ReferenceDataV2 {
  /** UUID v5 of exchange, symbol and company_id. */
  readonly message_id: string
  /** The vendor's company id; the key of the compacted reference-data topic. */
  readonly company_id: string
  readonly symbol: string
  readonly exchange: string
  readonly asset_class: AssetClass
  readonly company_name: string
  readonly isin: string | null
  readonly currency: string | null
  /** Listing date, µs since the epoch, UTC. */
  readonly listing_date: Micros
  /** Delisting date, µs UTC, or null while listed. */
  readonly delisting_date: Micros | null
  readonly is_active: boolean
  readonly ingestion_timestamp: Micros
  readonly vendor_data: Readonly<Record<string, string>> | null
}

/** What a source adapter supplies to build a {@link ReferenceDataV2}. */
export interface ReferenceDataInput {
  readonly message_id?: string
  readonly company_id: string
  readonly symbol: string
  readonly exchange: string
  readonly asset_class: AssetClass
  readonly company_name: string
  readonly isin?: string | null
  readonly currency?: string | null
  readonly listing_date: number | bigint | string | Date
  readonly delisting_date?: number | bigint | string | Date | null
  readonly is_active?: boolean
  readonly ingestion_timestamp?: number | bigint | string | Date
  readonly vendor_data?: Readonly<Record<string, string>> | null
}

/** Builds a validated, frozen {@link ReferenceDataV2}; throws a `CoreError` naming the field. */
export function createReferenceData(input: ReferenceDataInput): ReferenceDataV2 {
  const exchange = requireText('exchange', input.exchange).toUpperCase()
  const symbol = requireText('symbol', input.symbol)
  const companyId = requireText('company_id', input.company_id)
  if (input.is_active !== undefined && typeof input.is_active !== 'boolean') {
    throw invalidField('is_active', input.is_active, 'must be a boolean')
  }
  return Object.freeze({
    message_id: messageIdFor(input.message_id, exchange, symbol, companyId),
    company_id: companyId,
    symbol,
    exchange,
    asset_class: requireOneOf('asset_class', input.asset_class, ASSET_CLASSES),
    company_name: requireText('company_name', input.company_name),
    isin: input.isin == null ? null : requireText('isin', input.isin),
    currency: input.currency == null ? null : requireText('currency', input.currency),
    listing_date: toMicros('listing_date', input.listing_date),
    delisting_date:
      input.delisting_date == null ? null : toMicros('delisting_date', input.delisting_date),
    is_active: input.is_active ?? true,
    ingestion_timestamp: ingestionMicros(input.ingestion_timestamp),
    vendor_data: optionalStringMap('vendor_data', input.vendor_data),
  })
}
