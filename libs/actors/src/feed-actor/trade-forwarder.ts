import type { TradeV2 } from '@k2/core'
import type { BatchTrace } from '@k2/telemetry'

import { TradeBatchEncoder } from '../transport/index.js'
import { sourceKey } from '../writer/index.js'
import { FLOW_GATE_DEFAULTS, FlowGate } from './flow-gate.js'

/**
 * A writer's batch being filled: trades are written into it as they arrive (not kept as
 * objects), with the trace entries of the sampled ones.
 */
class PendingBatch {
  private readonly encoder = new TradeBatchEncoder()
  private readonly traces: BatchTrace[] = []

  get length(): number {
    return this.encoder.size
  }

  add(trade: TradeV2, traceOf: ((trade: TradeV2) => string | undefined) | undefined): void {
    const traceparent = traceOf?.(trade)
    if (traceparent !== undefined) this.traces.push({ index: this.encoder.size, traceparent })
    this.encoder.add(trade)
  }

  finish(): ArrayBuffer {
    return this.encoder.finish(this.traces)
  }
}

/**
 * Sends one encoded batch to writer `writer`; rejects when the writer is gone or refuses it.
 * `after` is the continuity claim of the batch: per stream (`EXCHANGE:SYMBOL`), the sequence of
 * the trade this forwarder sent just before the batch's first one of that stream. A writer that
 * does not hold that trade (it died and lost it) must refuse the batch, so no hole can form.
 */
export type SendBatch = (
  writer: number,
  batch: ArrayBuffer,
  after: Readonly<Record<string, number>>,
) => Promise<unknown>

/** Limits of a {@link TradeForwarder}. */
export interface ForwarderOptions {
  /** Writers (partitions) the trades are spread over. */
  readonly writers: number
  /** The writer of a symbol (`writerIndexFor`). */
  readonly route: (symbol: string) => number
  /** A batch is sent when it has this many trades ... */
  readonly batchMaxTrades: number
  /** ... or its oldest trade has waited this long (ms). */
  readonly batchMaxDelayMs: number
  /**
   * Batches sent to one writer and not yet answered. Past it the forwarder stops buffering (a
   * bounded memory, D5/issue notes), counts what it skips and asks for a resync once the writers
   * have caught up.
   */
  readonly maxInFlightBatches: number
  /**
   * Back-pressure (with {@link ForwarderEvents.pause}): when a writer has this many batches
   * unanswered the feed is paused. Default 3/4 of `maxInFlightBatches` (at least 1); the rest is
   * room for the trades already past the socket.
   */
  readonly pauseAtInFlightBatches?: number
  /** The feed resumes once every writer has at most this many unanswered. Default 1/4 of max. */
  readonly resumeAtInFlightBatches?: number
  /** A pause longer than this ends in skip + resync. Default 20 s (`FLOW_GATE_DEFAULTS`). */
  readonly maxPauseMs?: number
  /**
   * Tracing on (D8): the `traceparent` of a sampled trade, sent with its batch (a sparse list of
   * entries). Leave undefined with tracing off: batches are then encoded without looking.
   */
  readonly traceOf?: (trade: TradeV2) => string | undefined
}

/** Counters of a forwarder. */
export interface ForwarderStats {
  readonly forwarded: number
  readonly batches: number
  /** Trades not forwarded because the writers were behind or gone (re-fetched by a resync). */
  readonly skipped: number
  readonly overloads: number
  readonly sendFailures: number
  /** Back-pressure: pauses, time paused (ms), pauses that ended in skip + resync. */
  readonly pauses: number
  readonly pausedMs: number
  readonly pauseTimeouts: number
}

/** What the forwarder tells its owner. */
export interface ForwarderEvents {
  /**
   * Trades were skipped (overload) or a batch was lost with its writer: the owner must resync the
   * feed from the writers' `accepted` positions. Called once per episode, after every batch in
   * flight has settled, so the positions it reads are final.
   */
  readonly needResync: (why: 'overload' | 'writer-lost') => void
  /** Back-pressure: a writer reached the high watermark; stop reading the exchange. */
  readonly pause?: () => void
  /** Every writer is at or below the low watermark (or the forwarder starts over): read again. */
  readonly resume?: () => void
}

/**
 * Batches a feed's trades per writer partition and sends them with back-pressure. Memory is bounded
 * by `writers x (maxInFlightBatches + 1) x batchMaxTrades` trades. When a writer falls behind, the
 * forwarder first pauses the feed (`pauseAtInFlightBatches` unanswered) and resumes it once the
 * writers caught up (`resumeAtInFlightBatches`); only when the hard bound is reached anyway, or the
 * pause lasts past `maxPauseMs`, it stops buffering and relies on the exchange's history (REST gap
 * repair after the resync) instead of memory. Nothing is dropped without being counted and
 * re-fetched.
 */
export class TradeForwarder {
  private readonly pending: PendingBatch[]
  /** Per writer, the continuity claim of its pending batch (see {@link SendBatch}). */
  private readonly pendingAfter: Array<Record<string, number>>
  /** Per writer, the streams its pending batch has trades of. */
  private readonly pendingStreams: Array<Set<string>>
  /** Per stream, the sequence of the last trade taken (or the resume point). */
  private readonly lastTaken = new Map<string, number>()
  private readonly inFlight: number[]
  private readonly oldestAt: Array<number | undefined>
  private timer: ReturnType<typeof setTimeout> | undefined
  private degraded: 'overload' | 'writer-lost' | undefined
  private closed = false
  private settledWaiters: Array<() => void> = []
  private counters = { forwarded: 0, batches: 0, skipped: 0, overloads: 0, sendFailures: 0 }
  /** Back-pressure on the feed; undefined when the owner cannot pause it. */
  private readonly gate: FlowGate | undefined

  constructor(
    private readonly options: ForwarderOptions,
    private readonly send: SendBatch,
    private readonly events: ForwarderEvents,
    private readonly now: () => number = Date.now,
  ) {
    this.pending = Array.from({ length: options.writers }, () => new PendingBatch())
    this.pendingAfter = Array.from({ length: options.writers }, () => ({}))
    this.pendingStreams = Array.from({ length: options.writers }, () => new Set<string>())
    this.inFlight = new Array<number>(options.writers).fill(0)
    this.oldestAt = new Array<number | undefined>(options.writers).fill(undefined)
    const { pause, resume } = events
    if (pause !== undefined && resume !== undefined) {
      const max = options.maxInFlightBatches
      const pauseAt = options.pauseAtInFlightBatches ?? Math.max(1, Math.floor((max * 3) / 4))
      this.gate = new FlowGate(
        {
          pauseAt,
          resumeAt: options.resumeAtInFlightBatches ?? Math.min(pauseAt - 1, Math.floor(max / 4)),
          maxPauseMs: options.maxPauseMs ?? FLOW_GATE_DEFAULTS.maxPauseMs,
        },
        () => Math.max(...this.inFlight),
        { pause, resume, expired: () => this.degrade('overload') },
        now,
      )
    }
  }

  /** Takes one trade; drops (and counts) it while degraded or closed. */
  push(trade: TradeV2): void {
    if (this.degraded !== undefined || this.closed) {
      this.counters.skipped++
      return
    }
    const w = this.options.route(trade.symbol)
    const list = this.pending[w]!
    const seq = trade.source_sequence
    if (seq !== null) {
      const key = sourceKey(trade)
      const seen = this.pendingStreams[w]!
      if (!seen.has(key)) {
        seen.add(key)
        const last = this.lastTaken.get(key)
        if (last !== undefined) this.pendingAfter[w]![key] = last
      }
      this.lastTaken.set(key, seq)
    }
    list.add(trade, this.options.traceOf)
    this.oldestAt[w] ??= this.now()
    if (list.length >= this.options.batchMaxTrades) this.flushWriter(w)
    else this.arm()
  }

  /** Sends every pending batch now. */
  flush(): void {
    for (let w = 0; w < this.options.writers; w++) this.flushWriter(w)
  }

  /** Sends what is pending and resolves when no batch is in flight. */
  async drain(): Promise<void> {
    this.flush()
    await this.settled()
  }

  /**
   * Where each stream resumes (`EXCHANGE:SYMBOL` -> the sequence before the next trade): the first
   * batch of a stream after this claims to follow on from it. Call before the feed (re)starts.
   */
  resumeFrom(positions: ReadonlyMap<string, number>): void {
    this.lastTaken.clear()
    for (const [key, seq] of positions) this.lastTaken.set(key, seq)
  }

  /**
   * Forgets pending trades and the degraded state (the caller is about to restart the feed from the
   * writers' positions, which re-fetches them) once every batch in flight has settled.
   */
  async reset(): Promise<void> {
    for (let w = 0; w < this.options.writers; w++) {
      this.counters.skipped += this.pending[w]!.length
      this.pending[w] = new PendingBatch()
      this.pendingAfter[w] = {}
      this.pendingStreams[w] = new Set()
      this.oldestAt[w] = undefined
    }
    this.disarm()
    await this.settled()
    this.degraded = undefined
    this.gate?.release()
  }

  /** Refuses further trades and stops the timer (after `drain`, for a graceful stop). */
  close(): void {
    this.closed = true
    this.disarm()
    this.gate?.hold()
  }

  stats(): ForwarderStats {
    const gate = this.gate?.stats() ?? { pauses: 0, pausedMs: 0, pauseTimeouts: 0 }
    return { ...this.counters, ...gate }
  }

  private flushWriter(w: number): void {
    const list = this.pending[w]!
    if (list.length === 0) return
    if (this.inFlight[w]! >= this.options.maxInFlightBatches) {
      this.degrade('overload')
      return
    }
    const after = this.pendingAfter[w]!
    this.pending[w] = new PendingBatch()
    this.pendingAfter[w] = {}
    this.pendingStreams[w] = new Set()
    this.oldestAt[w] = undefined
    const batch = list.finish()
    // Only the count outlives the send (the trades were written into the batch as they came).
    const trades = list.length
    this.inFlight[w]!++
    this.counters.batches++
    if (this.degraded === undefined) this.gate?.update()
    this.send(w, batch, after).then(
      () => {
        this.counters.forwarded += trades
        this.settle(w)
      },
      () => {
        this.counters.sendFailures++
        this.counters.skipped += trades
        this.degrade('writer-lost')
        this.settle(w)
      },
    )
    if (!this.pending.some((p) => p.length > 0)) this.disarm()
  }

  private degrade(why: 'overload' | 'writer-lost'): void {
    if (this.degraded !== undefined) return
    this.degraded = why
    this.gate?.hold()
    if (why === 'overload') this.counters.overloads++
    for (let w = 0; w < this.options.writers; w++) {
      this.counters.skipped += this.pending[w]!.length
      this.pending[w] = new PendingBatch()
      this.pendingAfter[w] = {}
      this.pendingStreams[w] = new Set()
      this.oldestAt[w] = undefined
    }
    this.disarm()
    void this.settled().then(() => {
      if (!this.closed) this.events.needResync(why)
    })
  }

  private settle(w: number): void {
    this.inFlight[w]!--
    if (this.degraded === undefined) this.gate?.update()
    if (this.inFlight.every((n) => n === 0)) {
      for (const resolve of this.settledWaiters.splice(0)) resolve()
    }
  }

  private settled(): Promise<void> {
    if (this.inFlight.every((n) => n === 0)) return Promise.resolve()
    return new Promise((resolve) => this.settledWaiters.push(resolve))
  }

  private arm(): void {
    if (this.timer !== undefined) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      const now = this.now()
      for (let w = 0; w < this.options.writers; w++) {
        const at = this.oldestAt[w]
        if (at !== undefined && now - at >= this.options.batchMaxDelayMs) this.flushWriter(w)
      }
      if (this.pending.some((p) => p.length > 0)) this.arm()
    }, this.options.batchMaxDelayMs)
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }
}
