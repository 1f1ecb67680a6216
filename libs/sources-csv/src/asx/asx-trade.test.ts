import { describe, expect, it } from 'vitest'

import { convertAsxTrade } from './asx-trade.js'

const FILE = { companyId: '7078', symbol: 'BHP', ingestionTimestamp: 1_700_000_000_000_000 }
const split = (line: string) => line.split(',')

describe('convertAsxTrade on real rows of trades/7078.csv and 3153.csv', () => {
  it.each([
    // trades/7078.csv row 1: pre-open auction trade, qualifier 3, venue X.
    [
      '03/10/2014,07:57:14.754,36.667,20000,3,X,',
      1,
      { ts: '2014-03-09T20:57:14.754Z', price: '36.667', qty: '20000', cond: '3', venue: 'X' },
    ],
    // trades/3153.csv rows 2 and 3 share one millisecond: the row keeps the ids apart.
    [
      '03/10/2014,13:55:41.879,1.11,1633,0,,',
      2,
      { ts: '2014-03-10T02:55:41.879Z', price: '1.11', qty: '1633', cond: '0', venue: '' },
    ],
    [
      '03/10/2014,13:55:41.879,1.11,3000,0,,',
      3,
      { ts: '2014-03-10T02:55:41.879Z', price: '1.11', qty: '3000', cond: '0', venue: '' },
    ],
  ])('%s (row %i)', (line, row, want) => {
    const r = convertAsxTrade(split(line), row, FILE)
    if (!r.ok) throw new Error(r.reason)
    const t = r.value
    expect(t.trade_id).toBe(`ASX-7078-20140310-${row}`)
    expect(t.timestamp).toBe(Date.parse(want.ts) * 1000)
    expect(t.price.toString()).toBe(want.price)
    expect(t.quantity.toString()).toBe(want.qty)
    expect(t).toMatchObject({
      symbol: 'BHP',
      exchange: 'ASX',
      asset_class: 'equities',
      currency: 'AUD',
      side: 'UNKNOWN',
      trade_conditions: [want.cond],
      source_sequence: row,
      ingestion_timestamp: FILE.ingestionTimestamp,
      vendor_data: { company_id: '7078', qualifiers: want.cond, venue: want.venue },
    })
  })

  it('keeps buyer_id in vendor_data when present', () => {
    const r = convertAsxTrade(split('03/11/2014,10:00:00.000,36.5,10,0,X,B42'), 9, FILE)
    expect(r.ok && r.value.vendor_data).toEqual({
      company_id: '7078',
      qualifiers: '0',
      venue: 'X',
      buyer_id: 'B42',
    })
  })

  it('gives the same message id for the same row (deterministic)', () => {
    const line = split('03/10/2014,07:57:14.754,36.667,20000,3,X,')
    const a = convertAsxTrade(line, 1, FILE)
    const b = convertAsxTrade(line, 1, { ...FILE, ingestionTimestamp: 1 })
    expect(a.ok && b.ok && a.value.message_id === b.value.message_id).toBe(true)
  })

  it.each([
    ['03/10/2014,07:57:14.754,36.667,20000,3,X', 'expected 7 fields, got 6'],
    [
      '03/32/2014,07:57:14.754,36.667,20000,3,X,',
      'date: "03/32/2014" is not a valid MM/DD/YYYY date',
    ],
    ['03/10/2014,7:57,36.667,20000,3,X,', 'time: "7:57" is not a valid HH:MM:SS.mmm time'],
    ['03/10/2014,07:57:14.754,abc,20000,3,X,', 'price: "abc"'],
    ['03/10/2014,07:57:14.754,-1.5,20000,3,X,', 'price: "-1.5"'],
    ['03/10/2014,07:57:14.754,0,20000,3,X,', 'price: "0" must be positive'],
    ['03/10/2014,07:57:14.754,1.123456789,20000,3,X,', 'price: "1.123456789"'],
    ['03/10/2014,07:57:14.754,36.667,20.5,3,X,', 'volume: "20.5" must be a positive whole number'],
    ['03/10/2014,07:57:14.754,36.667,0,3,X,', 'volume: "0" must be a positive whole number'],
    ['03/10/2014,07:57:14.754,36.667,100,X,X,', 'qualifiers: "X" must be an integer'],
  ])('rejects %s: %s', (line, reason) => {
    const r = convertAsxTrade(split(line), 5, FILE)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.reason).toContain(reason)
  })
})
