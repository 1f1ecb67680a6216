import { FeedError } from './errors.js'
import type { ExchangeLimits } from './exchange-adapter.js'

/**
 * Tuning of a feed (STYLE.md habit 7). Every option has a default in {@link FEED_DEFAULTS} or,
 * for the exchange-dependent ones, in {@link resolveFeedOptions}; tests shrink the timings.
 */
export interface FeedOptions {
  /** First reconnect delay ceiling; the n-th retry waits random [0, base x 2^n) (full jitter). */
  readonly reconnectBaseDelayMs: number
  /** Cap of one reconnect delay. */
  readonly reconnectMaxDelayMs: number
  /** Failed connection attempts in a row (since the last healthy connection) before `failed`. */
  readonly maxReconnectAttempts: number
  /** A WebSocket handshake that takes longer fails. */
  readonly connectTimeoutMs: number
  /** Silence watchdog: the timeout's floor (see {@link FeedOptions.silenceActivityFactor}). */
  readonly silenceTimeoutMs: number
  /** Silence timeout = clamp(factor x mean inter-arrival of messages, floor, max). */
  readonly silenceActivityFactor: number
  /** Silence watchdog: the timeout's ceiling. */
  readonly silenceMaxTimeoutMs: number
  /** Rotate (make-before-break) a connection this old; default: exchange limit less 10 % (max 1 h). */
  readonly maxConnectionAgeMs: number
  /** After a switch, how long the old connection may still deliver trades the new one skipped. */
  readonly rotationDrainMs: number
  /** Circuit breaker: consecutive failures that open it. */
  readonly breakerFailureThreshold: number
  /** Circuit breaker: time open before one trial (half-open). */
  readonly breakerHalfOpenAfterMs: number
  /** Circuit breaker: successes in half-open that close it. */
  readonly breakerSuccessThreshold: number
  /** Circuit breaker name: the `breaker_name` label; default `<exchange>_websocket` (lower case). */
  readonly breakerName: string
  /** REST weight per minute this feed stays under; default the exchange's budget. */
  readonly restWeightPerMinute: number
  /** Trades asked for per backfill request; default the exchange's maximum (Binance: 1000). */
  readonly backfillLimit: number
  /** A REST request that takes longer fails (and is retried). */
  readonly restTimeoutMs: number
  /** Attempts of one backfill request on retriable failures (network, 5xx), 429s not counted. */
  readonly backfillMaxAttempts: number
  /** Backoff of those retries: full jitter from this base... */
  readonly backfillRetryBaseDelayMs: number
  /** ...capped at this. */
  readonly backfillRetryMaxDelayMs: number
  /**
   * Live trades held per symbol while its gap is repaired. Past it, further live trades are not
   * held (counted as `bufferOverflow`) and the repair fetches them from REST instead.
   */
  readonly maxBufferedTradesPerSymbol: number
  /** How long `stop()` waits for a close handshake before cutting a connection. */
  readonly closeTimeoutMs: number
  /**
   * Longest pause (`feed.pause()`, back-pressure) before the feed reads again by itself: a paused
   * socket does not answer the exchange's pings (Binance: a ping every 20 s, dropped without a
   * pong for 1 minute), so this stays well under that.
   */
  readonly maxPauseMs: number
  /**
   * Longest time the feed stops reading its connections while a repair's held live trades near
   * `maxBufferedTradesPerSymbol` (the exchange keeps the rest meanwhile; see `RepairHold`). 0 =
   * never: live trades past the bound are fetched over REST instead.
   */
  readonly repairHoldMs: number
}

/** Defaults that do not depend on the exchange (D9 where it says). */
export const FEED_DEFAULTS = Object.freeze({
  reconnectBaseDelayMs: 5_000,
  reconnectMaxDelayMs: 60_000,
  maxReconnectAttempts: 10,
  connectTimeoutMs: 10_000,
  silenceTimeoutMs: 10_000,
  silenceActivityFactor: 50,
  silenceMaxTimeoutMs: 120_000,
  rotationDrainMs: 2_000,
  breakerFailureThreshold: 3,
  breakerHalfOpenAfterMs: 30_000,
  breakerSuccessThreshold: 2,
  restTimeoutMs: 10_000,
  backfillMaxAttempts: 5,
  backfillRetryBaseDelayMs: 1_000,
  backfillRetryMaxDelayMs: 30_000,
  maxBufferedTradesPerSymbol: 100_000,
  closeTimeoutMs: 1_000,
  maxPauseMs: 40_000,
  repairHoldMs: 10_000,
} satisfies Partial<FeedOptions>)

/** The default rotation age for an exchange limit: 10 % earlier, at most 1 h earlier. */
export function defaultRotationAgeMs(exchangeMaxAgeMs: number): number {
  return exchangeMaxAgeMs - Math.min(3_600_000, Math.floor(exchangeMaxAgeMs / 10))
}

const POSITIVE_INTEGERS = [
  'reconnectMaxDelayMs',
  'maxReconnectAttempts',
  'connectTimeoutMs',
  'silenceTimeoutMs',
  'silenceMaxTimeoutMs',
  'maxConnectionAgeMs',
  'breakerFailureThreshold',
  'breakerSuccessThreshold',
  'restWeightPerMinute',
  'backfillLimit',
  'restTimeoutMs',
  'backfillMaxAttempts',
  'maxBufferedTradesPerSymbol',
  'maxPauseMs',
] as const satisfies readonly (keyof FeedOptions)[]

const NON_NEGATIVE_INTEGERS = [
  'repairHoldMs',
  'reconnectBaseDelayMs',
  'rotationDrainMs',
  'breakerHalfOpenAfterMs',
  'backfillRetryBaseDelayMs',
  'backfillRetryMaxDelayMs',
  'closeTimeoutMs',
] as const satisfies readonly (keyof FeedOptions)[]

/**
 * Fills in defaults (exchange-dependent ones from `limits` and `exchange`) and checks every
 * option; throws `FEED_INVALID_OPTIONS` naming the first bad one.
 */
export function resolveFeedOptions(
  options: Partial<FeedOptions>,
  limits: ExchangeLimits,
  exchange: string,
): FeedOptions {
  const resolved: FeedOptions = {
    ...FEED_DEFAULTS,
    maxConnectionAgeMs: defaultRotationAgeMs(limits.maxConnectionAgeMs),
    breakerName: `${exchange.toLowerCase()}_websocket`,
    restWeightPerMinute: limits.restWeightPerMinute,
    backfillLimit: limits.maxBackfillLimit,
    ...stripUndefined(options),
  }
  for (const name of POSITIVE_INTEGERS) integer(name, resolved[name], 1)
  for (const name of NON_NEGATIVE_INTEGERS) integer(name, resolved[name], 0)
  if (!Number.isFinite(resolved.silenceActivityFactor) || resolved.silenceActivityFactor <= 0) {
    fail('silenceActivityFactor', resolved.silenceActivityFactor, 'must be a number > 0')
  }
  if (resolved.reconnectMaxDelayMs < resolved.reconnectBaseDelayMs) {
    fail('reconnectMaxDelayMs', resolved.reconnectMaxDelayMs, 'must be >= reconnectBaseDelayMs')
  }
  if (resolved.backfillRetryMaxDelayMs < resolved.backfillRetryBaseDelayMs) {
    fail(
      'backfillRetryMaxDelayMs',
      resolved.backfillRetryMaxDelayMs,
      'must be >= backfillRetryBaseDelayMs',
    )
  }
  if (resolved.silenceMaxTimeoutMs < resolved.silenceTimeoutMs) {
    fail('silenceMaxTimeoutMs', resolved.silenceMaxTimeoutMs, 'must be >= silenceTimeoutMs')
  }
  if (resolved.backfillLimit > limits.maxBackfillLimit) {
    fail('backfillLimit', resolved.backfillLimit, `must be <= ${limits.maxBackfillLimit}`)
  }
  if (typeof resolved.breakerName !== 'string' || resolved.breakerName.trim() === '') {
    fail('breakerName', resolved.breakerName, 'must be a non-empty string')
  }
  return Object.freeze(resolved)
}

function stripUndefined(options: Partial<FeedOptions>): Partial<FeedOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
}

function integer(name: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(name, value, `must be an integer >= ${min}`)
  }
}

function fail(name: string, value: unknown, problem: string): never {
  throw new FeedError('FEED_INVALID_OPTIONS', `${name}: ${String(value)} ${problem}`, {
    context: { option: name, value: String(value) },
  })
}
