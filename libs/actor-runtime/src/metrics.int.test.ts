import { afterEach, describe, expect, it } from 'vitest'

import { echoProtocol } from './fixtures/echo.protocol.js'
import { waitFor } from './fixtures/wait-for.js'
import { createSupervisor, type Supervisor } from './supervisor.js'

const ECHO = new URL('./fixtures/echo.actor.ts', import.meta.url)

/** The value of one series line in a text exposition, e.g. `name{a="b"}`; undefined if absent. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

const received = (symbol: string) => `k2_binance_messages_received_total{symbol="${symbol}"}`

/**
 * The process's one `/metrics` (D8) over real worker threads: every worker's registry merged with
 * the main thread's, restarted and stopped workers' counters carried over.
 */
describe('process metrics', { timeout: 30_000 }, () => {
  let supervisor: Supervisor
  afterEach(async () => {
    await supervisor.stopAll()
  })

  /** Snapshots only on scrapes (`metricsRefreshMs: 0`) unless `refreshMs` is given. */
  function create(refreshMs = 0) {
    supervisor = createSupervisor({
      restart: { initialDelayMs: 10, maxDelayMs: 100 },
      metricsRefreshMs: refreshMs,
    })
  }

  const spawn = (name: string, init = {}) =>
    supervisor.spawn({ name, protocol: echoProtocol, moduleUrl: ECHO, init })

  it('merges every worker’s registry with the main thread’s, in one exposition', async () => {
    create()
    const a = await spawn('a')
    const b = await spawn('b')
    await a.call('count', { symbol: 'BTCUSDT', by: 5, price: 43_210.5 })
    await b.call('count', { symbol: 'BTCUSDT', by: 7 })
    await b.call('count', { symbol: 'ETHUSDT', by: 2, price: 2_300.25 })
    const text = await supervisor.metricsText()
    expect(valueOf(text, received('BTCUSDT'))).toBe(12)
    expect(valueOf(text, received('ETHUSDT'))).toBe(2)
    expect(valueOf(text, 'k2_ingest_to_commit_seconds_count')).toBe(3)
    expect(valueOf(text, 'k2_binance_connection_status')).toBe(2)
    // Gauges set by a collect hook, on each snapshot.
    expect(valueOf(text, 'k2_last_trade_price{exchange="ECHO",symbol="BTCUSDT"}')).toBe(43_210.5)
    expect(valueOf(text, 'k2_last_trade_price{exchange="ECHO",symbol="ETHUSDT"}')).toBe(2_300.25)
    expect(text.match(/^# TYPE k2_binance_messages_received_total counter$/gm)).toHaveLength(1)
    // The main thread's own registry is there too.
    expect(text).toContain('# TYPE k2_actor_restarts_total counter')
    // ... and a worker sees the same merged text.
    const fromWorker = await a.call('processMetrics', null)
    expect(valueOf(fromWorker, received('BTCUSDT'))).toBe(12)
  })

  it('never lets a counter go back when a worker is killed and restarted', async () => {
    create()
    const a = await spawn('a')
    const b = await spawn('b')
    await a.call('count', { symbol: 'BTCUSDT', by: 5 })
    await b.call('count', { symbol: 'BTCUSDT', by: 7 })
    expect(valueOf(await supervisor.metricsText(), received('BTCUSDT'))).toBe(12)

    await b.kill()
    // Dead and restarting: its last scraped values stand in for it.
    expect(valueOf(await supervisor.metricsText(), received('BTCUSDT'))).toBe(12)
    await waitFor(() => b.state === 'running')
    const restarted = await supervisor.metricsText()
    expect(valueOf(restarted, received('BTCUSDT'))).toBe(12)
    expect(valueOf(restarted, 'k2_ingest_to_commit_seconds_count')).toBe(2)
    expect(valueOf(restarted, 'k2_actor_restarts_total{actor="b"}')).toBe(1)
    // The dead worker's gauges went with it.
    expect(valueOf(restarted, 'k2_binance_connection_status')).toBe(1)

    await b.call('count', { symbol: 'BTCUSDT', by: 1 })
    expect(valueOf(await supervisor.metricsText(), received('BTCUSDT'))).toBe(13)
    // Killed again without a scrape in between: the 1 counted since the last scrape is lost,
    // the total stays where the last scrape saw it (monotonic; the loss is documented).
    await b.call('count', { symbol: 'BTCUSDT', by: 100 })
    await b.kill()
    await waitFor(() => b.state === 'running')
    const text = await supervisor.metricsText()
    expect(valueOf(text, received('BTCUSDT'))).toBe(13)
    expect(valueOf(text, 'k2_actor_restarts_total{actor="b"}')).toBe(2)
  })

  /**
   * Polls the merged metrics while the worker is busy (its event loop blocked, so it cannot
   * answer a scrape's request within `metricsTimeoutMs`): a value seen then comes from a snapshot
   * the supervisor already had.
   */
  async function whileBlocked(series: string, expected: number): Promise<number | undefined> {
    const deadline = Date.now() + 5_000
    let seen: number | undefined
    while (Date.now() < deadline) {
      seen = valueOf(await supervisor.metricsText(), series)
      if (seen === expected) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    return seen
  }

  it('refreshes snapshots between scrapes, so a crash loses only what came after the last', async () => {
    supervisor = createSupervisor({ metricsRefreshMs: 20, metricsTimeoutMs: 50 })
    const b = await spawn('b')
    await b.call('count', { symbol: 'BTCUSDT', by: 100 })
    // Time for background refreshes, then the worker answers nothing for a while.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const blocked = b.call('block', { ms: 8_000 }).catch(() => null)
    expect(await whileBlocked(received('BTCUSDT'), 100)).toBe(100)
    await b.kill()
    await blocked
    await waitFor(() => b.state === 'running')
    expect(valueOf(await supervisor.metricsText(), received('BTCUSDT'))).toBe(100)
  })

  it('keeps what a worker published before it crashed, without any scrape', async () => {
    supervisor = createSupervisor({ metricsRefreshMs: 0, metricsTimeoutMs: 50 })
    const b = await spawn('b')
    await b.call('count', { symbol: 'BTCUSDT', by: 40, publish: true })
    await b.call('count', { symbol: 'BTCUSDT', by: 2, publish: true })
    // Busy from now on: only the published snapshot can reach the supervisor.
    const blocked = b.call('block', { ms: 8_000 }).catch(() => null)
    expect(await whileBlocked(received('BTCUSDT'), 42)).toBe(42)
    await b.kill()
    await blocked
    await waitFor(() => b.state === 'running')
    expect(valueOf(await supervisor.metricsText(), received('BTCUSDT'))).toBe(42)
  })

  it('keeps what a gracefully stopped worker counted, its cleanup included', async () => {
    create()
    const a = await spawn('a', { countOnStop: 3 })
    await a.call('count', { symbol: 'BTCUSDT', by: 4 })
    // Never scraped while it ran: the final snapshot after its cleanup carries everything.
    expect(await a.stop()).toEqual({ graceful: true })
    const text = await supervisor.metricsText()
    expect(valueOf(text, received('BTCUSDT'))).toBe(4)
    expect(valueOf(text, received('STOP'))).toBe(3)
  })

  it('answers with a busy worker’s previous snapshot instead of waiting for it', async () => {
    supervisor = createSupervisor({ metricsTimeoutMs: 200, metricsRefreshMs: 0 })
    const a = await spawn('a')
    await a.call('count', { symbol: 'BTCUSDT', by: 2 })
    expect(valueOf(await supervisor.metricsText(), received('BTCUSDT'))).toBe(2)
    await a.call('count', { symbol: 'BTCUSDT', by: 1 })
    // The worker's event loop is busy far longer than the scrape waits.
    const blocked = a.call('block', { ms: 3_000 })
    expect(valueOf(await supervisor.metricsText(), received('BTCUSDT'))).toBe(2)
    await blocked
    expect(valueOf(await supervisor.metricsText(), received('BTCUSDT'))).toBe(3)
  })
})
