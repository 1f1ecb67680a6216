import { startReplayExchange, type ReplayExchange } from '@k2/tools-binance-replay'
import { afterEach, describe, expect, it } from 'vitest'

import { runCli } from '../cli.js'
import { testContext } from '../test-support.js'

let exchange: ReplayExchange | undefined

afterEach(async () => {
  await exchange?.close()
  exchange = undefined
})

describe('k2 feed', () => {
  it('streams, repairs skipped ids over REST, and prints per-symbol progress', async () => {
    exchange = await startReplayExchange({
      port: 0,
      symbols: ['BTCUSDT', 'ETHUSDT'],
      tradesPerSymbol: 600,
      rate: 800,
      seed: 3,
    })
    const t = testContext()
    const done = runCli(
      [
        'feed',
        '--url',
        exchange.url,
        '--rest-url',
        exchange.restUrl,
        '--symbols',
        'BTCUSDT,ETHUSDT',
        '--interval-s',
        '0.1',
      ],
      t.context,
    )
    // The tape starts with the first subscription, so the feed sees id 1 on; skip ids mid-stream.
    await t.waitForOut(/BTCUSDT +last id +\d+ +emitted [1-9]/, 20_000)
    exchange.fault({ kind: 'skip', symbol: 'BTCUSDT', count: 7 })
    await t.waitForOut(/BTCUSDT +last id +600 +emitted 600 /, 20_000)
    await t.waitForOut(/ETHUSDT +last id +600 +emitted 600 /, 20_000)
    t.abort()
    expect(await done).toBe(0)
    const last = t.out.at(-1)!
    expect(last).toMatch(/^feed stopped/)
    expect(last).toMatch(/BTCUSDT +last id +600 +emitted 600 +gaps 1 +backfilled 7 /)
    expect(last).toMatch(/ETHUSDT +last id +600 +emitted 600 +gaps 0 +backfilled 0 /)
    expect(t.err).toContain('status connecting')
  }, 30_000)

  it('exits 1 when the feed fails (nothing listens)', async () => {
    const t = testContext({ K2_BINANCE_SYMBOLS: 'BTCUSDT' })
    const code = await runCli(
      [
        'feed',
        '--url',
        'ws://127.0.0.1:1',
        '--rest-url',
        'http://127.0.0.1:1',
        '--max-attempts',
        '2',
        '--reconnect-delay-ms',
        '10',
      ],
      t.context,
    )
    expect(code).toBe(1)
    expect(t.err.some((l) => l.startsWith('status failed'))).toBe(true)
  })
})
