import { ActorsError } from '../errors.js'

/** Watermarks of a {@link FlowGate}, in the unit of its level (batches, trades). */
export interface FlowGateOptions {
  /** At or above this level the feed is paused (the high watermark). */
  readonly pauseAt: number
  /** At or below this level a paused feed is resumed (the low watermark, < `pauseAt`). */
  readonly resumeAt: number
  /**
   * A pause that lasts longer gives up on back-pressure: the sink skips and resyncs (the last
   * resort). Binance drops a connection that does not answer its pings for a minute, and a paused
   * socket does not read them, so this stays well under that.
   */
  readonly maxPauseMs: number
  /** While paused, read the level again this often (ms) when nothing reports its changes. */
  readonly recheckMs?: number
}

/** What a {@link FlowGate} drives. */
export interface FlowGateEvents {
  /** High watermark reached: stop reading the exchange (`feed.pause()`). */
  readonly pause: () => void
  /** Low watermark reached: read again (`feed.resume()`). */
  readonly resume: () => void
  /** Still paused after `maxPauseMs`: skip + resync. */
  readonly expired: () => void
}

/** Counters of a {@link FlowGate} (in the sink's stats). */
export interface FlowGateStats {
  /** Times the feed was paused at the high watermark. */
  readonly pauses: number
  /** Time spent paused, ms (the current pause included). */
  readonly pausedMs: number
  /** Pauses that lasted past `maxPauseMs` and ended in skip + resync. */
  readonly pauseTimeouts: number
}

/** Default back-pressure timing of the feed sinks (D5; issue 5 notes: memory stays bounded). */
export const FLOW_GATE_DEFAULTS = Object.freeze({ maxPauseMs: 20_000 })

/**
 * Hysteresis between a sink's in-flight work and its feed (back-pressure first, D5): the sink
 * reports its level on every change; at `pauseAt` the feed is paused, at `resumeAt` resumed. The
 * sink's hard bound stays above `pauseAt`, for the trades already past the socket when it paused;
 * a pause longer than `maxPauseMs` is handed to the sink's skip + resync path.
 */
export class FlowGate {
  private pausedAt: number | undefined
  private timer: ReturnType<typeof setTimeout> | undefined
  private recheck: ReturnType<typeof setInterval> | undefined
  private held = false
  private counters = { pauses: 0, pausedMs: 0, pauseTimeouts: 0 }

  constructor(
    private readonly options: FlowGateOptions,
    private readonly level: () => number,
    private readonly events: FlowGateEvents,
    private readonly now: () => number = Date.now,
  ) {
    const { pauseAt, resumeAt, maxPauseMs } = options
    if (!Number.isSafeInteger(resumeAt) || resumeAt < 0 || !Number.isSafeInteger(pauseAt)) {
      invalid('resumeAt', resumeAt, 'must be an integer >= 0, below pauseAt')
    }
    if (pauseAt <= resumeAt) invalid('pauseAt', pauseAt, `must be an integer > ${resumeAt}`)
    if (!Number.isSafeInteger(maxPauseMs) || maxPauseMs < 1) {
      invalid('maxPauseMs', maxPauseMs, 'must be an integer >= 1')
    }
  }

  /** True while the feed is paused. */
  get paused(): boolean {
    return this.pausedAt !== undefined
  }

  /** Reads the level and pauses or resumes on crossing a watermark (no-op while held). */
  update(): void {
    if (this.held) return
    const level = this.level()
    if (this.pausedAt === undefined) {
      if (level >= this.options.pauseAt) this.pause()
    } else if (level <= this.options.resumeAt) {
      this.resume()
    }
  }

  /**
   * The sink gave up (skipping until a resync): nothing is paused or resumed any more and the
   * timeout is off, until {@link release}. A paused feed stays paused: it is about to be stopped.
   */
  hold(): void {
    this.held = true
    this.stopTimers()
  }

  /** Ends a pause (resuming the feed) and a hold: the sink starts over (reset) or closes. */
  release(): void {
    this.held = false
    if (this.pausedAt !== undefined) this.resume()
  }

  stats(): FlowGateStats {
    const current = this.pausedAt === undefined ? 0 : this.now() - this.pausedAt
    return { ...this.counters, pausedMs: this.counters.pausedMs + current }
  }

  private pause(): void {
    this.pausedAt = this.now()
    this.counters.pauses++
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.counters.pauseTimeouts++
      this.hold()
      this.events.expired()
    }, this.options.maxPauseMs)
    const { recheckMs } = this.options
    if (recheckMs !== undefined) this.recheck = setInterval(() => this.update(), recheckMs)
    this.events.pause()
  }

  private resume(): void {
    this.counters.pausedMs += this.now() - (this.pausedAt as number)
    this.pausedAt = undefined
    this.stopTimers()
    this.events.resume()
  }

  private stopTimers(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    if (this.recheck !== undefined) clearInterval(this.recheck)
    this.timer = undefined
    this.recheck = undefined
  }
}

function invalid(option: string, value: unknown, problem: string): never {
  throw new ActorsError('ACTORS_INVALID_OPTIONS', `${option}: ${String(value)} ${problem}`, {
    context: { option },
  })
}
