import { HIGH_WATER_BYTES } from './connection.js'
import type { Hub, StreamFrame } from './hub.js'
import type { Market } from './market.js'
import type { RecordedFrame } from './recording.js'
import type { TapeSource } from './tape-source.js'

/** Most frames played in one turn of the event loop before yielding to sockets and timers. */
const MAX_FRAMES_PER_TURN = 5000
/** Longest sleep between frames (a timer that fires early costs nothing). */
const MAX_SLEEP_MS = 250

/** Counters of a playback. */
export interface PlaybackCounters {
  /** Frames of the recording put on the tape so far. */
  played: number
  /** Frames whose stream could not be told (not JSON, no `stream`, no `e`/`s`): never sent. */
  unroutable: number
  /** Frames written to sockets that are not trade events (other streams), all connections. */
  otherServed: number
}

/**
 * Plays a recording: each frame goes to the subscribers of its stream, the gaps between receipt
 * times divided by `speed` (0 = as fast as the subscribers drain, waiting while one of them holds
 * more than HIGH_WATER_BYTES unsent). Trade events are also kept for REST and counted per symbol;
 * their fields, times included, are played as recorded.
 */
export class PlaybackTape implements TapeSource {
  readonly counters: PlaybackCounters = { played: 0, unroutable: 0, otherServed: 0 }
  private index = 0
  private startedAt: number | undefined
  private timer: NodeJS.Timeout | undefined
  private immediate: NodeJS.Immediate | undefined
  private stopped = false

  constructor(
    private readonly frames: readonly RecordedFrame[],
    private readonly speed: number,
    private readonly market: Market,
    private readonly hub: Hub,
  ) {
    for (const frame of frames) if (frame.trade !== undefined) market.addSymbol(frame.trade.symbol)
  }

  get started(): boolean {
    return this.startedAt !== undefined
  }

  get done(): boolean {
    return this.index >= this.frames.length
  }

  start(): void {
    if (this.startedAt !== undefined || this.stopped) return
    this.startedAt = performance.now()
    this.schedule(0)
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
    if (this.immediate !== undefined) clearImmediate(this.immediate)
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return
    if (delayMs <= 0) this.immediate = setImmediate(() => this.turn())
    else this.timer = setTimeout(() => this.turn(), delayMs)
  }

  private turn(): void {
    if (this.stopped || this.startedAt === undefined) return
    this.hub.batch(() => this.playDue(this.startedAt as number))
  }

  private playDue(startedAt: number): void {
    const firstTs = (this.frames[0] as RecordedFrame).recvTs
    for (let budget = MAX_FRAMES_PER_TURN; budget > 0 && !this.done; budget--) {
      const frame = this.frames[this.index] as RecordedFrame
      if (this.speed > 0) {
        const due = (frame.recvTs - firstTs) / this.speed
        const elapsed = performance.now() - startedAt
        if (due > elapsed) return this.schedule(Math.min(MAX_SLEEP_MS, Math.max(1, due - elapsed)))
      } else if (
        frame.stream !== undefined &&
        this.hub.maxBuffered(frame.stream) > HIGH_WATER_BYTES
      ) {
        return this.schedule(1)
      }
      this.play(frame)
      this.index++
    }
    if (!this.done) this.schedule(0)
  }

  private play(frame: RecordedFrame): void {
    this.counters.played++
    if (frame.stream === undefined) {
      this.counters.unroutable++
      return
    }
    const texts: StreamFrame = frame.combined ? { combined: frame.text } : { raw: frame.text }
    if (frame.trade !== undefined) {
      this.market.trade(frame.trade.symbol, frame.trade.trade, () => texts)
    } else {
      this.counters.otherServed += this.hub.publish(frame.stream, texts)
    }
  }
}
