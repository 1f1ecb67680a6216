import { describe, expect, it } from 'vitest'

import { convertAsxQuote } from './asx-quote.js'

const FILE = { companyId: '7458', symbol: 'RIO', ingestionTimestamp: 1_700_000_000_000_000 }
const split = (line: string) => line.split(',')

describe('convertAsxQuote on real rows (column order bid,ask,bid_volume,ask_volume)', () => {
  it.each([
    // quotes/7458.csv row 1: only the bid before the open (ask 0.0, ask volume 0).
    ['03/10/2014,05:43:47.678,64.9,0.0,800,0', 1, ['64.9', '0', '800', '0'], 'bid_only'],
    // row 2: both sides.
    ['03/10/2014,05:43:47.678,64.9,65.0,800,100', 2, ['64.9', '65', '800', '100'], 'normal'],
    // row 3: crossed pre-open quote (bid 64.9 > ask 61.7), kept and flagged.
    ['03/10/2014,07:00:01.846,64.9,61.7,800,2782', 3, ['64.9', '61.7', '800', '2782'], 'crossed'],
    // quotes/7078.csv row 3: locked (bid = ask).
    ['03/10/2014,07:00:11.938,37.73,37.73,19,600', 3, ['37.73', '37.73', '19', '600'], 'locked'],
    ['03/10/2014,07:00:11.938,0,37.73,0,600', 4, ['0', '37.73', '0', '600'], 'ask_only'],
    ['03/10/2014,07:00:11.938,0.0,0,0,0', 5, ['0', '0', '0', '0'], 'empty'],
  ])('%s', (line, row, [bid, ask, bidQty, askQty], state) => {
    const r = convertAsxQuote(split(line), row, FILE)
    if (!r.ok) throw new Error(r.reason)
    const q = r.value
    expect([q.bid_price, q.ask_price, q.bid_quantity, q.ask_quantity].map(String)).toEqual([
      bid,
      ask,
      bidQty,
      askQty,
    ])
    expect(q.quote_id).toBe(`ASX-7458-20140310-Q${row}`)
    expect(q).toMatchObject({
      symbol: 'RIO',
      exchange: 'ASX',
      currency: 'AUD',
      source_sequence: row,
      vendor_data: { company_id: '7458', quote_state: state },
    })
  })

  it('converts Sydney time to UTC', () => {
    const r = convertAsxQuote(split('03/10/2014,05:43:47.678,64.9,0.0,800,0'), 1, FILE)
    expect(r.ok && r.value.timestamp).toBe(Date.parse('2014-03-09T18:43:47.678Z') * 1000)
  })

  it.each([
    ['03/10/2014,05:43:47.678,64.9,0.0,800', 'expected 6 fields, got 5'],
    ['03/10/2014,05:43:47.678,64.9,0.0,800.5,0', 'bid_volume: "800.5"'],
    ['03/10/2014,05:43:47.678,64.9,0.0,800,x', 'ask_volume: "x"'],
    ['03/10/2014,05:43:47.678,-64.9,0.0,800,0', 'bid_price: "-64.9"'],
    ['03/10/2014,05:43:47.678,64.9,abc,800,0', 'ask_price: "abc"'],
    ['3/10/2014,05:43:47.678,64.9,0.0,800,0', 'date: "3/10/2014"'],
  ])('rejects %s: %s', (line, reason) => {
    const r = convertAsxQuote(split(line), 7, FILE)
    expect(!r.ok && r.reason).toContain(reason)
  })
})
