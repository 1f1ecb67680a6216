import { K2Error, isRetriable } from '@k2/core'

import { fullJitterDelay } from './backoff.js'
import { FeedError } from './errors.js'
import type { ExchangeAdapter } from './exchange-adapter.js'
import { sleepOn, type FeedClock } from './feed-clock.js'
import type { FeedTrade } from './feed-trade.js'
import type { RestWeightBudget } from './rest-budget.js'

/** The part of the Fetch API the backfill client uses (`globalThis.fetch` by default). */
export type FetchFn = (
  url: string,
  init: { method: string; signal: AbortSignal; headers: Record<string, string> },
) => Promise<{
  readonly status: number
  readonly headers: { get(name: string): string | null }
  text(): Promise<string>
}>

/** Options of a {@link BackfillClient} (the `backfill*` and `rest*` feed options). */
export interface BackfillClientOptions {
  readonly restTimeoutMs: number
  readonly maxAttempts: number
  readonly retryBaseDelayMs: number
  readonly retryMaxDelayMs: number
}

/** What the client reports besides its result. */
export interface BackfillClientHooks {
  /** The exchange refused a request for its rate limit; requests wait `waitMs`. */
  rateLimited(url: string, status: number, waitMs: number): void
  /** A retriable failure; the request is retried after `delayMs`. */
  retry(url: string, error: K2Error, attempt: number, delayMs: number): void
}

/** Counters of a {@link BackfillClient}. */
export interface BackfillCounters {
  requests: number
  rateLimited: number
  retries: number
}

/**
 * Performs the adapter's backfill requests (D9 gap repair): one request at a time per feed, each
 * only when the {@link RestWeightBudget} has room; a 429/418 blocks the budget for `Retry-After`
 * (or to the end of the minute when it has none) and the request is sent again — those waits are
 * not counted as attempts; network errors, timeouts, 5xx and retriable exchange errors are retried
 * with full-jitter backoff up to `maxAttempts`; anything else fails at once with
 * `FEED_BACKFILL_FAILED` carrying the exchange's coded error as `cause`. Aborting `signal` (feed
 * stopped) ends every wait and request.
 */
export class BackfillClient {
  readonly counters: BackfillCounters = { requests: 0, rateLimited: 0, retries: 0 }
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly adapter: ExchangeAdapter,
    private readonly budget: RestWeightBudget,
    private readonly options: BackfillClientOptions,
    private readonly clock: FeedClock,
    private readonly fetchFn: FetchFn,
    private readonly random: () => number,
    private readonly signal: AbortSignal,
    private readonly hooks: BackfillClientHooks,
  ) {}

  /** Trades of `symbol` from `fromSequence` on (at most `limit`), ascending. */
  fetchPage(symbol: string, fromSequence: number, limit: number): Promise<FeedTrade[]> {
    const run = this.queue.then(() => this.fetchWithRetries(symbol, fromSequence, limit))
    this.queue = run.catch(() => undefined)
    return run
  }

  private async fetchWithRetries(
    symbol: string,
    fromSequence: number,
    limit: number,
  ): Promise<FeedTrade[]> {
    const request = this.adapter.backfillRequest(symbol, fromSequence, limit)
    let attempt = 0
    for (;;) {
      this.throwIfStopped(request.url)
      await this.waitForBudget(request.weight)
      this.throwIfStopped(request.url)
      const outcome = await this.send(request.url, request.weight, symbol)
      if (outcome.kind === 'trades') return outcome.trades
      if (outcome.kind === 'rate_limited') continue
      attempt += 1
      if (!outcome.error.retriable || attempt >= this.options.maxAttempts) {
        throw new FeedError(
          'FEED_BACKFILL_FAILED',
          `backfill of ${symbol} from ${fromSequence} failed after ${attempt} attempt(s): ${outcome.error.message}`,
          {
            cause: outcome.error,
            context: { symbol, fromSequence, url: request.url, attempts: attempt },
          },
        )
      }
      const delayMs = fullJitterDelay(
        attempt - 1,
        this.options.retryBaseDelayMs,
        this.options.retryMaxDelayMs,
        this.random,
      )
      this.counters.retries += 1
      this.hooks.retry(request.url, outcome.error, attempt, delayMs)
      await sleepOn(this.clock, delayMs, this.signal)
    }
  }

  private async waitForBudget(weight: number): Promise<void> {
    for (let wait = this.budget.waitMs(weight); wait > 0; wait = this.budget.waitMs(weight)) {
      if (this.signal.aborted) return
      await sleepOn(this.clock, wait, this.signal)
    }
  }

  private async send(
    url: string,
    weight: number,
    symbol: string,
  ): Promise<
    | { kind: 'trades'; trades: FeedTrade[] }
    | { kind: 'rate_limited' }
    | { kind: 'failed'; error: K2Error }
  > {
    this.budget.record(weight)
    this.counters.requests += 1
    let status: number
    let text: string
    try {
      const response = await this.fetchFn(url, {
        method: 'GET',
        signal: AbortSignal.any([this.signal, AbortSignal.timeout(this.options.restTimeoutMs)]),
        headers: { accept: 'application/json' },
      })
      status = response.status
      const info = this.adapter.rateLimit(response.headers)
      this.budget.observe(info)
      text = await response.text()
      if (status === 429 || status === 418) {
        const waitMs = info.retryAfterMs ?? this.budget.msToNextMinute()
        this.budget.block(waitMs)
        this.counters.rateLimited += 1
        this.hooks.rateLimited(url, status, waitMs)
        return { kind: 'rate_limited' }
      }
    } catch (cause) {
      this.throwIfStopped(url)
      return {
        kind: 'failed',
        error: unavailable(url, `request failed: ${messageOf(cause)}`, cause),
      }
    }
    if (status >= 500) {
      return { kind: 'failed', error: unavailable(url, `HTTP ${status}`, undefined, status) }
    }
    try {
      // A 4xx body is the exchange's error; parsing it throws the adapter's coded error.
      const trades = this.adapter.parseBackfillResponse(symbol, text, this.clock.micros())
      if (status >= 400) {
        const error = new FeedError('FEED_BACKFILL_FAILED', `HTTP ${status}`, {
          context: { url, status },
        })
        return { kind: 'failed', error }
      }
      return { kind: 'trades', trades }
    } catch (error) {
      if (error instanceof K2Error) return { kind: 'failed', error }
      return {
        kind: 'failed',
        error: new FeedError('FEED_BACKFILL_FAILED', `bad answer: ${messageOf(error)}`, {
          cause: error,
          context: { url, status },
        }),
      }
    }
  }

  private throwIfStopped(url: string): void {
    if (!this.signal.aborted) return
    throw new FeedError('FEED_BACKFILL_FAILED', 'the feed was stopped', {
      context: { url, stopped: true },
    })
  }
}

function unavailable(url: string, message: string, cause?: unknown, status?: number): FeedError {
  return new FeedError('FEED_BACKFILL_UNAVAILABLE', message, {
    cause,
    context: status === undefined ? { url } : { url, status },
  })
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** True for the error a stopped feed's backfill ends with. */
export function isStoppedError(error: unknown): boolean {
  return error instanceof FeedError && error.context.stopped === true && !isRetriable(error)
}
