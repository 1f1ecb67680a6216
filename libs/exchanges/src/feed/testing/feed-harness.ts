// Test harness of the feed's integration tests: replay exchanges and feeds on free ports, an
// event recorder, polling helpers; everything started here is closed after each test.
import { createServer, type Server, type Socket } from 'node:net'

// eslint-disable-next-line @nx/enforce-module-boundaries -- tests run against the replay exchange (issue 4)
import {
  startReplayExchange,
  type ReplayExchange,
  type ReplayExchangeOptions,
} from '@k2/tools-binance-replay'
import type { Logger } from '@k2/core'
import { afterEach } from 'vitest'

import { createBinanceAdapter } from '../../binance/adapter.js'
import { createFeed, type CreateFeedArgs, type Feed } from '../create-feed.js'
import type { FeedErrorEvent, FeedEvents, FeedStatusChange } from '../feed-events.js'
import type { FeedObserver } from '../feed-observer.js'
import type { FeedOptions } from '../feed-options.js'
import type { FeedTrade } from '../feed-trade.js'

const exchanges: ReplayExchange[] = []
const feeds: Feed[] = []
const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  await Promise.all(feeds.splice(0).map((feed) => feed.stop()))
  await Promise.all(exchanges.splice(0).map((exchange) => exchange.close()))
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))
})

/** Short timings so that tests run in well under a second per scenario. */
export const FAST: Partial<FeedOptions> = {
  reconnectBaseDelayMs: 10,
  reconnectMaxDelayMs: 50,
  connectTimeoutMs: 2_000,
  silenceTimeoutMs: 2_000,
  silenceMaxTimeoutMs: 2_000,
  breakerHalfOpenAfterMs: 100,
  rotationDrainMs: 100,
  backfillRetryBaseDelayMs: 10,
  backfillRetryMaxDelayMs: 50,
  closeTimeoutMs: 200,
}

/** Starts a replay exchange on a free port, closed after the test. */
export async function replay(options: ReplayExchangeOptions = {}): Promise<ReplayExchange> {
  const exchange = await startReplayExchange({ port: 0, ...options })
  exchanges.push(exchange)
  return exchange
}

/** Everything a feed reported, in order. */
export class Recorder implements FeedEvents {
  readonly trades: FeedTrade[] = []
  readonly statuses: FeedStatusChange[] = []
  readonly errors: FeedErrorEvent[] = []

  onTrade(trade: FeedTrade): void {
    this.trades.push(trade)
  }

  onStatus(change: FeedStatusChange): void {
    this.statuses.push(change)
  }

  onError(event: FeedErrorEvent): void {
    this.errors.push(event)
  }

  /** Sequences emitted for `symbol`, in order. */
  sequences(symbol: string): number[] {
    return this.trades.filter((t) => t.trade.symbol === symbol).map((t) => t.sequence)
  }

  /** The statuses in order. */
  statusList(): string[] {
    return this.statuses.map((s) => s.status)
  }

  /** Error codes with their reason, e.g. `invalid_frame:BINANCE_MALFORMED_JSON`. */
  errorCodes(): string[] {
    return this.errors.map((e) => `${e.reason}:${e.error.code}`)
  }
}

/** What {@link feedOn} takes: createFeed's arguments, all optional. */
export type FeedArgs = Partial<Omit<CreateFeedArgs, 'options'>> & {
  readonly options?: Partial<FeedOptions>
}

/** A feed of `symbols` on `exchange` (Binance adapter, {@link FAST} timings), stopped after the test. */
export function feedOn(
  exchange: ReplayExchange | undefined,
  symbols: readonly string[],
  args: FeedArgs = {},
): { feed: Feed; events: Recorder } {
  const events = args.events instanceof Recorder ? args.events : new Recorder()
  const adapter =
    args.adapter ??
    createBinanceAdapter({
      streamBases: [exchange?.url ?? 'ws://127.0.0.1:9'],
      restBase: exchange?.restUrl ?? 'http://127.0.0.1:9',
    })
  const feed = createFeed({
    ...args,
    adapter,
    symbols,
    events,
    options: { ...FAST, ...args.options },
  })
  feeds.push(feed)
  return { feed, events }
}

/** Polls `condition` every 5 ms until it holds; fails after `timeoutMs` naming `what`. */
export async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** `[from, ..., to]`. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i)
}

/** A port with nothing listening (bound, then released). */
export async function deadPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await closeServer(server)
  return port
}

/**
 * A TCP gate in front of `target`: while closed it accepts and at once destroys every connection
 * (a WebSocket handshake fails), while open it relays bytes both ways. Counts the connections it
 * saw and logs `attempt` for each into `log` when given.
 */
export async function tcpGate(
  target: { port: number },
  log?: string[],
): Promise<{ url: string; attempts: () => number; open(): void; close(): void }> {
  let isOpen = false
  let attempts = 0
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    attempts += 1
    log?.push('attempt')
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => {})
    if (!isOpen) {
      client.destroy()
      return
    }
    const upstream = new (client.constructor as typeof Socket)()
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
    upstream.connect(target.port, '127.0.0.1', () => {
      client.pipe(upstream)
      upstream.pipe(client)
    })
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    sockets.add(upstream)
    upstream.on('close', () => sockets.delete(upstream))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy()
    return closeServer(server)
  })
  const { port } = server.address() as { port: number }
  return {
    url: `ws://127.0.0.1:${port}`,
    attempts: () => attempts,
    open: () => {
      isOpen = true
    },
    close: () => {
      isOpen = false
    },
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}

/** One log call as {@link LogRecorder} keeps it. */
export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error'
  readonly fields: Record<string, unknown>
  readonly msg: string | undefined
}

/** A logger that keeps every call (children share the list and add their bindings). */
export class LogRecorder implements Logger {
  constructor(
    readonly entries: LogEntry[] = [],
    private readonly bindings: Record<string, unknown> = {},
  ) {}

  debug(obj: object, msg?: string): void {
    this.add('debug', obj, msg)
  }

  info(obj: object, msg?: string): void {
    this.add('info', obj, msg)
  }

  warn(obj: object, msg?: string): void {
    this.add('warn', obj, msg)
  }

  error(obj: object, msg?: string): void {
    this.add('error', obj, msg)
  }

  child(bindings: Record<string, unknown>): Logger {
    return new LogRecorder(this.entries, { ...this.bindings, ...bindings })
  }

  /** The entries whose `event` field is `event`. */
  events(event: string): Record<string, unknown>[] {
    return this.entries.filter((e) => e.fields.event === event).map((e) => e.fields)
  }

  private add(level: LogEntry['level'], obj: object, msg: string | undefined): void {
    this.entries.push({ level, fields: { ...this.bindings, ...obj }, msg })
  }
}

/**
 * An observer that writes each call into `log` as text, e.g. `reconnect:closed`,
 * `circuit:open`, `gap:BTCUSDT:5:minor` (`messageReceived` and `lastMessageTime` are counted in
 * `counts` instead, being per frame and per check).
 */
export function observerLog(
  log: string[],
  counts: { messages: number; lastMessageTimes: number[] } = { messages: 0, lastMessageTimes: [] },
): FeedObserver {
  return {
    connectionStatus: (status) => log.push(`status:${status}`),
    messageReceived: () => {
      counts.messages += 1
    },
    messageError: (type) => log.push(`message_error:${type}`),
    reconnect: (reason) => log.push(`reconnect:${reason}`),
    connectionError: (type) => log.push(`connection_error:${type}`),
    lastMessageTime: (seconds) => {
      counts.lastMessageTimes.push(seconds)
    },
    reconnectDelay: (seconds) => log.push(`delay:${seconds}`),
    gapDetected: (symbol, size, severity) => log.push(`gap:${symbol}:${size}:${severity}`),
    gapRepaired: (symbol, count) => log.push(`repaired:${symbol}:${count}`),
    circuitState: (_name, state) => log.push(`circuit:${state}`),
  }
}
