import { describe, expect, it } from 'vitest'

import { readGenericCsv } from './generic-csv.js'

const DEFAULTS = { exchange: 'binance', assetClass: 'crypto', currency: 'USDT' } as const

async function all<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of gen) out.push(x)
  return out
}

describe('readGenericCsv (old loader formats)', () => {
  it('reads trades by header name, in any column order, with extras in vendor_data', async () => {
    const rows = await all(
      readGenericCsv(
        't.csv',
        [
          'trade_id,symbol,exchange_timestamp,price,quantity,side,sequence_number,venue',
          'T1,BTCUSDT,2025-11-24T00:00:00.123456Z,91234.5,0.01,buy,7,main',
          ',ETHUSDT,1732406400000,3000,1,SELL,8,',
          ',ETHUSDT,1732406400000,3000,1,,,',
          'T4,BTCUSDT,not-a-time,1,1,BUY,9,',
          'T5,BTCUSDT,1732406400000,1,1,SIDEWAYS,9,',
        ],
        'trades',
        DEFAULTS,
      ),
    )
    const [a, b, c, d, e] = rows
    expect(a?.ok && a.value).toMatchObject({
      trade_id: 'T1',
      exchange: 'BINANCE',
      timestamp: Date.parse('2025-11-24T00:00:00.123Z') * 1000 + 456,
      side: 'BUY',
      source_sequence: 7,
      currency: 'USDT',
      vendor_data: { venue: 'main' },
    })
    expect(a?.ok && a.value.price.toString()).toBe('91234.5')
    expect(b?.ok && b.value).toMatchObject({
      trade_id: 'BINANCE-ETHUSDT-8',
      side: 'SELL',
      timestamp: 1732406400000000,
      vendor_data: null,
    })
    expect(c).toMatchObject({ ok: false, row: 3, reason: expect.stringContaining('trade_id') })
    expect(d).toMatchObject({ ok: false, row: 4, reason: expect.stringContaining('timestamp') })
    expect(e).toMatchObject({ ok: false, row: 5, reason: expect.stringContaining('side') })
  })

  it('reads quotes', async () => {
    const [q] = await all(
      readGenericCsv(
        'q.csv',
        [
          'symbol,exchange_timestamp,bid_price,bid_quantity,ask_price,ask_quantity,quote_id,exchange,currency',
          'BHP,2014-03-10T02:00:00Z,36.5,100,36.51,200,Q1,asx,AUD',
        ],
        'quotes',
        DEFAULTS,
      ),
    )
    expect(q?.ok && q.value).toMatchObject({ quote_id: 'Q1', exchange: 'ASX', currency: 'AUD' })
    expect(q?.ok && q.value.ask_price.toString()).toBe('36.51')
  })

  it('throws SOURCES_CSV_INVALID_FILE when a required column is missing', async () => {
    await expect(
      all(readGenericCsv('t.csv', ['symbol,price'], 'trades', DEFAULTS)),
    ).rejects.toMatchObject({ code: 'SOURCES_CSV_INVALID_FILE' })
  })
})
