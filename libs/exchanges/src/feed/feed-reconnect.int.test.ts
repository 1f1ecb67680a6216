import { createServer } from 'node:https'

import { afterEach, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'

import {
  LogRecorder,
  deadPort,
  feedOn,
  observerLog,
  range,
  replay,
  tcpGate,
  waitFor,
} from './testing/feed-harness.js'
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from './testing/self-signed-cert.js'

const STREAM = '/stream?streams=btcusdt@trade'
const closers: (() => Promise<void>)[] = []

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

describe('feed reconnects', { timeout: 20_000 }, () => {
  it('rotates round-robin over the URLs after each failed attempt, then connects', async () => {
    const exchange = await replay({ symbols: ['BTCUSDT'], rate: 500, tradesPerSymbol: 300 })
    const dead1 = `ws://127.0.0.1:${await deadPort()}${STREAM}`
    const dead2 = `ws://127.0.0.1:${await deadPort()}${STREAM}`
    const live = `${exchange.url}${STREAM}`
    const logger = new LogRecorder()
    const { feed, events } = feedOn(exchange, ['BTCUSDT'], { urls: [dead1, dead2, live], logger })
    expect(await feed.start()).toBe('connected')
    expect(logger.events('connecting').map((e) => e.url)).toEqual([dead1, dead2, live])
    expect(events.errorCodes()).toEqual([
      'connection:FEED_CONNECT_FAILED',
      'connection:FEED_CONNECT_FAILED',
    ])
    expect(events.errors[0]?.error.context).toMatchObject({ errorType: 'refused', url: dead1 })
    expect(events.statusList()).toEqual(['connecting', 'reconnecting', 'connected'])
    expect(feed.stats().url).toBe(live)
    await waitFor('all trades', () => feed.stats().symbols.BTCUSDT?.lastSequence === 300)
    expect(events.sequences('BTCUSDT')).toEqual(range(1, 300))
  })

  it('backs off exponentially with full jitter between attempts', async () => {
    const dead = `ws://127.0.0.1:${await deadPort()}${STREAM}`
    const log: string[] = []
    const { feed } = feedOn(undefined, ['BTCUSDT'], {
      urls: [dead],
      random: () => 0.5,
      observer: observerLog(log),
      options: {
        reconnectBaseDelayMs: 8,
        reconnectMaxDelayMs: 40,
        maxReconnectAttempts: 6,
        breakerFailureThreshold: 100,
      },
    })
    expect(await feed.start()).toBe('failed')
    // random 0.5 x min(40, 8 x 2^n) for n = 1..5 (the n-th failure waits before attempt n + 1).
    expect(log.filter((l) => l.startsWith('delay:'))).toEqual([
      'delay:0.008',
      'delay:0.016',
      'delay:0.02',
      'delay:0.02',
      'delay:0.02',
    ])
  })

  it('reports failed after maxReconnectAttempts instead of hanging, and stops trying', async () => {
    const dead = `ws://127.0.0.1:${await deadPort()}${STREAM}`
    const log: string[] = []
    const { feed, events } = feedOn(undefined, ['BTCUSDT'], {
      urls: [dead],
      observer: observerLog(log),
      options: { maxReconnectAttempts: 3, breakerFailureThreshold: 100 },
    })
    expect(await feed.start()).toBe('failed')
    expect(feed.status).toBe('failed')
    expect(events.statusList()).toEqual(['connecting', 'reconnecting', 'failed'])
    expect(events.statuses.at(-1)).toMatchObject({ reason: 'max_attempts' })
    expect(events.errorCodes()).toEqual([
      'connection:FEED_CONNECT_FAILED',
      'connection:FEED_CONNECT_FAILED',
      'connection:FEED_CONNECT_FAILED',
      'connection:FEED_MAX_ATTEMPTS',
    ])
    expect(log.filter((l) => l.startsWith('connection_error:'))).toEqual([
      'connection_error:refused',
      'connection_error:refused',
      'connection_error:refused',
    ])
    expect(log.filter((l) => l.startsWith('status:'))).toEqual([
      'status:connecting',
      'status:reconnecting',
      'status:failed',
    ])
    await feed.stop()
    expect(events.statusList().at(-1)).toBe('stopped')
  })

  it('reconnects to the exchange after a drop and repairs the gap', async () => {
    const exchange = await replay({ symbols: ['BTCUSDT'], rate: 1000, tradesPerSymbol: 1500 })
    const log: string[] = []
    const { feed, events } = feedOn(exchange, ['BTCUSDT'], { observer: observerLog(log) })
    await feed.start()
    await waitFor('200 trades', () => events.trades.length >= 200)
    exchange.fault({ kind: 'drop' })
    await waitFor('all trades', () => feed.stats().symbols.BTCUSDT?.lastSequence === 1500)
    expect(events.sequences('BTCUSDT')).toEqual(range(1, 1500))
    expect(log).toContain('reconnect:closed')
    expect(events.statusList()).toEqual(['connecting', 'connected', 'reconnecting', 'connected'])
    expect(events.errorCodes()).toEqual(['connection:FEED_CONNECTION_LOST'])
  })

  it('verifies TLS: a self-signed wss server fails the connection with a tls error', async () => {
    const server = createServer({ cert: SELF_SIGNED_CERT, key: SELF_SIGNED_KEY })
    const wss = new WebSocketServer({ server })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    closers.push(async () => {
      for (const client of wss.clients) client.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    })
    const { port } = server.address() as { port: number }
    const url = `wss://127.0.0.1:${port}${STREAM}`
    // The server itself works: a client that trusts this certificate gets in.
    const trusting = new WebSocket(url, { ca: SELF_SIGNED_CERT })
    await new Promise<void>((resolve, reject) => {
      trusting.once('open', () => resolve())
      trusting.once('error', reject)
    })
    trusting.terminate()

    const log: string[] = []
    const { feed, events } = feedOn(undefined, ['BTCUSDT'], {
      urls: [url],
      observer: observerLog(log),
      options: { maxReconnectAttempts: 1 },
    })
    expect(await feed.start()).toBe('failed')
    expect(events.errors[0]?.error.code).toBe('FEED_CONNECT_FAILED')
    expect(events.errors[0]?.error.context.errorType).toBe('tls')
    expect(log).toContain('connection_error:tls')
  })

  it('opens the circuit after 3 failures, makes no attempt while open, and closes after 2 successes', async () => {
    const exchange = await replay({ symbols: ['BTCUSDT'], rate: 200 })
    const log: string[] = []
    const gate = await tcpGate({ port: exchange.port }, log)
    const { feed, events } = feedOn(exchange, ['BTCUSDT'], {
      urls: [`${gate.url}${STREAM}`],
      observer: observerLog(log),
      options: {
        breakerFailureThreshold: 3,
        breakerHalfOpenAfterMs: 150,
        breakerSuccessThreshold: 2,
        maxReconnectAttempts: 1000,
      },
    })
    void feed.start()
    // Closed gate: every attempt fails; the breaker opens, half-opens, fails its trial, ...
    await waitFor('two trials', () => log.filter((l) => l === 'circuit:half-open').length >= 2)
    gate.open()
    await waitFor('connected', () => feed.status === 'connected')
    await waitFor('closed breaker', () => feed.stats().breakerState === 'closed')
    const circuit = log.filter((l) => l.startsWith('circuit:') || l === 'attempt')
    // Three attempts, then open; from then on each open is followed by half-open before any attempt.
    expect(circuit.slice(0, 5)).toEqual([
      'circuit:closed',
      'attempt',
      'attempt',
      'attempt',
      'circuit:open',
    ])
    circuit.forEach((entry, i) => {
      if (entry === 'circuit:open') expect(circuit[i + 1]).toBe('circuit:half-open')
    })
    expect(circuit.slice(-3)).toEqual(['circuit:half-open', 'attempt', 'circuit:closed'])
    // Only one attempt per half-open: the failed trials and the successful one.
    const trials = circuit.filter((l) => l === 'circuit:half-open').length
    expect(gate.attempts()).toBe(3 + trials)
    await waitFor('trades', () => events.trades.length > 10)
  })
})
