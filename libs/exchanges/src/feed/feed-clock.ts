import { nowMicros, type Micros } from '@k2/core'

/** A timer handle as {@link FeedClock.setTimeout} returns it. */
export type FeedTimer = unknown

/**
 * Time as the feed sees it, injectable so that unit tests drive the circuit breaker, the REST
 * budget and the silence watchdog without waiting. The integration tests use the system clock.
 */
export interface FeedClock {
  /** Wall-clock time in ms since the epoch (REST windows, Retry-After, breaker timing). */
  now(): number
  /** Wall-clock time in µs UTC (frame receipt times, silence detection). */
  micros(): Micros
  /** Runs `fn` after `ms`. */
  setTimeout(fn: () => void, ms: number): FeedTimer
  clearTimeout(timer: FeedTimer): void
}

/**
 * The system clock: `Date.now`, `nowMicros` of `@k2/core` and Node timers. The timers are not
 * unref'd on purpose: a feed waiting out a backoff is work in progress and keeps a process alive
 * until `stop()` clears them.
 */
export const SYSTEM_CLOCK: FeedClock = Object.freeze({
  now: () => Date.now(),
  micros: nowMicros,
  setTimeout: (fn: () => void, ms: number): FeedTimer => setTimeout(fn, ms),
  clearTimeout: (timer: FeedTimer) => clearTimeout(timer as NodeJS.Timeout),
})

/** Resolves after `ms` on `clock`, or at once (rejecting nothing) when `signal` aborts. */
export function sleepOn(clock: FeedClock, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve()
  return new Promise((resolve) => {
    const done = (): void => {
      clock.clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = clock.setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}
