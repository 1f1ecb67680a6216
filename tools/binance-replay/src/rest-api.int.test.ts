import { describe, expect, it } from 'vitest'

import type { HistoricalTrade } from './rest-api.js'
import { connect, exchange, getJson, range, sleep, waitFor } from './test-support.js'

async function tapeOf(n: number, options: Parameters<typeof exchange>[0] = {}) {
  const ex = await exchange({
    symbols: ['BTCUSDT'],
    rate: 100_000,
    tradesPerSymbol: n,
    startOnListen: true,
    ...options,
  })
  await waitFor('the tape', () => ex.stats().done)
  return ex
}

/** Weight counts per calendar minute: keep a test's requests inside one minute. */
async function awayFromMinuteBoundary(): Promise<void> {
  const intoMinute = Date.now() % 60_000
  if (intoMinute > 57_000) await sleep(60_000 - intoMinute + 50)
}

const idsOf = (body: unknown) => (body as HistoricalTrade[]).map((trade) => trade.id)

describe('GET /api/v3/historicalTrades', () => {
  it('pages ascending from fromId with Binance field names, same trades as the socket', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT'], rate: 0, tradesPerSymbol: 1500 })
    const client = await connect(`${ex.url}/ws/btcusdt@trade`)
    await waitFor('the tape', () => client.tradeIds().length === 1500)
    const page1 = await getJson(ex, '/api/v3/historicalTrades?symbol=BTCUSDT&fromId=1&limit=1000')
    const page2 = await getJson(
      ex,
      '/api/v3/historicalTrades?symbol=BTCUSDT&fromId=1001&limit=1000',
    )
    expect(page1.status).toBe(200)
    expect(idsOf(page1.body)).toEqual(range(1, 1000))
    expect(idsOf(page2.body)).toEqual(range(1001, 1500))
    const first = (page1.body as HistoricalTrade[])[0] as HistoricalTrade
    expect(Object.keys(first)).toEqual([
      'id',
      'price',
      'qty',
      'quoteQty',
      'time',
      'isBuyerMaker',
      'isBestMatch',
    ])
    const event = client.json()[0] as Record<string, unknown>
    expect(first).toMatchObject({
      id: event.t,
      price: event.p,
      qty: event.q,
      time: event.T,
      isBuyerMaker: event.m,
      isBestMatch: true,
    })
    expect(first.quoteQty).toMatch(/^\d+\.\d{8}$/)
  })

  it('defaults to 500, clamps above 1000 and returns the newest trades without fromId', async () => {
    const ex = await tapeOf(1200)
    const byDefault = await getJson(ex, '/api/v3/historicalTrades?symbol=BTCUSDT&fromId=1')
    expect(idsOf(byDefault.body)).toEqual(range(1, 500))
    const clamped = await getJson(ex, '/api/v3/historicalTrades?symbol=BTCUSDT&fromId=1&limit=5000')
    expect(idsOf(clamped.body)).toEqual(range(1, 1000))
    const newest = await getJson(ex, '/api/v3/historicalTrades?symbol=BTCUSDT&limit=3')
    expect(idsOf(newest.body)).toEqual([1198, 1199, 1200])
    const recent = await getJson(ex, '/api/v3/trades?symbol=BTCUSDT&limit=2')
    expect(idsOf(recent.body)).toEqual([1199, 1200])
  })

  it('returns an empty list past the newest id, and the oldest retained ones before them', async () => {
    const ex = await tapeOf(300, { retainTradesPerSymbol: 100 })
    const ahead = await getJson(ex, '/api/v3/historicalTrades?symbol=BTCUSDT&fromId=301')
    expect(ahead).toMatchObject({ status: 200, body: [] })
    const old = await getJson(ex, '/api/v3/historicalTrades?symbol=BTCUSDT&fromId=1&limit=5')
    expect(idsOf(old.body)).toEqual(range(201, 205))
  })

  it('counts weight 25 per request in X-MBX-USED-WEIGHT-1M', async () => {
    const ex = await tapeOf(10)
    await awayFromMinuteBoundary()
    const used: string[] = []
    for (let i = 0; i < 3; i++) {
      const response = await getJson(ex, '/api/v3/historicalTrades?symbol=BTCUSDT&fromId=1')
      used.push(response.headers.get('x-mbx-used-weight-1m') as string)
    }
    expect(used).toEqual(['25', '50', '75'])
    const ping = await getJson(ex, '/api/v3/ping')
    expect(ping).toMatchObject({ status: 200, body: {} })
    expect(ping.headers.get('x-mbx-used-weight-1m')).toBe('76')
    expect(ex.stats().totals.restWeightUsed).toBe(76)
  })

  it('answers 429 with Retry-After when a request would exceed the budget', async () => {
    const ex = await tapeOf(10, { restWeightPerMinute: 60 })
    await awayFromMinuteBoundary()
    const statuses: number[] = []
    let last = await getJson(ex, '/api/v3/historicalTrades?symbol=BTCUSDT&fromId=1')
    statuses.push(last.status)
    last = await getJson(ex, '/api/v3/historicalTrades?symbol=BTCUSDT&fromId=1')
    statuses.push(last.status)
    last = await getJson(ex, '/api/v3/historicalTrades?symbol=BTCUSDT&fromId=1')
    statuses.push(last.status)
    expect(statuses).toEqual([200, 200, 429])
    expect(last.body).toMatchObject({ code: -1003 })
    const retryAfter = Number(last.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(last.headers.get('x-mbx-used-weight-1m')).toBe('50')
    expect(ex.stats().totals).toMatchObject({ restRejected: 1, restWeightUsed: 50 })
  })

  it.each([
    ['', -1102, /Mandatory parameter 'symbol'/],
    ['symbol=', -1102, /Mandatory parameter 'symbol'/],
    ['symbol=btcusdt', -1100, /parameter 'symbol'/],
    ['symbol=DOGEUSDT', -1121, /^Invalid symbol\.$/],
    ['symbol=BTCUSDT&limit=abc', -1100, /parameter 'limit'/],
    ['symbol=BTCUSDT&limit=-5', -1100, /parameter 'limit'/],
    ['symbol=BTCUSDT&limit=0', -1130, /parameter 'limit' is not valid/],
    ['symbol=BTCUSDT&fromId=x', -1100, /parameter 'fromId'/],
    ['symbol=BTCUSDT&fromId=1.5', -1100, /parameter 'fromId'/],
    ['symbol=BTCUSDT&symbol=BTCUSDT', -1101, /Duplicate values for parameter 'symbol'/],
  ])('?%s -> 400 %d', async (query, code, message) => {
    const ex = await tapeOf(5)
    const response = await getJson(ex, `/api/v3/historicalTrades?${query}`)
    expect(response.status).toBe(400)
    expect(response.body).toEqual({ code, msg: expect.stringMatching(message) })
    expect(response.headers.get('x-mbx-used-weight-1m')).toBe('25')
  })

  it('answers 404 on unknown paths and methods', async () => {
    const ex = await tapeOf(1)
    expect((await getJson(ex, '/api/v3/klines?symbol=BTCUSDT')).status).toBe(404)
    expect((await getJson(ex, '/api/v3/historicalTrades?symbol=BTCUSDT', 'POST')).status).toBe(404)
    expect((await getJson(ex, '/elsewhere')).status).toBe(404)
  })
})
