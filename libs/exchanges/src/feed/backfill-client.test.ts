import { describe, expect, it } from 'vitest'

import { createBinanceAdapter } from '../binance/adapter.js'
import { BackfillClient, type BackfillClientOptions } from './backfill-client.js'
import { RestWeightBudget } from './rest-budget.js'
import { FakeRest, ids } from './testing/fake-rest.js'
import { ManualClock, flush } from './testing/manual-clock.js'

const MINUTE = 60_000
/** A minute boundary in 2023 (the adapter wants real epoch times). */
const BASE = 28_333_334 * MINUTE
const OPTIONS: BackfillClientOptions = {
  restTimeoutMs: 1000,
  maxAttempts: 3,
  retryBaseDelayMs: 100,
  retryMaxDelayMs: 1000,
}

function setup(weightPerMinute = 6000, start = BASE) {
  const clock = new ManualClock(start)
  const rest = new FakeRest(clock, ids(1, 2500))
  const budget = new RestWeightBudget(weightPerMinute, clock)
  const waits: number[] = []
  const retries: string[] = []
  const client = new BackfillClient(
    createBinanceAdapter({ restBase: 'http://rest.test' }),
    budget,
    OPTIONS,
    clock,
    rest.fetch,
    () => 0.5,
    new AbortController().signal,
    {
      rateLimited: (_url, _status, waitMs) => waits.push(waitMs),
      retry: (_url, error, attempt, delayMs) => retries.push(`${error.code}#${attempt}:${delayMs}`),
    },
  )
  return { clock, rest, budget, client, waits, retries }
}

/** Settles `promise` while moving the manual clock on in `step` ms steps (at most `maxMs`). */
async function run<T>(clock: ManualClock, promise: Promise<T>, step = 100, maxMs = 5 * MINUTE) {
  let settled = false
  const result = promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
  void result.then(() => (settled = true))
  await flush()
  for (let t = 0; !settled && t < maxMs; t += step) await clock.advance(step)
  return result
}

describe('BackfillClient', () => {
  it('builds the adapter request and parses the page', async () => {
    const { clock, rest, client } = setup()
    const page = await run(clock, client.fetchPage('BTCUSDT', 101, 1000))
    expect(page.ok && page.value.map((t) => t.sequence)).toEqual(ids(101, 1100))
    expect(rest.calls[0]?.url).toBe(
      'http://rest.test/api/v3/historicalTrades?symbol=BTCUSDT&fromId=101&limit=1000',
    )
  })

  it('honours 429 with Retry-After: waits that long, then sends again (not an attempt)', async () => {
    const { clock, rest, client, waits } = setup()
    rest.queue(
      {
        status: 429,
        body: '{"code":-1003,"msg":"Too much request weight used"}',
        headers: { 'Retry-After': '7' },
      },
      { status: 429, body: '{"code":-1003,"msg":"again"}', headers: { 'Retry-After': '3' } },
    )
    const page = await run(clock, client.fetchPage('BTCUSDT', 1, 10))
    expect(page.ok).toBe(true)
    expect(waits).toEqual([7000, 3000])
    expect(rest.calls.map((c) => c.at - rest.calls[0]!.at)).toEqual([0, 7000, 10_000])
    expect(client.counters).toMatchObject({ requests: 3, rateLimited: 2, retries: 0 })
  })

  it('waits for the next minute after a 429 without Retry-After', async () => {
    const { clock, rest, client, waits } = setup(6000, BASE + 40_000)
    rest.queue({ status: 429, body: '{"code":-1003,"msg":"x"}' })
    expect((await run(clock, client.fetchPage('BTCUSDT', 1, 10))).ok).toBe(true)
    expect(waits).toEqual([20_000])
  })

  it('stays under its own budget: the third request of 25 in a 50/min budget waits a minute', async () => {
    const { clock, rest, client } = setup(50)
    for (const from of [1, 11, 21]) {
      expect((await run(clock, client.fetchPage('BTCUSDT', from, 10), 1000)).ok).toBe(true)
    }
    const at = rest.calls.map((c) => c.at - rest.calls[0]!.at)
    expect(at[0]).toBe(0)
    expect(at[1]).toBe(0)
    expect(at[2]).toBeGreaterThanOrEqual(MINUTE)
  })

  it("follows the exchange's used-weight header", async () => {
    const { clock, rest, client } = setup(6000, BASE + 30_000)
    rest.queue({ status: 200, body: '[]', headers: { 'X-MBX-USED-WEIGHT-1M': '5990' } })
    expect((await run(clock, client.fetchPage('BTCUSDT', 1, 10))).ok).toBe(true)
    expect((await run(clock, client.fetchPage('BTCUSDT', 1, 10), 1000)).ok).toBe(true)
    expect(rest.calls[1]!.at - rest.calls[0]!.at).toBe(30_000)
  })

  it('retries 5xx and network errors with full-jitter backoff', async () => {
    const { clock, rest, client, retries } = setup()
    rest.queue({ status: 503, body: 'busy' }, new TypeError('fetch failed'))
    const page = await run(clock, client.fetchPage('BTCUSDT', 1, 5), 10)
    expect(page.ok && page.value.length).toBe(5)
    expect(retries).toEqual(['FEED_BACKFILL_UNAVAILABLE#1:50', 'FEED_BACKFILL_UNAVAILABLE#2:100'])
  })

  it('gives up after maxAttempts with FEED_BACKFILL_FAILED carrying the last error', async () => {
    const { clock, rest, client } = setup()
    rest.queue(
      new TypeError('fetch failed'),
      new TypeError('fetch failed'),
      new TypeError('fetch failed'),
    )
    const result = await run(clock, client.fetchPage('BTCUSDT', 1, 5), 10)
    expect(result.ok).toBe(false)
    const error = !result.ok
      ? (result.error as { code: string; cause: { code: string } })
      : undefined
    expect(error?.code).toBe('FEED_BACKFILL_FAILED')
    expect(error?.cause.code).toBe('FEED_BACKFILL_UNAVAILABLE')
    expect(rest.calls).toHaveLength(3)
  })

  it('fails at once on a request the exchange refuses (no retry can help)', async () => {
    const { clock, rest, client } = setup()
    rest.queue({ status: 400, body: '{"code":-1121,"msg":"Invalid symbol."}' })
    const result = await run(clock, client.fetchPage('BTCUSDT', 1, 5))
    expect(result.ok).toBe(false)
    const error = !result.ok
      ? (result.error as { code: string; cause: { code: string } })
      : undefined
    expect(error?.cause.code).toBe('BINANCE_REQUEST_REJECTED')
    expect(rest.calls).toHaveLength(1)
  })

  it('sends one request at a time', async () => {
    const { clock, rest, client } = setup()
    const a = client.fetchPage('BTCUSDT', 1, 5)
    const b = client.fetchPage('BTCUSDT', 6, 5)
    expect((await run(clock, Promise.all([a, b]))).ok).toBe(true)
    expect(rest.calls.map((c) => c.fromId)).toEqual([1, 6])
  })
})
