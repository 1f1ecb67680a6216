import { basename } from 'node:path'

import { describe, expect, it } from 'vitest'

import { fileLines } from '../csv/index.js'
import { listAsxDirectory, readAsxFile } from './asx-files.js'
import { readCompanyInfo } from './company-info.js'
import { ASX_SAMPLE_DIR } from './testing/sample-dir.js'

describe('the real ASX sample (../shared/data/asx-2014-03), every row', () => {
  it('reads company_info.csv into four companies and reference data', async () => {
    const dir = await listAsxDirectory(ASX_SAMPLE_DIR)
    const { companies, results } = await readCompanyInfo(
      dir.companyInfo,
      fileLines(dir.companyInfo),
    )
    expect([...companies.values()].map((c) => `${c.companyId}:${c.symbol}`)).toEqual([
      '3153:MWR',
      '7078:BHP',
      '7181:DVN',
      '7458:RIO',
    ])
    const bhp = results.find((r) => r.ok && r.value.symbol === 'BHP')
    expect(bhp?.ok && bhp.value).toMatchObject({
      company_id: '7078',
      exchange: 'ASX',
      asset_class: 'equities',
      company_name: 'BHP BILLITON LTD',
      isin: 'AU000000BHP4',
      currency: 'AUD',
      // 05/07/2008 00:00 in Sydney (AEST, UTC+10).
      listing_date: Date.parse('2008-05-06T14:00:00Z') * 1000,
      delisting_date: null,
      is_active: true,
      vendor_data: { start_date: '05/07/2008', end_date: '03/31/2014' },
    })
  })

  it('converts every trade and quote row with no rejects; counts per file as the README says', async () => {
    const dir = await listAsxDirectory(ASX_SAMPLE_DIR)
    const { companies } = await readCompanyInfo(dir.companyInfo, fileLines(dir.companyInfo))
    const counts: Record<string, number> = {}
    const ids = new Set<string>()
    const states: Record<string, number> = {}
    let rejected = 0
    for (const file of dir.files) {
      let n = 0
      let lastRow = 0
      for await (const r of readAsxFile(file, companies, { ingestionTimestamp: () => 0 })) {
        if (!r.ok) {
          rejected++
          continue
        }
        n++
        expect(r.row).toBe(lastRow + 1)
        lastRow = r.row
        const v = r.value
        const id = 'trade_id' in v ? v.trade_id : v.quote_id
        ids.add(id)
        if (!('trade_id' in v)) {
          const s = v.vendor_data?.['quote_state'] ?? '?'
          states[s] = (states[s] ?? 0) + 1
        }
        // The whole week is AEDT: UTC = local - 11 h, so every time is in 9-14 March UTC.
        expect(v.timestamp).toBeGreaterThanOrEqual(Date.UTC(2014, 2, 9, 13) * 1000)
        expect(v.timestamp).toBeLessThan(Date.UTC(2014, 2, 14, 13) * 1000)
      }
      counts[`${file.kind}/${basename(file.path)}`] = n
    }
    expect(rejected).toBe(0)
    expect(counts).toEqual({
      'trades/3153.csv': 11,
      'trades/7078.csv': 91_631,
      'trades/7181.csv': 232,
      'trades/7458.csv': 108_671,
      'quotes/3153.csv': 60,
      'quotes/7078.csv': 77_849,
      'quotes/7181.csv': 549,
      'quotes/7458.csv': 91_171,
    })
    // Every trade and quote id is unique across the sample (370,174 rows).
    expect(ids.size).toBe(370_174)
    // One-sided and crossed quotes are kept, flagged (counts measured on the sample with awk).
    expect(states).toEqual({
      normal: 75_911 + 88_887 + 520 + 52,
      locked: 1_610 + 1_820 + 6 + 2,
      crossed: 323 + 459 + 18 + 1,
      bid_only: 20,
    })
  }, 120_000)

  it('resumes after a row number with skipThrough', async () => {
    const dir = await listAsxDirectory(ASX_SAMPLE_DIR)
    const { companies } = await readCompanyInfo(dir.companyInfo, fileLines(dir.companyInfo))
    const file = dir.files.find((f) => f.kind === 'trades' && f.companyId === '3153')!
    const rows: number[] = []
    for await (const r of readAsxFile(file, companies, { skipThrough: 8 })) rows.push(r.row)
    expect(rows).toEqual([9, 10, 11])
  })

  it('throws SOURCES_CSV_UNKNOWN_COMPANY for a file of an unlisted company', async () => {
    const dir = await listAsxDirectory(ASX_SAMPLE_DIR)
    const gen = readAsxFile(dir.files[0]!, new Map())
    await expect(gen.next()).rejects.toMatchObject({ code: 'SOURCES_CSV_UNKNOWN_COMPANY' })
  })
})
