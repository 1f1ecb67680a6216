import type { FeedClock, FeedTimer } from './feed-clock.js'

/** Counters of a feed's pauses (in `FeedStats.pause`). */
export interface FeedPauseStats {
  /** True while paused. */
  readonly paused: boolean
  /** Times the feed was paused (a `pause()` while paused does not count). */
  readonly pauses: number
  /** Time spent paused, ms (the current pause included). */
  readonly pausedMs: number
  /** Pauses ended by the feed itself after `maxPauseMs` (the exchange would drop the socket). */
  readonly forcedResumes: number
}

/** What a {@link FeedPause} tells its owner. */
export interface FeedPauseHost {
  /** The feed was paused: stop reading. */
  paused(): void
  /** The feed was resumed (`forced`: by the `maxPauseMs` guard): read again. */
  resumed(forced: boolean, pausedMs: number): void
}

/**
 * The pause state of a feed (back-pressure from its consumer): idempotent `pause`/`resume`, the
 * counters, and a guard that resumes by itself after `maxPauseMs`. The guard exists because a
 * paused socket is not read, so the exchange's pings are not read nor answered either (`ws`
 * answers a ping only once it has parsed it): Binance drops a connection that has not answered
 * for a minute, so a pause must end before that. Past the guard, trades flow again and the
 * consumer's own bound decides (skip + resync).
 */
export class FeedPause {
  private pausedAt: number | null = null
  private totalMs = 0
  private pauses = 0
  private forced = 0
  private guard: FeedTimer | undefined
  private readonly waiters: Array<() => void> = []

  constructor(
    private readonly clock: FeedClock,
    private readonly maxPauseMs: number,
    private readonly host: FeedPauseHost,
  ) {}

  get isPaused(): boolean {
    return this.pausedAt !== null
  }

  /** Pauses (no-op while paused). */
  pause(): void {
    if (this.pausedAt !== null) return
    this.pausedAt = this.clock.now()
    this.pauses += 1
    this.guard = this.clock.setTimeout(() => this.end(true), this.maxPauseMs)
    this.host.paused()
  }

  /** Resumes (no-op unless paused). */
  resume(): void {
    this.end(false)
  }

  /** Resolves at once when not paused, else when the pause ends (or {@link release} is called). */
  whileResumed(): Promise<void> {
    if (this.pausedAt === null) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** Clears the guard and lets every waiter go (the feed stops); the state stays as it is. */
  release(): void {
    this.clearGuard()
    for (const resolve of this.waiters.splice(0)) resolve()
  }

  stats(): FeedPauseStats {
    const current = this.pausedAt === null ? 0 : this.clock.now() - this.pausedAt
    return {
      paused: this.pausedAt !== null,
      pauses: this.pauses,
      pausedMs: this.totalMs + current,
      forcedResumes: this.forced,
    }
  }

  private end(forced: boolean): void {
    if (this.pausedAt === null) return
    const pausedMs = this.clock.now() - this.pausedAt
    this.totalMs += pausedMs
    this.pausedAt = null
    if (forced) this.forced += 1
    this.clearGuard()
    this.host.resumed(forced, pausedMs)
    for (const resolve of this.waiters.splice(0)) resolve()
  }

  private clearGuard(): void {
    if (this.guard !== undefined) this.clock.clearTimeout(this.guard)
    this.guard = undefined
  }
}
