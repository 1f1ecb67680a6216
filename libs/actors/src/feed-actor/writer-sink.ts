import { errorCode } from '@k2/core'

import { writerIndexFor } from '../transport/index.js'
import { TradeForwarder, type ForwarderOptions } from './trade-forwarder.js'
import type { TradeSink, TradeSinkEvents, TradeSinkStats } from './trade-sink.js'

/** A writer actor's answer to `accepted` (see `WriterMethods`). */
export interface WriterAccepted {
  readonly session: number
  readonly positions: Readonly<Record<string, number>>
}

/**
 * The feed's view of the writer actors (in the actor: `ctx.peer` clients of `writerProtocol`;
 * in tests: fakes). Writer `w` is `writers[w]` of the feed's init.
 */
export interface WriterLink {
  /** Number of writers; a symbol goes to `writerIndexFor(symbol, writers)`. */
  readonly writers: number
  /** `write` of writer `w` (the batch is transferred). */
  write(
    w: number,
    request: {
      readonly batch: ArrayBuffer
      readonly session: number
      readonly after: Readonly<Record<string, number>>
    },
  ): Promise<unknown>
  /** `accepted` of writer `w`, bounded by `timeoutMs`. */
  accepted(w: number, timeoutMs: number): Promise<WriterAccepted>
}

/** Counters of the writer sink. */
export interface WriterSinkStats extends TradeSinkStats {
  readonly transport: 'embedded'
  /** Batches sent to writers. */
  readonly batches: number
}

/** Options of {@link createWriterSink}. */
export interface WriterSinkOptions {
  readonly link: WriterLink
  /** The feed's symbols: only their writers are asked where to resume. */
  readonly symbols: readonly string[]
  readonly batchMaxTrades: number
  readonly batchMaxDelayMs: number
  readonly maxInFlightBatches: number
  /** Back-pressure watermarks and timeout (`ForwarderOptions`; defaults 3/4, 1/4 of max, 20 s). */
  readonly pauseAtInFlightBatches?: number
  readonly resumeAtInFlightBatches?: number
  readonly maxPauseMs?: number
  /** How long `resumePoints` waits for a writer (it may be restarting). Default 60 s. */
  readonly acceptedTimeoutMs?: number
  /** Pause between asking a restarting writer again (ms). Default 100. */
  readonly retryDelayMs?: number
  /** True once the owner is stopping: a restarting writer is not waited for any more. */
  readonly isStopping?: () => boolean
  /** Tracing on (D8): a sampled trade's `traceparent`, sent with its batch (`ForwarderOptions`). */
  readonly traceOf?: ForwarderOptions['traceOf']
}

/** A writer that died under a call: ask again once it is back. */
function isWriterGone(err: unknown): boolean {
  const code = errorCode(err)
  return code === 'ACTOR_CHANNEL_CLOSED' || code === 'ACTOR_DIED'
}

/**
 * The embedded transport's sink (D5): batches per writer partition with back-pressure (the
 * {@link TradeForwarder}: it pauses the feed at a high watermark of unanswered batches per writer
 * and resumes it at a low one; skip + resync only past the hard bound), every batch carrying the writer session and the per-stream continuity
 * claim, so a writer that lost buffered trades refuses later batches and the feed resyncs.
 * Resume points are the owning writers' `accepted` positions (committed or buffered).
 */
export function createWriterSink(options: WriterSinkOptions, events: TradeSinkEvents): TradeSink {
  const { link } = options
  const acceptedTimeoutMs = options.acceptedTimeoutMs ?? 60_000
  const retryDelayMs = options.retryDelayMs ?? 100
  /** Per writer, the session its last `accepted` answer gave (sent with every batch). */
  const sessions = new Map<number, number>()
  /** The writers owning the feed's symbols (a resync asks only them). */
  const owners = [...new Set(options.symbols.map((s) => writerIndexFor(s, link.writers)))]
  let closed = false

  const forwarder = new TradeForwarder(
    {
      writers: link.writers,
      route: (symbol) => writerIndexFor(symbol, link.writers),
      batchMaxTrades: options.batchMaxTrades,
      batchMaxDelayMs: options.batchMaxDelayMs,
      maxInFlightBatches: options.maxInFlightBatches,
      pauseAtInFlightBatches: options.pauseAtInFlightBatches,
      resumeAtInFlightBatches: options.resumeAtInFlightBatches,
      maxPauseMs: options.maxPauseMs,
      ...(options.traceOf === undefined ? {} : { traceOf: options.traceOf }),
    },
    (w, batch, after) => link.write(w, { batch, after, session: sessions.get(w) ?? -1 }),
    {
      needResync: (why) => events.needResync(why),
      pause: events.pause,
      resume: events.resume,
    },
  )

  /**
   * A writer's `accepted` positions. A call pending when the writer dies is rejected with
   * `ACTOR_CHANNEL_CLOSED`; asking again waits for the restarted writer's channel.
   */
  async function acceptedOf(w: number): Promise<WriterAccepted> {
    const deadline = Date.now() + acceptedTimeoutMs
    for (;;) {
      try {
        return await link.accepted(w, Math.max(1, deadline - Date.now()))
      } catch (err) {
        if (!isWriterGone(err) || Date.now() >= deadline || closed || options.isStopping?.()) {
          throw err
        }
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs))
      }
    }
  }

  return {
    transport: 'embedded',
    async resumePoints() {
      const positions = new Map<string, number>()
      for (const w of owners) {
        const answer = await acceptedOf(w)
        sessions.set(w, answer.session)
        for (const [key, seq] of Object.entries(answer.positions)) {
          // Only the owner's word counts for a stream (others may know an older committed one).
          const symbol = key.slice(key.indexOf(':') + 1)
          if (writerIndexFor(symbol, link.writers) === w) positions.set(key, seq)
        }
      }
      return positions
    },
    resumeFrom: (positions) => forwarder.resumeFrom(positions),
    push: (trade) => forwarder.push(trade),
    reset: () => forwarder.reset(),
    async close() {
      closed = true
      await forwarder.drain()
      forwarder.close()
    },
    stats(): WriterSinkStats {
      return { transport: 'embedded', ...forwarder.stats() }
    },
  }
}
