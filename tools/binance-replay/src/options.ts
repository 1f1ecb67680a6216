import { ReplayError } from './errors.js'
import { DEFAULT_RETAINED_TRADES } from './trade-store.js'

/** Options of `startReplayExchange`. Every one is optional; see {@link DEFAULTS}. */
export interface ReplayExchangeOptions {
  /** TCP port of the WebSocket, REST and control endpoints; 0 (default) picks a free one. */
  readonly port?: number
  /** Interface to listen on; default 127.0.0.1 so the test double is never exposed on the LAN. */
  readonly host?: string
  /** Symbols of the generated tape, upper case (`BTCUSDT`). Not with `play`. */
  readonly symbols?: readonly string[]
  /** Stop a symbol's tape after this many trades; undefined = never. Not with `play`. */
  readonly tradesPerSymbol?: number
  /**
   * Trades per second across all symbols (each symbol gets an equal share). 0 = as fast as the
   * subscribed sockets drain (benchmarks); then a symbol without subscribers waits. Not with `play`.
   */
  readonly rate?: number
  /** Seed of the generated tape: same seed (and symbols' names) -> same trades. Not with `play`. */
  readonly seed?: number
  /** Trade time of the first generated trade's clock, ms since the epoch; default: when the tape starts. */
  readonly startTime?: number
  /** Start the tape when listening instead of at the first subscription. */
  readonly startOnListen?: boolean
  /** Interval of the server's ping frames (Binance: 20 s). */
  readonly pingIntervalMs?: number
  /** A connection whose last answered ping is older than this is dropped (Binance: 1 min). */
  readonly pongTimeoutMs?: number
  /** Connections are closed at this age (Binance: 24 h). */
  readonly maxConnectionAgeMs?: number
  /** REST weight per minute before 429 (Binance: 6000). */
  readonly restWeightPerMinute?: number
  /** Incoming WebSocket messages (requests, pings, pongs) per second before the server closes the connection (Binance: 5). 0 = no limit. */
  readonly maxIncomingMessagesPerSecond?: number
  /** Trades kept per symbol for REST (the newest ones). */
  readonly retainTradesPerSymbol?: number
  /** Path of a recording (JSONL `{"recv_ts": ms, "frame": "<text>"}`) to play instead of generating. */
  readonly play?: string
  /** Playback speed: 1 = recorded timing, 2 = twice as fast, 0 = as fast as the sockets drain. */
  readonly speed?: number
}

/** The options with defaults applied and checked. */
export interface ResolvedOptions {
  readonly port: number
  readonly host: string
  readonly symbols: readonly string[]
  readonly tradesPerSymbol: number | undefined
  readonly rate: number
  readonly seed: number
  readonly startTime: number | undefined
  readonly startOnListen: boolean
  readonly pingIntervalMs: number
  readonly pongTimeoutMs: number
  readonly maxConnectionAgeMs: number
  readonly restWeightPerMinute: number
  readonly maxIncomingMessagesPerSecond: number
  readonly retainTradesPerSymbol: number
  readonly play: string | undefined
  readonly speed: number
}

/** Defaults: Binance's published limits, three liquid symbols, a gentle 30 trades/s. */
export const DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  symbols: ['BTCUSDT', 'ETHUSDT', 'BNBUSDT'],
  rate: 30,
  seed: 1,
  startOnListen: false,
  pingIntervalMs: 20_000,
  pongTimeoutMs: 60_000,
  maxConnectionAgeMs: 24 * 60 * 60 * 1000,
  restWeightPerMinute: 6000,
  maxIncomingMessagesPerSecond: 5,
  retainTradesPerSymbol: DEFAULT_RETAINED_TRADES,
  speed: 1,
} as const

const SYMBOL = /^[A-Z0-9]{2,20}$/
const GENERATOR_ONLY = ['symbols', 'tradesPerSymbol', 'rate', 'seed', 'startTime'] as const

/** Applies {@link DEFAULTS} and checks every option; throws REPLAY_INVALID_OPTIONS naming it. */
export function resolveOptions(options: ReplayExchangeOptions = {}): ResolvedOptions {
  if (options.play !== undefined) {
    if (options.play.trim() === '') fail('play', 'must be a file path')
    for (const name of GENERATOR_ONLY) {
      if (options[name] !== undefined) fail(name, 'does not apply when playing a recording')
    }
  }
  const symbols = options.symbols ?? DEFAULTS.symbols
  if (symbols.length === 0) fail('symbols', 'must name at least one symbol')
  for (const symbol of symbols) {
    if (!SYMBOL.test(symbol)) fail('symbols', `${JSON.stringify(symbol)} is not like BTCUSDT`)
  }
  if (new Set(symbols).size !== symbols.length) fail('symbols', 'must not repeat a symbol')
  const host = options.host ?? DEFAULTS.host
  if (host.trim() === '') fail('host', 'must not be empty')
  const resolved: ResolvedOptions = {
    port: integer('port', options.port ?? DEFAULTS.port, 0, 65535),
    host,
    symbols: [...symbols],
    tradesPerSymbol:
      options.tradesPerSymbol === undefined
        ? undefined
        : integer('tradesPerSymbol', options.tradesPerSymbol, 0),
    rate: finite('rate', options.rate ?? DEFAULTS.rate),
    seed: integer('seed', options.seed ?? DEFAULTS.seed, 0),
    startTime:
      options.startTime === undefined ? undefined : integer('startTime', options.startTime, 0),
    startOnListen: options.startOnListen ?? DEFAULTS.startOnListen,
    pingIntervalMs: integer('pingIntervalMs', options.pingIntervalMs ?? DEFAULTS.pingIntervalMs, 1),
    pongTimeoutMs: integer('pongTimeoutMs', options.pongTimeoutMs ?? DEFAULTS.pongTimeoutMs, 1),
    maxConnectionAgeMs: integer(
      'maxConnectionAgeMs',
      options.maxConnectionAgeMs ?? DEFAULTS.maxConnectionAgeMs,
      1,
    ),
    restWeightPerMinute: integer(
      'restWeightPerMinute',
      options.restWeightPerMinute ?? DEFAULTS.restWeightPerMinute,
      0,
    ),
    maxIncomingMessagesPerSecond: integer(
      'maxIncomingMessagesPerSecond',
      options.maxIncomingMessagesPerSecond ?? DEFAULTS.maxIncomingMessagesPerSecond,
      0,
    ),
    retainTradesPerSymbol: integer(
      'retainTradesPerSymbol',
      options.retainTradesPerSymbol ?? DEFAULTS.retainTradesPerSymbol,
      1,
    ),
    play: options.play,
    speed: finite('speed', options.speed ?? DEFAULTS.speed),
  }
  return resolved
}

function integer(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`
    fail(name, `must be an integer ${range} (got ${value})`)
  }
  return value
}

function finite(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) fail(name, `must be a number >= 0 (got ${value})`)
  return value
}

function fail(name: string, problem: string): never {
  throw new ReplayError('REPLAY_INVALID_OPTIONS', `${name} ${problem}`, {
    context: { option: name },
  })
}
