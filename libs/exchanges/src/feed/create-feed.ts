import { NOOP_LOGGER, type Logger } from '@k2/core'

import { BackfillClient, type FetchFn } from './backfill-client.js'
import { CircuitBreaker } from './circuit-breaker.js'
import { ConnectionManager } from './connection-manager.js'
import { FeedError } from './errors.js'
import type { ExchangeAdapter } from './exchange-adapter.js'
import { SYSTEM_CLOCK, type FeedClock } from './feed-clock.js'
import type { FeedErrorEvent, FeedEvents } from './feed-events.js'
import { completeObserver, type FeedObserver } from './feed-observer.js'
import { resolveFeedOptions, type FeedOptions } from './feed-options.js'
import { collectFeedStats, type FeedStats } from './feed-stats.js'
import type { FeedStatus } from './feed-status.js'
import { FeedStatusTracker } from './feed-status-tracker.js'
import { GapRepairer } from './gap-repairer.js'
import { RestWeightBudget } from './rest-budget.js'
import { RepairHold } from './repair-hold.js'
import { SilenceWatchdog } from './silence-watchdog.js'
import { TradeSequencer } from './trade-sequencer.js'
import { UrlRotation } from './url-rotation.js'

/** What {@link createFeed} takes. */
export interface CreateFeedArgs {
  /** The exchange: URLs, frame parsing, REST backfill (e.g. `createBinanceAdapter(...)`). */
  readonly adapter: ExchangeAdapter
  /** Symbols to carry, on one connection (at most `adapter.limits.maxStreamsPerConnection`). */
  readonly symbols: readonly string[]
  /** Stream URLs in failover order; default `adapter.streamUrls(symbols)`. */
  readonly urls?: readonly string[]
  /** Where trades, status changes and errors go. */
  readonly events: FeedEvents
  /** Tuning; see {@link FeedOptions} and `FEED_DEFAULTS`. */
  readonly options?: Partial<FeedOptions>
  /** Metric hooks (D8); missing ones do nothing. */
  readonly observer?: Partial<FeedObserver>
  /** Structured log events (connection changes, reconnects, gaps); default: none. */
  readonly logger?: Logger
  /** Time and timers; default the system clock. */
  readonly clock?: FeedClock
  /** The Fetch API for REST backfill; default `globalThis.fetch`. */
  readonly fetch?: FetchFn
  /** Jitter source in [0, 1); default `Math.random`. */
  readonly random?: () => number
}

/** What `start` takes. */
export interface FeedStartOptions {
  /**
   * Per symbol, the sequence of the last trade already committed downstream: the feed backfills
   * from the next one as soon as it connects, so a restart loses and repeats nothing. -1 means
   * "before the exchange's first trade" (sequence 0): the whole history is fetched.
   */
  readonly resumeAfter?: ReadonlyMap<string, number>
}

/** A running feed of one exchange's trades. */
export interface Feed {
  /**
   * Connects and starts delivering. Resolves with the first of `connected`, `failed` or `stopped`
   * (it never rejects for connection trouble: that is reported through `onStatus`/`onError`).
   * Throws `FEED_ALREADY_STARTED` when called twice, `FEED_INVALID_OPTIONS` for a bad resume point.
   */
  start(options?: FeedStartOptions): Promise<FeedStatus>
  /** Closes every connection, aborts backfills and clears timers; resolves when all is closed. */
  stop(): Promise<void>
  /**
   * Back-pressure from the consumer: stops reading every connection (TCP flow control then slows
   * the exchange's sender) and holds REST gap repair; `onTrade` gets nothing more until `resume`
   * (may be called from `onTrade`). Frames already read (about one socket read) and the rest of a
   * REST page are held in order, within `maxBufferedTradesPerSymbol`. Idempotent; may be called before
   * `start` (the first connection then starts paused). Connections opened while paused (reconnect,
   * rotation) start paused; the silence watchdog is suspended. Pings are not answered while
   * paused, so after `maxPauseMs` the feed reads again by itself (`stats().pause.forcedResumes`).
   */
  pause(): void
  /** Reads again (idempotent): every trade held back by the pause follows, in order. */
  resume(): void
  /** The current status (`connecting` until the first connection opens). */
  readonly status: FeedStatus
  /** A snapshot of the counters. */
  stats(): FeedStats
}

/**
 * The exchange-neutral trade feed (D9): one WebSocket carrying every symbol, kept alive with a
 * silence watchdog, full-jitter reconnects over rotating URLs, a circuit breaker and
 * make-before-break rotation, and made complete with REST gap repair: per symbol, `onTrade` gets
 * every trade in sequence order exactly once. Throws `FEED_INVALID_OPTIONS` (or the adapter's coded
 * error for a bad symbol) before anything starts.
 */
export function createFeed(args: CreateFeedArgs): Feed {
  const { adapter, events } = args
  const options = resolveFeedOptions(args.options ?? {}, adapter.limits, adapter.exchange)
  const symbols = adapter.normalizeSymbols(args.symbols)
  if (symbols.length === 0) {
    throw new FeedError('FEED_INVALID_OPTIONS', 'symbols: at least one symbol is required', {
      context: { option: 'symbols' },
    })
  }
  const urls = new UrlRotation(args.urls ?? adapter.streamUrls(symbols))
  const clock = args.clock ?? SYSTEM_CLOCK
  const random = args.random ?? Math.random
  const observer = completeObserver(args.observer)
  const logger = (args.logger ?? NOOP_LOGGER).child({
    component: 'feed',
    exchange: adapter.exchange,
  })
  const fetchFn = args.fetch ?? (globalThis.fetch as unknown as FetchFn)
  const abort = new AbortController()

  const status = new FeedStatusTracker(events, observer, logger)
  const setStatus = status.set.bind(status)
  const reportError = (event: FeedErrorEvent): void => events.onError(event)

  const breaker = new CircuitBreaker(
    options.breakerName,
    {
      failureThreshold: options.breakerFailureThreshold,
      halfOpenAfterMs: options.breakerHalfOpenAfterMs,
      successThreshold: options.breakerSuccessThreshold,
    },
    clock,
    (state, previous) => {
      observer.circuitState(options.breakerName, state)
      logger.warn(
        { event: 'circuit_state', breaker: options.breakerName, state, previous },
        `circuit ${options.breakerName} ${previous} -> ${state}`,
      )
    },
  )
  const budget = new RestWeightBudget(options.restWeightPerMinute, clock)
  const client = new BackfillClient(
    adapter,
    budget,
    {
      restTimeoutMs: options.restTimeoutMs,
      maxAttempts: options.backfillMaxAttempts,
      retryBaseDelayMs: options.backfillRetryBaseDelayMs,
      retryMaxDelayMs: options.backfillRetryMaxDelayMs,
    },
    clock,
    fetchFn,
    random,
    abort.signal,
    {
      rateLimited: (url, httpStatus, waitMs) =>
        logger.warn(
          { event: 'rest_rate_limited', url, status: httpStatus, waitMs },
          `REST rate limit: waiting ${waitMs} ms`,
        ),
      retry: (url, error, attempt, delayMs) =>
        logger.warn(
          { event: 'rest_retry', url, code: error.code, attempt, delayMs },
          `backfill request failed (${error.code}); retry in ${delayMs} ms`,
        ),
    },
  )
  // The sequencer and the repairer call each other; the hooks below run only once trades flow.
  const sequencer = new TradeSequencer(
    symbols,
    adapter.sequence.consecutive,
    options.maxBufferedTradesPerSymbol,
    {
      emit: (trade) => events.onTrade(trade),
      paused: () => manager.paused,
      gap: (state, size) => repairer.start(state, 'gap', size),
      held: (state) => repairHold.afterHeld(state),
      unexpected: (trade) =>
        reportError({
          reason: 'invalid_frame',
          error: new FeedError(
            'FEED_UNEXPECTED_SYMBOL',
            `trade for ${trade.trade.symbol}, which this feed does not carry`,
            { context: { symbol: trade.trade.symbol, sequence: trade.sequence } },
          ),
        }),
    },
  )
  const repairer = new GapRepairer({
    sequencer,
    client,
    limit: options.backfillLimit,
    exchange: adapter.exchange,
    observer,
    logger,
    error: reportError,
    clock,
    random,
    retryBaseDelayMs: options.backfillRetryBaseDelayMs,
    retryMaxDelayMs: options.backfillRetryMaxDelayMs,
    signal: abort.signal,
    pauseEnd: () => manager.pauseEnd(),
  })
  const manager = new ConnectionManager({
    adapter,
    urls,
    options,
    clock,
    random,
    breaker,
    watchdog: new SilenceWatchdog({
      floorMs: options.silenceTimeoutMs,
      activityFactor: options.silenceActivityFactor,
      maxMs: options.silenceMaxTimeoutMs,
    }),
    observer,
    logger,
    sink: {
      trade: (trade) => sequencer.accept(trade),
      connectionReplaced: () => {
        for (const state of sequencer.all()) repairer.start(state, 'reconnect')
      },
      holdGaps: (hold) => sequencer.holdGaps(hold),
      resumed: () => sequencer.release(),
    },
    setStatus,
    error: reportError,
  })

  const repairHold = new RepairHold(
    { maxBuffered: options.maxBufferedTradesPerSymbol, maxHoldMs: options.repairHoldMs },
    () => sequencer.all(),
    (hold) => manager.holdReading(hold),
    clock,
  )

  let started = false
  let stopping: Promise<void> | undefined
  return {
    get status() {
      return status.current
    },
    start(startOptions = {}) {
      if (started || stopping !== undefined) {
        throw new FeedError('FEED_ALREADY_STARTED', 'a feed can be started once, not after stop', {
          context: { status: status.current },
        })
      }
      for (const [symbol, last] of startOptions.resumeAfter ?? []) {
        const state = sequencer.state(adapter.normalizeSymbols([symbol])[0] ?? symbol)
        if (state === undefined || !Number.isSafeInteger(last) || last < -1) {
          throw new FeedError(
            'FEED_INVALID_OPTIONS',
            `resumeAfter: ${symbol} -> ${last} is not a carried symbol and a sequence >= -1`,
            { context: { option: 'resumeAfter', symbol, value: String(last) } },
          )
        }
        sequencer.resumeAfter(state.symbol, last)
      }
      started = true
      const settled = status.settled()
      setStatus('connecting')
      observer.circuitState(options.breakerName, breaker.state)
      manager.start()
      return settled
    },
    stop() {
      stopping ??= (async () => {
        abort.abort()
        repairHold.stop()
        await manager.stop()
        setStatus('stopped')
      })()
      return stopping
    },
    pause() {
      if (stopping === undefined) manager.pause()
    },
    resume() {
      manager.resume()
    },
    stats() {
      return collectFeedStats({
        status: status.current,
        url: manager.url,
        breakerState: breaker.state,
        connections: manager.counters,
        pings: manager.pings(),
        rest: client.counters,
        restWeightLastMinute: budget.usedWeight(),
        symbols: sequencer.all(),
        pause: manager.pauseStats(),
        repairHold: repairHold.stats(),
      })
    },
  }
}
