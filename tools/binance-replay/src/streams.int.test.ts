import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'

import { connect, exchange, range, sleep, waitFor } from './test-support.js'

describe('stream endpoints', () => {
  it('combined /stream wraps each trade as {"stream","data"} with consecutive ids', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT', 'ETHUSDT'], rate: 0, tradesPerSymbol: 300 })
    const client = await connect(`${ex.url}/stream?streams=btcusdt@trade/ethusdt@trade`)
    await waitFor('600 trades', () => client.tradeIds().length === 600)
    const frames = client.json() as Array<{ stream: string; data: Record<string, unknown> }>
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const mine = frames.filter((frame) => frame.stream === `${symbol.toLowerCase()}@trade`)
      expect(mine.map((frame) => frame.data.t)).toEqual(range(1, 300))
      for (const { data } of mine) {
        expect(Object.keys(data)).toEqual(['e', 'E', 's', 't', 'p', 'q', 'T', 'm', 'M'])
        expect(data).toMatchObject({ e: 'trade', s: symbol, M: true })
        expect(data.p).toMatch(/^\d+\.\d{8}$/)
        expect(data.q).toMatch(/^\d+\.\d{8}$/)
        expect(data.E as number).toBeGreaterThanOrEqual(data.T as number)
        expect(typeof data.m).toBe('boolean')
      }
    }
  })

  it('raw /ws/<stream> sends bare events with consecutive ids', async () => {
    const ex = await exchange({ symbols: ['BNBUSDT'], rate: 0, tradesPerSymbol: 250 })
    const client = await connect(`${ex.url}/ws/bnbusdt@trade`)
    await waitFor('250 trades', () => client.tradeIds().length === 250)
    expect(client.tradeIds()).toEqual(range(1, 250))
    const first = client.json()[0] as Record<string, unknown>
    expect(first).toMatchObject({ e: 'trade', s: 'BNBUSDT', t: 1 })
    expect('stream' in first).toBe(false)
  })

  it('is deterministic for a seed: two exchanges send the same first 200 trades', async () => {
    const options = {
      symbols: ['BTCUSDT'],
      rate: 0,
      tradesPerSymbol: 200,
      seed: 42,
      startTime: 1_700_000_000_000,
    }
    const [a, b] = await Promise.all([exchange(options), exchange(options)])
    const [ca, cb] = await Promise.all([
      connect(`${a.url}/ws/btcusdt@trade`),
      connect(`${b.url}/stream?streams=btcusdt@trade`),
    ])
    await waitFor(
      '200 trades each',
      () => ca.tradeIds().length === 200 && cb.tradeIds().length === 200,
    )
    const bare = ca.json()
    const wrapped = (cb.json() as Array<{ data: unknown }>).map((frame) => frame.data)
    expect(wrapped).toEqual(bare)
    const other = await exchange({ ...options, seed: 43 })
    const cc = await connect(`${other.url}/ws/btcusdt@trade`)
    await waitFor('200 trades', () => cc.tradeIds().length === 200)
    expect(cc.json()).not.toEqual(bare)
  })

  it('keeps one tape per symbol: a later client continues where the tape is, REST has the start', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT'], rate: 200 })
    const first = await connect(`${ex.url}/ws/btcusdt@trade`)
    await waitFor('some trades', () => first.tradeIds().length >= 5)
    const second = await connect(`${ex.url}/ws/btcusdt@trade`)
    await waitFor('the second client to get trades', () => second.tradeIds().length >= 5)
    const firstIds = first.tradeIds()
    const secondIds = second.tradeIds()
    expect(firstIds).toEqual(range(1, firstIds.length))
    expect(secondIds[0]).toBeGreaterThan(1)
    expect(secondIds).toEqual(
      range(secondIds[0] as number, (secondIds[0] as number) + secondIds.length - 1),
    )
    // The two clients see the same trade under the same id.
    const both = secondIds[0] as number
    await waitFor('overlap', () => first.tradeIds().includes(both))
    const same = (client: typeof first) =>
      client.json().find((event) => (event as { t?: number }).t === both)
    expect(same(first)).toEqual(same(second))
  })

  it('starts the tape at the first subscription to one of its streams, not before', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT'], rate: 1000 })
    await sleep(50)
    expect(ex.stats()).toMatchObject({ started: false, totals: { produced: 0 } })
    const idle = await connect(`${ex.url}/stream?streams=dogeusdt@trade`)
    idle.send({ method: 'SUBSCRIBE', params: ['btcusdt@depth'], id: 1 })
    await waitFor('the answer', () => idle.frames.length === 1)
    await sleep(50)
    expect(ex.stats().started).toBe(false)
    idle.send({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 2 })
    await waitFor('trades', () => idle.tradeIds().length > 0)
    expect(idle.tradeIds()[0]).toBe(1)
  })

  it('with startOnListen, produces trades nobody receives; REST serves them', async () => {
    const ex = await exchange({
      symbols: ['ETHUSDT'],
      rate: 100_000,
      tradesPerSymbol: 50,
      startOnListen: true,
    })
    await waitFor('the tape to finish', () => ex.stats().done)
    expect(ex.stats().symbols.ETHUSDT).toMatchObject({ lastTradeId: 50, served: 0, produced: 50 })
    const response = await fetch(
      `${ex.restUrl}/api/v3/historicalTrades?symbol=ETHUSDT&fromId=1&limit=1000`,
    )
    expect(((await response.json()) as unknown[]).length).toBe(50)
  })

  it('accepts unknown streams and sends nothing on them', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT'], rate: 0, tradesPerSymbol: 20 })
    const unknown = await connect(`${ex.url}/stream?streams=dogeusdt@trade/btcusdt@depth`)
    const known = await connect(`${ex.url}/ws/btcusdt@trade`)
    await waitFor('the tape', () => known.tradeIds().length === 20)
    await sleep(50)
    expect(unknown.frames).toEqual([])
    expect(unknown.ws.readyState).toBe(WebSocket.OPEN)
  })

  it('refuses the upgrade on other paths with 404', async () => {
    const ex = await exchange()
    const ws = new WebSocket(`${ex.url}/nope`)
    const status = await new Promise<number | undefined>((resolve) => {
      ws.on('unexpected-response', (_request, response) => resolve(response.statusCode))
      ws.on('error', () => resolve(undefined))
    })
    expect(status).toBe(404)
    ws.terminate()
  })

  it('stops each symbol at tradesPerSymbol and reports done', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT', 'ETHUSDT'], rate: 2000, tradesPerSymbol: 30 })
    const client = await connect(`${ex.url}/stream?streams=btcusdt@trade/ethusdt@trade`)
    await waitFor('done', () => ex.stats().done)
    await sleep(100)
    expect(client.tradeIds().length).toBe(60)
    expect(ex.stats().symbols.BTCUSDT?.lastTradeId).toBe(30)
    expect(ex.stats().symbols.ETHUSDT?.lastTradeId).toBe(30)
  })
})

describe('pacing', () => {
  it('paces a low rate: far fewer trades than unpaced, in id order', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT'], rate: 20 })
    const client = await connect(`${ex.url}/ws/btcusdt@trade`)
    await waitFor('3 trades', () => client.tradeIds().length >= 3)
    // Unpaced, the tape would be at tens of thousands by now; at 20/s it is at a handful.
    expect(ex.stats().symbols.BTCUSDT?.produced).toBeLessThan(500)
    expect(client.tradeIds()).toEqual(range(1, client.tradeIds().length))
  })

  it('unpaced (rate 0) waits while nobody subscribes instead of spinning', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT'], rate: 0 })
    const client = await connect(`${ex.url}/ws/btcusdt@trade`)
    await waitFor('trades', () => client.tradeIds().length > 100)
    client.send({ method: 'UNSUBSCRIBE', params: ['btcusdt@trade'], id: 1 })
    await waitFor('no subscriber', () => ex.stats().symbols.BTCUSDT?.connections === 0)
    const produced = ex.stats().totals.produced
    await sleep(100)
    expect(ex.stats().totals.produced).toBe(produced)
    client.send({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 2 })
    await waitFor('more trades', () => ex.stats().totals.produced > produced)
  })

  it('unpaced (rate 0) waits for a client that stops reading, then resumes without a gap', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT'], rate: 0 })
    const client = await connect(`${ex.url}/ws/btcusdt@trade`)
    await waitFor('trades', () => client.tradeIds().length > 0)
    client.ws.pause()
    // The producer must stall once the socket buffers are full: two equal readings in a row.
    let previous = -1
    await waitFor(
      'the tape to stall',
      () => {
        const produced = ex.stats().totals.produced
        const stalled = produced === previous
        previous = produced
        return stalled
      },
      20_000,
    )
    expect(previous).toBeLessThan(1_000_000)
    client.ws.resume()
    await waitFor('the backlog', () => client.tradeIds().length > previous)
    const ids = client.tradeIds()
    expect(ids).toEqual(range(1, ids.length))
  }, 30_000)
})
