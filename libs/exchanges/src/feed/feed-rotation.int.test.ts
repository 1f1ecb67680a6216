import { describe, expect, it } from 'vitest'

import {
  LogRecorder,
  feedOn,
  observerLog,
  range,
  replay,
  tcpGate,
  waitFor,
} from './testing/feed-harness.js'

describe('feed make-before-break rotation', { timeout: 20_000 }, () => {
  it('on serverShutdown: opens a new connection, switches when it delivers, loses and repeats nothing', async () => {
    const exchange = await replay({
      symbols: ['BTCUSDT', 'ETHUSDT'],
      rate: 2000,
      tradesPerSymbol: 2000,
    })
    const log: string[] = []
    const logger = new LogRecorder()
    const { feed, events } = feedOn(exchange, ['BTCUSDT', 'ETHUSDT'], {
      observer: observerLog(log),
      logger,
      options: { rotationDrainMs: 500 },
    })
    await feed.start()
    await waitFor('300 trades', () => events.trades.length >= 300)
    // The exchange announces the close and closes after 5 s; the feed must not wait for it.
    exchange.fault({ kind: 'shutdown' })
    await waitFor(
      'old connection closed by the feed',
      () => exchange.stats().totals.disconnects.client === 1,
    )
    await waitFor('all trades', () => events.trades.length === 4000)
    expect(events.sequences('BTCUSDT')).toEqual(range(1, 2000))
    expect(events.sequences('ETHUSDT')).toEqual(range(1, 2000))
    expect(exchange.stats().totals.disconnects.shutdown).toBeUndefined()
    expect(log.filter((l) => l.startsWith('reconnect:'))).toEqual(['reconnect:server_shutdown'])
    expect(logger.events('rotation_switched')).toHaveLength(1)
    // Seamless: no status change, no error, and the overlap was dropped rather than emitted.
    expect(events.statusList()).toEqual(['connecting', 'connected'])
    expect(events.errors).toEqual([])
    const stats = feed.stats()
    expect(stats.connectionsOpened).toBe(2)
    const overlap =
      (stats.symbols.BTCUSDT?.duplicatesDropped ?? 0) +
      (stats.symbols.ETHUSDT?.duplicatesDropped ?? 0)
    expect(overlap).toBeGreaterThan(0)
    expect(stats.rest.requests).toBe(0)
  })

  it('rotates before maxConnectionAgeMs, repeatedly, while trades flow', async () => {
    const exchange = await replay({ symbols: ['BTCUSDT'], rate: 1000, tradesPerSymbol: 2000 })
    const log: string[] = []
    const { feed, events } = feedOn(exchange, ['BTCUSDT'], {
      observer: observerLog(log),
      options: { maxConnectionAgeMs: 400, rotationDrainMs: 150 },
    })
    await feed.start()
    await waitFor('all trades', () => feed.stats().symbols.BTCUSDT?.lastSequence === 2000)
    expect(events.sequences('BTCUSDT')).toEqual(range(1, 2000))
    const rotations = log.filter((l) => l === 'reconnect:max_age').length
    expect(rotations).toBeGreaterThanOrEqual(3)
    expect(log.filter((l) => l.startsWith('reconnect:') && l !== 'reconnect:max_age')).toEqual([])
    expect(feed.stats().connectionsOpened).toBeGreaterThanOrEqual(rotations)
    expect(events.statusList()).toEqual(['connecting', 'connected'])
    expect(events.errors).toEqual([])
    expect(feed.stats().rest.requests).toBe(0)
  })

  it('keeps the old connection while the standby cannot connect, then recovers every trade', async () => {
    const exchange = await replay({ symbols: ['BTCUSDT'], rate: 1000, tradesPerSymbol: 2500 })
    const gate = await tcpGate({ port: exchange.port })
    gate.open()
    const log: string[] = []
    const { feed, events } = feedOn(exchange, ['BTCUSDT'], {
      urls: [`${gate.url}/stream?streams=btcusdt@trade`],
      observer: observerLog(log),
      options: { maxReconnectAttempts: 1000, breakerFailureThreshold: 1000 },
    })
    await feed.start()
    await waitFor('100 trades', () => events.trades.length >= 100)
    gate.close() // new connections fail; the open one keeps flowing
    exchange.fault({ kind: 'shutdown', graceMs: 600 })
    await waitFor('failed standby attempts', () => gate.attempts() >= 4)
    expect(feed.status).toBe('connected') // the old connection still delivers meanwhile
    // The exchange closes the old connection after its grace: the feed reconnects once the gate opens.
    await waitFor('reconnecting', () => feed.status === 'reconnecting')
    gate.open()
    await waitFor('all trades', () => feed.stats().symbols.BTCUSDT?.lastSequence === 2500)
    expect(events.sequences('BTCUSDT')).toEqual(range(1, 2500))
    expect(events.errorCodes()).toContain('connection:FEED_CONNECT_FAILED')
    expect(events.errorCodes()).toContain('connection:FEED_CONNECTION_LOST')
    expect(log).toContain('reconnect:server_shutdown')
    expect(log).toContain('reconnect:closed')
    expect(feed.stats().symbols.BTCUSDT?.backfilled).toBeGreaterThan(0)
  })
})
