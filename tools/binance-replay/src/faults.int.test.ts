import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'

import { MALFORMED_KINDS } from './malformed-frames.js'
import type { HistoricalTrade } from './rest-api.js'
import { connect, exchange, getJson, range, sleep, waitFor } from './test-support.js'

const post = (url: string) => fetch(url, { method: 'POST' })

describe('faults', () => {
  it('drop terminates the connections of a symbol without a close frame', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT', 'ETHUSDT'], rate: 100 })
    const btc = await connect(`${ex.url}/ws/btcusdt@trade`)
    const eth = await connect(`${ex.url}/stream?streams=ethusdt@trade`)
    const response = await post(`${ex.restUrl}/k2/faults/drop?symbol=BTCUSDT`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ fault: 'drop', connections: 1 })
    expect((await btc.closed).code).toBe(1006)
    expect(eth.ws.readyState).toBe(WebSocket.OPEN)
    expect(ex.fault({ kind: 'drop' })).toEqual({ fault: 'drop', connections: 1 })
    expect((await eth.closed).code).toBe(1006)
    await waitFor('the count', () => ex.stats().totals.disconnects.dropped === 2)
  })

  it('silence stops frames and pings while the tape goes on; REST serves the missed ids', async () => {
    const ex = await exchange({
      symbols: ['BTCUSDT'],
      rate: 300,
      pingIntervalMs: 20,
      pongTimeoutMs: 100,
    })
    const client = await connect(`${ex.url}/ws/btcusdt@trade`)
    await waitFor('trades', () => client.tradeIds().length >= 3)
    const result = ex.fault({ kind: 'silence', ms: 400 })
    expect(result).toMatchObject({ fault: 'silence', connections: 1, ms: 400 })
    await sleep(20) // frames already on the wire may still arrive
    const [framesBefore, pingsBefore] = [client.frames.length, client.pings.length]
    const produced = ex.stats().symbols.BTCUSDT?.lastTradeId as number
    await sleep(200)
    expect(client.frames.length).toBe(framesBefore)
    expect(client.pings.length).toBe(pingsBefore)
    expect(ex.stats().symbols.BTCUSDT?.lastTradeId).toBeGreaterThan(produced)
    // The silence outlasts the pong timeout, but the connection is kept and speaks again.
    await waitFor('trades after the silence', () => client.frames.length > framesBefore + 3)
    expect(client.ws.readyState).toBe(WebSocket.OPEN)
    const ids = client.tradeIds()
    const gapAt = ids.findIndex((id, i) => i > 0 && id !== (ids[i - 1] as number) + 1)
    expect(gapAt).toBeGreaterThan(0)
    const [lastBefore, firstAfter] = [ids[gapAt - 1] as number, ids[gapAt] as number]
    const missed = await getJson(
      ex,
      `/api/v3/historicalTrades?symbol=BTCUSDT&fromId=${lastBefore + 1}&limit=${firstAfter - lastBefore - 1}`,
    )
    expect((missed.body as HistoricalTrade[]).map((trade) => trade.id)).toEqual(
      range(lastBefore + 1, firstAfter - 1),
    )
  })

  it('malformed sends every kind of garbage and keeps the connections', async () => {
    // No trades (tradesPerSymbol 0), so the frames are the garbage alone.
    const ex = await exchange({ symbols: ['BTCUSDT'], tradesPerSymbol: 0 })
    const raw = await connect(`${ex.url}/ws/btcusdt@trade`)
    const combined = await connect(`${ex.url}/stream?streams=btcusdt@trade`)
    const response = await post(`${ex.restUrl}/k2/faults/malformed?count=${MALFORMED_KINDS.length}`)
    expect(await response.json()).toEqual({
      fault: 'malformed',
      connections: 2,
      count: MALFORMED_KINDS.length,
      kinds: [...MALFORMED_KINDS],
    })
    await waitFor('garbage', () => raw.frames.length === 9 && combined.frames.length === 9)
    const garbage = raw.frames
    const parse = (text: string) => {
      try {
        return JSON.parse(text) as Record<string, unknown>
      } catch {
        return 'unparseable'
      }
    }
    expect(parse(garbage[0]?.text as string)).toBe('unparseable')
    expect(parse(garbage[1]?.text as string)).toMatchObject({ e: 'trades' })
    expect('t' in (parse(garbage[2]?.text as string) as object)).toBe(false)
    expect(parse(garbage[3]?.text as string)).toMatchObject({ p: '12.34.56' })
    expect(parse(garbage[4]?.text as string)).toMatchObject({ p: 100.5 })
    expect(parse(garbage[5]?.text as string)).toMatchObject({ q: '-1.00000000' })
    expect(parse(garbage[6]?.text as string)).toEqual([1, 2, 3])
    expect(parse(garbage[7]?.text as string)).toEqual({ stream: 'btcusdt@trade' })
    expect(garbage[8]?.binary).toBe(true)
    // On a combined connection the envelope is right and only the event is wrong.
    expect(parse(combined.frames[1]?.text as string)).toMatchObject({
      stream: 'btcusdt@trade',
      data: { e: 'trades' },
    })
    expect(ex.stats().totals.malformedSent).toBe(18)
    expect(raw.ws.readyState).toBe(WebSocket.OPEN)
  })

  it('skip keeps trade ids off the socket but in REST', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT', 'ETHUSDT'], rate: 200 })
    const client = await connect(`${ex.url}/stream?streams=btcusdt@trade/ethusdt@trade`)
    const btcIds = () =>
      (client.json() as Array<{ stream: string; data: { t: number } }>)
        .filter((frame) => frame.stream === 'btcusdt@trade')
        .map((frame) => frame.data.t)
    await waitFor('BTC trades', () => btcIds().length >= 2)
    const response = await post(`${ex.restUrl}/k2/faults/skip?symbol=ETHUSDT`)
    expect(await response.json()).toEqual({ fault: 'skip', count: 1, pending: { ETHUSDT: 1 } })
    // Programmatic, in one tick with reading the tape's position: exactly the next 3 ids.
    const skippedFrom = (ex.stats().symbols.BTCUSDT?.lastTradeId as number) + 1
    expect(ex.fault({ kind: 'skip', symbol: 'BTCUSDT', count: 3 })).toEqual({
      fault: 'skip',
      count: 3,
      pending: { BTCUSDT: 3 },
    })
    await waitFor('the next BTC trade', () => (btcIds().at(-1) as number) > skippedFrom + 2)
    const ids = btcIds()
    const outsideSkip = (id: number) => id < skippedFrom || id > skippedFrom + 2
    expect(ids).toEqual(range(1, ids.at(-1) as number).filter(outsideSkip))
    const rest = await getJson(
      ex,
      `/api/v3/historicalTrades?symbol=BTCUSDT&fromId=${skippedFrom}&limit=3`,
    )
    expect((rest.body as HistoricalTrade[]).map((trade) => trade.id)).toEqual(
      range(skippedFrom, skippedFrom + 2),
    )
    expect(ex.stats().symbols.BTCUSDT?.skipped).toBe(3)
    await waitFor('the ETH skip', () => ex.stats().symbols.ETHUSDT?.skipped === 1)
  })

  it('shutdown sends serverShutdown, closes after the grace period and accepts new connections', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT'], rate: 100 })
    const raw = await connect(`${ex.url}/ws/btcusdt@trade`)
    const combined = await connect(`${ex.url}/stream?streams=btcusdt@trade`)
    const before = Date.now()
    const response = await post(`${ex.restUrl}/k2/faults/shutdown?graceMs=150`)
    expect(await response.json()).toMatchObject({ fault: 'shutdown', connections: 2, graceMs: 150 })
    for (const client of [raw, combined]) {
      await waitFor('serverShutdown', () =>
        client.json().some((m) => (m as { e?: string }).e === 'serverShutdown'),
      )
      const event = client.json().find((m) => (m as { e?: string }).e === 'serverShutdown')
      expect(Object.keys(event as object)).toEqual(['e', 'E'])
      expect((event as { E: number }).E).toBeGreaterThanOrEqual(before)
    }
    // Trades keep coming during the grace period; the new connection works.
    const fresh = await connect(`${ex.url}/ws/btcusdt@trade`)
    const closes = await Promise.all([raw.closed, combined.closed])
    expect(closes.map((close) => close.code)).toEqual([1001, 1001])
    expect(Date.now() - before).toBeGreaterThanOrEqual(140)
    await waitFor('trades on the new connection', () => fresh.tradeIds().length > 0)
    expect(fresh.ws.readyState).toBe(WebSocket.OPEN)
    await waitFor('the count', () => ex.stats().totals.disconnects.shutdown === 2)
  })

  it('refuses bad fault requests with 400 and the reason', async () => {
    const ex = await exchange()
    const bad = await post(`${ex.restUrl}/k2/faults/silence?ms=soon`)
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({
      error: { code: 'REPLAY_INVALID_FAULT', message: expect.stringMatching(/ms must be/) },
    })
    expect((await post(`${ex.restUrl}/k2/faults/explode`)).status).toBe(400)
    expect((await post(`${ex.restUrl}/k2/faults/skip?symbol=DOGEUSDT`)).status).toBe(400)
    expect((await fetch(`${ex.restUrl}/k2/faults/drop`)).status).toBe(405)
    expect(() => ex.fault({ kind: 'malformed', count: 0 })).toThrow(/count must be/)
  })
})

describe('GET /k2/stats', () => {
  it('reports per symbol the last trade id, frames served and connections, plus totals', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT', 'ETHUSDT'], rate: 0, tradesPerSymbol: 40 })
    const a = await connect(`${ex.url}/stream?streams=btcusdt@trade/ethusdt@trade`)
    const b = await connect(`${ex.url}/ws/btcusdt@trade`)
    await waitFor('the tape', () => ex.stats().done)
    await waitFor('frames', () => a.tradeIds().length === 80)
    const { status, body } = await getJson(ex, '/k2/stats')
    expect(status).toBe(200)
    const served = (body as { symbols: { BTCUSDT: { served: number } } }).symbols.BTCUSDT.served
    expect(served).toBe(40 + b.tradeIds().length)
    expect(body).toMatchObject({
      mode: 'generate',
      started: true,
      done: true,
      symbols: {
        BTCUSDT: {
          lastTradeId: 40,
          produced: 40,
          lastServedTradeId: 40,
          connections: 2,
          skipped: 0,
        },
        ETHUSDT: {
          lastTradeId: 40,
          produced: 40,
          served: 40,
          lastServedTradeId: 40,
          connections: 1,
        },
      },
      totals: { produced: 80, served: 80 + b.tradeIds().length, connections: 2, malformedSent: 0 },
    })
    expect(body).toEqual(ex.stats())
  })
})
