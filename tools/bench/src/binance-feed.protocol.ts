/**
 * Messages between the Binance feed benchmark and its two child processes (STYLE.md habit 9):
 * the replay exchange and the consumer. Requests travel as the child's one command-line argument
 * (JSON), replies over the fork IPC channel; errors cross as data.
 */

/**
 * What the consumer does with each frame, cumulatively: `receive` = the WebSocket read and the
 * UTF-8 decode every feed pays; `json` + `JSON.parse`; `validate` = the Binance `parseFrame`
 * (one parse plus the D9 checks); `full` = the adapter's `parseFrame` (+ conversion to TradeV2).
 */
export const FEED_MODES = ['receive', 'json', 'validate', 'full'] as const

/** One of {@link FEED_MODES}. */
export type FeedMode = (typeof FEED_MODES)[number]

/** Options of the replay exchange child. */
export interface ReplayChildRequest {
  readonly symbols: readonly string[]
  readonly tradesPerSymbol: number
  readonly seed: number
  /** Trades/s over all symbols; 0 or absent = as fast as the subscribers read. */
  readonly rate?: number
}

/** The replay exchange child is listening. */
export interface ReplayChildReady {
  readonly type: 'ready'
  /** WebSocket base, e.g. `ws://127.0.0.1:41234`. */
  readonly url: string
  /** REST base (historical trades, `/k2/stats`), e.g. `http://127.0.0.1:41234`. */
  readonly restUrl: string
}

/** A failure of a child, as data. */
export interface ChildFailure {
  readonly type: 'error'
  readonly code: string
  readonly message: string
}

/** What one consumer run does. */
export interface ConsumerRequest {
  readonly mode: FeedMode
  /** Combined-stream URL of the replay exchange. */
  readonly url: string
  readonly symbols: readonly string[]
  readonly warmup: number
  readonly frames: number
}

/** What one consumer run measured over the timed frames (after the warm-up). */
export interface ConsumerResult {
  readonly type: 'result'
  readonly mode: FeedMode
  readonly frames: number
  /** Wall-clock seconds from the first to the last timed frame. */
  readonly wallSeconds: number
  /** CPU seconds of the consuming (main) thread: the headline figure. */
  readonly threadCpuSeconds: number
  /** How `threadCpuSeconds` was read: `schedstat` (ns) or `stat` (clock ticks). */
  readonly threadCpuSource: string
  /** CPU seconds of the whole consumer process (GC and libuv threads included). */
  readonly processCpuSeconds: number
  /** Frames that came out as trades (`validate`, `full`); 0 in the other modes. */
  readonly trades: number
  /** Frames that did not (must be 0). */
  readonly invalid: number
  /** `full` only: trades whose id was not the previous id of their symbol + 1 (must be 0). */
  readonly sequenceBreaks: number
  readonly peakRssBytes: number
}

/** The consumer child's one reply. */
export type ConsumerReply = ConsumerResult | ChildFailure
