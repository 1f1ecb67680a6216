import type { Logger } from '@k2/core'

import { fullJitterDelay } from './backoff.js'
import type { CircuitBreaker } from './circuit-breaker.js'
import type { FeedClock, FeedTimer } from './feed-clock.js'
import type { FeedObserver, ReconnectReason } from './feed-observer.js'
import type { FeedOptions } from './feed-options.js'

/** What a {@link ReconnectSchedule} needs. */
export interface ReconnectScheduleDeps {
  readonly options: Pick<
    FeedOptions,
    'reconnectBaseDelayMs' | 'reconnectMaxDelayMs' | 'maxReconnectAttempts'
  >
  readonly breaker: CircuitBreaker
  readonly clock: FeedClock
  readonly random: () => number
  readonly observer: FeedObserver
  readonly logger: Logger
}

/**
 * When a feed may try to connect again (D9): after the n-th failed attempt in a row it waits a
 * full-jitter backoff `random [0, min(cap, base x 2^n))`; never while the circuit breaker is open
 * (it waits for half-open instead, and that wait is no attempt); after `maxReconnectAttempts`
 * failures in a row it gives up. The count starts over when a connection delivers a message.
 * One timer at a time: scheduling again replaces the pending one.
 */
export class ReconnectSchedule {
  private failures = 0
  private timer: FeedTimer | undefined

  constructor(private readonly deps: ReconnectScheduleDeps) {}

  /** Failed attempts since the last connection that delivered. */
  get failedAttempts(): number {
    return this.failures
  }

  /** A connection opened (a breaker success). */
  opened(): void {
    this.deps.breaker.recordSuccess()
  }

  /** A connection delivered its first message: a breaker success, and the count starts over. */
  delivered(): void {
    this.failures = 0
    this.deps.breaker.recordSuccess()
  }

  /** Records a failed attempt; true when the attempts are used up. */
  failed(): boolean {
    this.deps.breaker.recordFailure()
    this.failures += 1
    return this.failures >= this.deps.options.maxReconnectAttempts
  }

  /** Records a failure that is no attempt of the feed's own count (a standby while one works). */
  failedAside(): void {
    this.deps.breaker.recordFailure()
  }

  /** Runs `attempt` after the backoff for the failures so far; logs and observes the delay. */
  after(reason: ReconnectReason, url: string, attempt: () => void): void {
    const { reconnectBaseDelayMs, reconnectMaxDelayMs } = this.deps.options
    const delayMs = fullJitterDelay(
      this.failures,
      reconnectBaseDelayMs,
      reconnectMaxDelayMs,
      this.deps.random,
    )
    this.deps.observer.reconnectDelay(delayMs / 1000)
    this.deps.logger.info(
      { event: 'reconnect_scheduled', reason, delayMs, attempt: this.failures + 1, url },
      `reconnecting (${reason}) in ${delayMs} ms`,
    )
    this.set(attempt, delayMs)
  }

  /**
   * True when the breaker lets an attempt through now; otherwise `attempt` is scheduled for when
   * it half-opens and false is returned.
   */
  allows(attempt: () => void): boolean {
    const breaker = this.deps.breaker
    if (breaker.canAttempt()) return true
    const waitMs = breaker.msUntilHalfOpen()
    this.deps.logger.warn(
      { event: 'circuit_open', breaker: breaker.name, waitMs },
      `circuit ${breaker.name} open: next attempt in ${waitMs} ms`,
    )
    this.set(attempt, waitMs)
    return false
  }

  /** Drops the pending attempt, if any. */
  cancel(): void {
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer)
    this.timer = undefined
  }

  private set(attempt: () => void, delayMs: number): void {
    this.cancel()
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined
      attempt()
    }, delayMs)
  }
}
