import { NOOP_LOGGER, type TradeV2 } from '@k2/core'
import { describe, expect, it } from 'vitest'

import { createBinanceAdapter } from '../binance/adapter.js'
import { BackfillClient } from './backfill-client.js'
import type { FeedErrorEvent } from './feed-events.js'
import type { FeedTrade } from './feed-trade.js'
import { GapRepairer } from './gap-repairer.js'
import { RestWeightBudget } from './rest-budget.js'
import { FakeRest, ids } from './testing/fake-rest.js'
import { observerLog } from './testing/feed-harness.js'
import { ManualClock } from './testing/manual-clock.js'
import { BEFORE_FIRST_TRADE, TradeSequencer } from './trade-sequencer.js'

function live(sequence: number): FeedTrade {
  return { trade: { symbol: 'BTCUSDT' } as TradeV2, sequence }
}

function setup(exchangeIds: number[], limit = 1000) {
  const clock = new ManualClock()
  const rest = new FakeRest(clock, exchangeIds)
  const abort = new AbortController()
  const emitted: FeedTrade[] = []
  const errors: FeedErrorEvent[] = []
  const log: string[] = []
  const observer = observerLog(log)
  const client = new BackfillClient(
    createBinanceAdapter({ restBase: 'http://rest.test' }),
    new RestWeightBudget(6000, clock),
    { restTimeoutMs: 1000, maxAttempts: 2, retryBaseDelayMs: 100, retryMaxDelayMs: 100 },
    clock,
    rest.fetch,
    () => 0.5,
    abort.signal,
    { rateLimited: () => {}, retry: () => {} },
  )
  const sequencer = new TradeSequencer(['BTCUSDT'], true, 100, {
    emit: (trade) => emitted.push(trade),
    gap: (state, size) => repairer.start(state, 'gap', size),
    unexpected: () => {},
  })
  const repairer = new GapRepairer({
    sequencer,
    client,
    limit,
    exchange: 'BINANCE',
    observer,
    logger: NOOP_LOGGER,
    error: (event) => errors.push(event),
    clock,
    random: () => 0.5,
    retryBaseDelayMs: 100,
    retryMaxDelayMs: 100,
    signal: abort.signal,
  })
  const state = sequencer.state('BTCUSDT')!
  const sequences = () => emitted.map((t) => t.sequence)
  /** Lets the repair run, moving the clock on, until it is idle. */
  const settle = async () => {
    for (let i = 0; i < 200 && (state.repairing || clock.pending > 0); i++) await clock.advance(50)
  }
  return { clock, rest, abort, sequencer, repairer, state, emitted, sequences, errors, log, settle }
}

describe('GapRepairer', () => {
  it('after a reconnect reads REST page by page until a short page (caught up)', async () => {
    const r = setup(ids(1, 2500))
    r.sequencer.resumeAfter('BTCUSDT', 0)
    r.repairer.start(r.state, 'reconnect')
    await r.settle()
    expect(r.sequences()).toEqual(ids(1, 2500))
    expect(r.rest.calls.map((c) => c.fromId)).toEqual([1, 1001, 2001])
    expect(r.log).toEqual(['gap:BTCUSDT:2500:critical', 'repaired:BTCUSDT:2500'])
    expect(r.state).toMatchObject({ repairing: false, backfilled: 2500, gaps: 1 })
  })

  it('after a reconnect with nothing missed: one request, no gap reported', async () => {
    const r = setup(ids(1, 10))
    r.sequencer.resumeAfter('BTCUSDT', 10)
    r.repairer.start(r.state, 'reconnect')
    await r.settle()
    expect(r.sequences()).toEqual([])
    expect(r.rest.calls).toHaveLength(1)
    expect(r.log).toEqual([])
  })

  it('stops once the live trades held meanwhile follow on, instead of chasing the stream', async () => {
    // REST has far more than the feed has seen; the live stream moves on 80 trades during each
    // request (the buffer holds 100), and they are held while the repair runs. Nothing is missing: the first page shows
    // the held trades start right after the last emitted one.
    const r = setup(ids(1, 20_000))
    r.sequencer.resumeAfter('BTCUSDT', 0)
    let next = 1
    r.rest.onFetch = () => {
      for (const end = next + 80; next < end; next++) r.sequencer.accept(live(next))
    }
    r.repairer.start(r.state, 'reconnect')
    await r.settle()
    expect(r.rest.calls).toHaveLength(1)
    expect(r.sequences()).toEqual(ids(1, 80))
    expect(r.state).toMatchObject({ repairing: false, backfilled: 0, pending: [] })
  })

  it('from before the first trade on an exchange whose ids start at 1: nothing lost, REST asked a few times only', async () => {
    // Resumed from "before the first trade" (-1): REST's page from 0 starts at the held live trade
    // itself. The history starts there; there is no trade 0 to lose.
    const r = setup(ids(1, 5))
    r.sequencer.resumeAfter('BTCUSDT', BEFORE_FIRST_TRADE)
    for (const seq of [1, 2, 3]) r.sequencer.accept(live(seq))
    await r.settle()
    expect(r.sequences()).toEqual([1, 2, 3])
    expect(r.rest.calls.length).toBeLessThan(5)
    expect(r.errors).toEqual([])
    expect(r.state).toMatchObject({ repairing: false, unrepaired: 0, pending: [] })
  })

  it('a hole REST cannot fill right before the held trades is reported once, not asked forever', async () => {
    // Resumed after 10; REST has nothing from 11 on but the held live trades (14...).
    const r = setup([...ids(1, 10), ...ids(14, 16)])
    r.sequencer.resumeAfter('BTCUSDT', 10)
    for (const seq of [14, 15, 16]) r.sequencer.accept(live(seq))
    await r.settle()
    expect(r.sequences()).toEqual([14, 15, 16])
    expect(r.rest.calls.length).toBeLessThan(5)
    expect(r.errors.map((e) => e.error.message)).toEqual([
      'BTCUSDT: trades 11..13 (3) could not be recovered from REST',
    ])
    expect(r.state).toMatchObject({ repairing: false, unrepaired: 3, pending: [] })
  })

  it('fills a live gap from REST, then emits the held live trades', async () => {
    const r = setup(ids(1, 40))
    r.sequencer.resumeAfter('BTCUSDT', 10)
    const held = [live(21), live(22)]
    for (const trade of held) r.sequencer.accept(trade) // 11..20 missing
    await r.settle()
    expect(r.sequences()).toEqual(ids(11, 22))
    // REST filled the hole only; 21 and 22 went out as the live copies (REST has them too).
    expect(r.emitted.slice(-2)).toEqual(held)
    expect(r.emitted[10]).toBe(held[0])
    expect(r.state.backfilled).toBe(10)
    expect(r.log).toEqual(['gap:BTCUSDT:10:minor', 'repaired:BTCUSDT:10'])
  })

  it('asks again when REST lags the stream, and gets the trades once REST has them', async () => {
    const r = setup(ids(1, 15))
    r.sequencer.resumeAfter('BTCUSDT', 10)
    r.sequencer.accept(live(21))
    await r.clock.advance(1)
    r.rest.ids = ids(1, 25) // REST catches up
    await r.settle()
    expect(r.sequences()).toEqual(ids(11, 21))
    expect(r.errors).toEqual([])
    expect(r.rest.calls.length).toBeGreaterThanOrEqual(2)
  })

  it('reports trades the exchange does not have as FEED_GAP_UNREPAIRED and goes on', async () => {
    const r = setup([...ids(1, 20), ...ids(26, 30)])
    r.sequencer.resumeAfter('BTCUSDT', 10)
    r.sequencer.accept(live(31))
    await r.settle()
    expect(r.sequences()).toEqual([...ids(11, 20), ...ids(26, 31)])
    expect(r.errors.map((e) => `${e.reason}:${e.error.code}`)).toEqual([
      'backfill:FEED_GAP_UNREPAIRED',
    ])
    expect(r.errors[0]?.error.context).toMatchObject({
      symbol: 'BTCUSDT',
      from: 21,
      to: 25,
      count: 5,
    })
    expect(r.state.unrepaired).toBe(5)
  })

  it('gives up on a hole REST never fills after a few tries', async () => {
    const r = setup(ids(1, 15))
    r.sequencer.resumeAfter('BTCUSDT', 10)
    r.sequencer.accept(live(21))
    await r.settle()
    expect(r.sequences()).toEqual([...ids(11, 15), 21])
    expect(r.errors[0]?.error.context).toMatchObject({ from: 16, to: 20 })
    expect(r.rest.calls).toHaveLength(4) // the first answer and 3 more tries
  })

  it('reports a failed backfill and lets the held trades go', async () => {
    const r = setup(ids(1, 40))
    r.rest.queue({ status: 400, body: '{"code":-1121,"msg":"Invalid symbol."}' })
    r.sequencer.resumeAfter('BTCUSDT', 10)
    r.sequencer.accept(live(21))
    await r.settle()
    expect(r.errors.map((e) => `${e.reason}:${e.error.code}`)).toEqual([
      'backfill:FEED_BACKFILL_FAILED',
      'backfill:FEED_GAP_UNREPAIRED',
    ])
    expect(r.sequences()).toEqual([21])
  })

  it('runs another pass when asked again while running', async () => {
    const r = setup(ids(1, 5))
    r.sequencer.resumeAfter('BTCUSDT', 0)
    r.repairer.start(r.state, 'reconnect')
    r.rest.ids = ids(1, 8) // more trades appear while the first request is out
    r.repairer.start(r.state, 'reconnect')
    await r.settle()
    expect(r.sequences()).toEqual(ids(1, 8))
  })

  it('stops quietly when the feed stops', async () => {
    const r = setup(ids(1, 5000))
    r.sequencer.resumeAfter('BTCUSDT', 0)
    r.repairer.start(r.state, 'reconnect')
    r.abort.abort()
    await r.settle()
    expect(r.errors).toEqual([])
    expect(r.state.repairing).toBe(false)
  })
})
