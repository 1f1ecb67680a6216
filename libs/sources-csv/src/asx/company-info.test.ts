import { describe, expect, it } from 'vitest'

import { readCompanyInfo } from './company-info.js'

const HEADER = 'company_id,symbol,company_name,ISIN,start_date,end_date'

describe('readCompanyInfo', () => {
  it('rejects bad rows with their row number and keeps the good ones', async () => {
    const { companies, results } = await readCompanyInfo('ci.csv', [
      HEADER,
      '3153,MWR,MGM WIRELESS LTD,AU000000MWR6,11/06/2003,03/31/2014',
      '9999,XYZ,NO DATE,,13/45/2003,',
      '7078,BHP,SHORT ROW',
      '3153,MWR,TWICE,AU000000MWR6,11/06/2003,',
    ])
    expect([...companies.keys()]).toEqual(['3153'])
    expect(results.map((r) => (r.ok ? `ok ${r.row}` : `${r.row}: ${r.reason}`))).toEqual([
      'ok 1',
      '2: start_date: date: "13/45/2003" is not a valid MM/DD/YYYY date',
      '3: expected 6 fields, got 3',
      '4: company_id: 3153 is listed twice',
    ])
  })

  it('throws SOURCES_CSV_INVALID_FILE when the header lacks a column', async () => {
    await expect(readCompanyInfo('ci.csv', ['company_id,symbol'])).rejects.toMatchObject({
      code: 'SOURCES_CSV_INVALID_FILE',
    })
  })
})
