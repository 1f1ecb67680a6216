import { FeedError } from './errors.js'
import type { FeedClock } from './feed-clock.js'

/** States of a {@link CircuitBreaker}. */
export const BREAKER_STATES = ['closed', 'open', 'half-open'] as const

/** A state from {@link BREAKER_STATES}. */
export type BreakerState = (typeof BREAKER_STATES)[number]

/**
 * Allowed state changes (STYLE.md habit 10). What moves the breaker along each edge:
 *
 * | from      | event                                          | to        |
 * | --------- | ---------------------------------------------- | --------- |
 * | closed    | `failureThreshold`-th consecutive failure      | open      |
 * | open      | `halfOpenAfterMs` elapsed (next `canAttempt`)  | half-open |
 * | half-open | `successThreshold`-th consecutive success      | closed    |
 * | half-open | any failure                                    | open      |
 *
 * A success in `closed` resets the failure count; while `open` nothing may be attempted.
 */
export const BREAKER_TRANSITIONS: Readonly<Record<BreakerState, readonly BreakerState[]>> = {
  closed: ['open'],
  open: ['half-open'],
  'half-open': ['closed', 'open'],
}

/**
 * Value of the gauge `k2_circuit_breaker_state{breaker_name}` (D8) for each state: 0 closed,
 * 1 open, 2 half-open (the encoding of the earlier Python platform's dashboards).
 */
export const BREAKER_STATE_VALUES: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  open: 1,
  'half-open': 2,
}

/** Options of a {@link CircuitBreaker}; D9: 3 failures, 30 s, 2 successes. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open a closed breaker. */
  readonly failureThreshold: number
  /** Time an open breaker waits before letting one trial through (half-open). */
  readonly halfOpenAfterMs: number
  /** Consecutive successes in half-open that close the breaker. */
  readonly successThreshold: number
}

/** Defaults of {@link CircuitBreakerOptions} (D9). */
export const BREAKER_DEFAULTS: CircuitBreakerOptions = Object.freeze({
  failureThreshold: 3,
  halfOpenAfterMs: 30_000,
  successThreshold: 2,
})

/** Called after every state change. */
export type BreakerListener = (state: BreakerState, previous: BreakerState) => void

/**
 * A circuit breaker that really records outcomes (D9; the earlier platform's never did): the
 * caller asks {@link canAttempt} before each attempt and reports each outcome with
 * {@link recordSuccess} or {@link recordFailure}. Written here rather than taken from cockatiel
 * because D9 wants several successes to close a half-open breaker, which cockatiel's breaker does
 * not offer (it closes on the first).
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed'
  private failures = 0
  private successes = 0
  private openedAt = 0

  constructor(
    readonly name: string,
    private readonly options: CircuitBreakerOptions,
    private readonly clock: Pick<FeedClock, 'now'>,
    private readonly listener: BreakerListener = () => {},
  ) {}

  /** The state, without moving an expired `open` on (see {@link canAttempt}). */
  get state(): BreakerState {
    return this.current
  }

  /**
   * True when an attempt may be made now. An `open` breaker whose wait is over moves to
   * `half-open` here and lets the trial through.
   */
  canAttempt(): boolean {
    if (this.current === 'open') {
      if (this.msUntilHalfOpen() > 0) return false
      this.transitionTo('half-open')
    }
    return true
  }

  /** How long an `open` breaker still refuses attempts (0 in the other states). */
  msUntilHalfOpen(): number {
    if (this.current !== 'open') return 0
    return Math.max(0, this.openedAt + this.options.halfOpenAfterMs - this.clock.now())
  }

  /** Records a successful attempt. */
  recordSuccess(): void {
    this.failures = 0
    if (this.current !== 'half-open') return
    this.successes += 1
    if (this.successes >= this.options.successThreshold) this.transitionTo('closed')
  }

  /** Records a failed attempt. */
  recordFailure(): void {
    this.successes = 0
    if (this.current === 'half-open') {
      this.transitionTo('open')
      return
    }
    if (this.current === 'open') return
    this.failures += 1
    if (this.failures >= this.options.failureThreshold) this.transitionTo('open')
  }

  private transitionTo(next: BreakerState): void {
    const previous = this.current
    if (!BREAKER_TRANSITIONS[previous].includes(next)) {
      throw new FeedError(
        'FEED_ILLEGAL_BREAKER_TRANSITION',
        `breaker ${this.name} cannot go from ${previous} to ${next}`,
        { context: { breaker: this.name, from: previous, to: next } },
      )
    }
    this.current = next
    this.failures = 0
    this.successes = 0
    if (next === 'open') this.openedAt = this.clock.now()
    this.listener(next, previous)
  }
}
