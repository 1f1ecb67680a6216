import type { FeedClock, FeedTimer } from './feed-clock.js'
import type { SymbolSequence } from './trade-sequencer.js'

/** Counters of a feed's read holds (in `FeedStats.repairHold`). */
export interface RepairHoldStats {
  /** Times reading was held for a repair. */
  readonly holds: number
  /** Time spent holding, ms (the current hold included). */
  readonly heldMs: number
  /** Holds ended by `maxHoldMs` with the repair still behind (then live trades overflow to REST). */
  readonly expired: number
}

/** Options of a {@link RepairHold}. */
export interface RepairHoldOptions {
  /** Live trades the feed holds per symbol during a repair (`maxBufferedTradesPerSymbol`). */
  readonly maxBuffered: number
  /** Longest hold, ms; 0 = never hold (live trades past the bound go to REST at once). */
  readonly maxHoldMs: number
  /** While holding, look at the held trades this often, ms. Default 20. */
  readonly checkMs?: number
}

/**
 * Back-pressure from a gap repair to the exchange's socket. While a symbol's gap is repaired over
 * REST its live trades are held, up to `maxBuffered`; past that they used to be dropped and fetched
 * over REST as well, and at a high rate a repair of a few thousand trades then turned into tens of
 * thousands of REST trades and a rate-limit wait of up to a minute. Instead, at three quarters of
 * the bound this stops reading the connections (`hold(true)`), leaving the quarter for what was
 * already read, and reads again (`hold(false)`) once every symbol holds at most a quarter, the
 * repair is over, or after `maxHoldMs` (an unread socket does not answer the exchange's pings).
 */
export class RepairHold {
  private readonly highWater: number
  private readonly lowWater: number
  private readonly checkMs: number
  private since: number | undefined
  private timer: FeedTimer | undefined
  private counters = { holds: 0, heldMs: 0, expired: 0 }

  constructor(
    private readonly options: RepairHoldOptions,
    private readonly states: () => Iterable<SymbolSequence>,
    private readonly hold: (hold: boolean) => void,
    private readonly clock: FeedClock,
  ) {
    this.highWater = Math.max(1, Math.floor((options.maxBuffered * 3) / 4))
    this.lowWater = Math.floor(options.maxBuffered / 4)
    this.checkMs = options.checkMs ?? 20
  }

  /** After a trade of `state` was held: holds reading once its repair's backlog is high. */
  afterHeld(state: SymbolSequence): void {
    if (
      this.since !== undefined ||
      this.options.maxHoldMs <= 0 ||
      !state.repairing ||
      state.pending.length < this.highWater
    ) {
      return
    }
    this.since = this.clock.now()
    this.counters.holds++
    this.hold(true)
    this.schedule()
  }

  /** Ends a hold now (the feed stops). */
  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
    this.timer = undefined
    this.end(false)
  }

  stats(): RepairHoldStats {
    const current = this.since === undefined ? 0 : this.clock.now() - this.since
    return { ...this.counters, heldMs: this.counters.heldMs + current }
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined
      this.check()
    }, this.checkMs)
  }

  private check(): void {
    if (this.since === undefined) return
    let behind = false
    for (const state of this.states()) {
      if (state.repairing && state.pending.length > this.lowWater) behind = true
    }
    const expired = this.clock.now() - this.since >= this.options.maxHoldMs
    if (!behind || expired) this.end(behind && expired)
    else this.schedule()
  }

  private end(expired: boolean): void {
    if (this.since === undefined) return
    this.counters.heldMs += this.clock.now() - this.since
    if (expired) this.counters.expired++
    this.since = undefined
    this.hold(false)
  }
}
