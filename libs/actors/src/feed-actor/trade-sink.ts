import type { TradeV2 } from '@k2/core'

/** The transports a feed actor can hand its trades to (D5). */
export type FeedTransport = 'embedded' | 'kafka'

/**
 * Why a sink asks its feed to resync: it stopped buffering under load (`overload`), a writer died
 * with batches it had taken (`writer-lost`), or the Kafka producer gave up (`producer-failed`).
 */
export type ResyncReason = 'overload' | 'writer-lost' | 'producer-failed'

/** What a sink tells the feed actor that owns it. */
export interface TradeSinkEvents {
  /**
   * Trades were skipped or lost: the owner stops the feed, calls `reset`, reads `resumePoints`
   * and starts the feed again from there (REST gap repair re-fetches what is missing). Called once
   * per episode, after everything in flight has settled, so the positions read next are final.
   */
  readonly needResync: (why: ResyncReason) => void
  /**
   * Back-pressure: the destination is behind (the sink's high watermark): stop reading the
   * exchange (`feed.pause()`). Without `pause`/`resume` the sink only has its skip + resync path.
   */
  readonly pause?: () => void
  /** The destination caught up (low watermark), or the sink starts over: read again. */
  readonly resume?: () => void
}

/** Counters every sink reports (the Kafka sink adds its producer's). */
export interface TradeSinkStats {
  readonly transport: FeedTransport
  /** Trades handed on: acknowledged by a writer (embedded) or queued on the producer (kafka). */
  readonly forwarded: number
  /** Trades not handed on because the destination was behind or gone (re-fetched by a resync). */
  readonly skipped: number
  /** Times the sink stopped buffering because its destination fell behind. */
  readonly overloads: number
  /** Sends that failed (a writer refused or died, the producer gave up). */
  readonly sendFailures: number
  /** Times the sink paused its feed at the high watermark (back-pressure). */
  readonly pauses: number
  /** Time the feed spent paused by the sink, ms. */
  readonly pausedMs: number
  /** Pauses that outlasted `maxPauseMs` and fell back to skip + resync. */
  readonly pauseTimeouts: number
}

/**
 * Where a feed actor puts its trades: the writer actors over channels (`writer-sink.ts`) or Kafka
 * (`kafka-sink.ts`). Both keep memory bounded. Their first answer to a slow destination is
 * back-pressure: at a high watermark of in-flight work they pause the feed (its socket is no longer
 * read, so TCP slows the exchange), at a low one resume it ({@link TradeSinkEvents.pause}). Only
 * past their hard limit (trades already past the socket when it paused) or a pause longer than
 * `maxPauseMs` do they stop buffering, count what they skip and ask for a resync
 * ({@link TradeSinkEvents.needResync}), and the feed re-fetches the skipped trades from the
 * exchange's history. Nothing is dropped without being counted and re-fetched.
 */
export interface TradeSink {
  readonly transport: FeedTransport
  /**
   * Per stream (`EXCHANGE:SYMBOL`), the sequence of the last trade the destination keeps for good:
   * the writers' `accepted` positions, or the table's committed ones in Kafka mode (the writers
   * drop re-produced trades at or below them). A stream missing has nothing there yet.
   */
  resumePoints(): Promise<ReadonlyMap<string, number>>
  /** The positions (`EXCHANGE:SYMBOL` -> sequence) the feed is about to restart after. */
  resumeFrom(positions: ReadonlyMap<string, number>): void
  /** Takes one trade, in feed order; skips (and counts) it while degraded or closed. */
  push(trade: TradeV2): void
  /**
   * Before the feed restarts (it is stopped): drops what is pending and the degraded state once
   * everything in flight has settled, and replaces whatever failed for good (a producer).
   */
  reset(): Promise<void>
  /** Graceful stop (the feed is stopped): delivers what is held, then releases resources. */
  close(): Promise<void>
  stats(): TradeSinkStats
}
