import { createReferenceData, EXCHANGES, type ReferenceDataV2 } from '@k2/core'

import { csvRecords } from '../csv/index.js'
import { SourcesCsvError } from '../errors.js'
import { reasonOf, type RowResult } from '../row-result.js'
import { asxLocalToMicros } from '../time/index.js'

/** One company of `reference/company_info.csv`. */
export interface AsxCompany {
  readonly companyId: string
  readonly symbol: string
  readonly name: string
  readonly isin: string | null
  /** `start_date` as given, `MM/DD/YYYY`. */
  readonly startDate: string
  /** `end_date` as given: the end of the vendor's coverage (every company of the sample ends 03/31/2014). */
  readonly endDate: string | null
}

/** The header of `company_info.csv`. */
export const COMPANY_INFO_HEADER = [
  'company_id',
  'symbol',
  'company_name',
  'ISIN',
  'start_date',
  'end_date',
] as const

/**
 * Reads `company_info.csv` (with header) into companies and their ReferenceDataV2 records, one
 * result per data row. `start_date` becomes `listing_date` (Sydney midnight, in µs UTC).
 * `end_date` is kept in `vendor_data.end_date` and not taken as a delisting: it is the end of the
 * vendor's coverage (all four companies end on 03/31/2014, the sample's last month, and all were
 * still listed then), so `delisting_date` is null and `is_active` true.
 */
export async function readCompanyInfo(
  file: string,
  lines: AsyncIterable<string> | Iterable<string>,
  options: { readonly ingestionTimestamp?: number } = {},
): Promise<{
  readonly companies: ReadonlyMap<string, AsxCompany>
  readonly results: readonly RowResult<ReferenceDataV2>[]
}> {
  const companies = new Map<string, AsxCompany>()
  const results: RowResult<ReferenceDataV2>[] = []
  let header: string[] | undefined
  for await (const record of csvRecords(lines)) {
    if (header === undefined) {
      header = record.fields ?? []
      const missing = COMPANY_INFO_HEADER.filter((c) => !header?.includes(c))
      if (missing.length > 0) {
        throw new SourcesCsvError(
          'SOURCES_CSV_INVALID_FILE',
          `${file}: the header lacks ${missing.join(', ')}`,
          { context: { file } },
        )
      }
      continue
    }
    const row = record.record - 1
    const bad = (reason: string) => results.push({ ok: false, file, row, reason, raw: record.raw })
    if (record.fields === null) {
      bad(record.error ?? 'malformed CSV')
      continue
    }
    if (record.fields.length !== header.length) {
      bad(`expected ${header.length} fields, got ${record.fields.length}`)
      continue
    }
    const get = (column: string) => (record.fields as string[])[header!.indexOf(column)]!.trim()
    const company: AsxCompany = {
      companyId: get('company_id'),
      symbol: get('symbol'),
      name: get('company_name'),
      isin: get('ISIN') === '' ? null : get('ISIN'),
      startDate: get('start_date'),
      endDate: get('end_date') === '' ? null : get('end_date'),
    }
    const listing = asxLocalToMicros(company.startDate, '00:00:00.000')
    if ('reason' in listing) {
      bad(`start_date: ${listing.reason}`)
      continue
    }
    try {
      const value = createReferenceData({
        company_id: company.companyId,
        symbol: company.symbol,
        exchange: EXCHANGES.ASX,
        asset_class: 'equities',
        company_name: company.name,
        isin: company.isin,
        currency: 'AUD',
        listing_date: listing.micros,
        delisting_date: null,
        is_active: true,
        ...(options.ingestionTimestamp === undefined
          ? {}
          : { ingestion_timestamp: options.ingestionTimestamp }),
        vendor_data: {
          start_date: company.startDate,
          ...(company.endDate === null ? {} : { end_date: company.endDate }),
        },
      })
      if (companies.has(company.companyId)) {
        bad(`company_id: ${company.companyId} is listed twice`)
        continue
      }
      companies.set(company.companyId, company)
      results.push({ ok: true, file, row, value, raw: record.raw })
    } catch (error) {
      bad(reasonOf(error))
    }
  }
  return { companies, results }
}
