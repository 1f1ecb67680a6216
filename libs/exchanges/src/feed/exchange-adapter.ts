import type { Micros, TradeV2 } from '@k2/core'

import type { FeedFrame } from './feed-frame.js'
import type { FeedTrade, SequenceSemantics } from './feed-trade.js'

/** A REST request that fetches missing trades (gap repair); the feed performs it. */
export interface BackfillRequest {
  readonly method: 'GET'
  readonly url: string
  /** Request weight the exchange charges against its per-minute budget. */
  readonly weight: number
  /** The symbol and first sequence asked for, and the most trades the answer can hold. */
  readonly symbol: string
  readonly fromSequence: number
  readonly limit: number
}

/** Rate-limit state read from a REST response's headers; `null` when a header is absent or bad. */
export interface RateLimitInfo {
  /** Weight used in the current one-minute window, as the exchange counts it. */
  readonly usedWeight: number | null
  /** How long the exchange asks us to wait before the next request (429/418), in ms. */
  readonly retryAfterMs: number | null
}

/** Exchange limits a feed must respect; numbers come from the exchange's documentation. */
export interface ExchangeLimits {
  /** Streams one connection may carry. */
  readonly maxStreamsPerConnection: number
  /** REST weight budget per minute; stay under it. */
  readonly restWeightPerMinute: number
  /** Most trades one backfill request returns. */
  readonly maxBackfillLimit: number
  /** A connection is closed by the exchange after this long; rotate before it. */
  readonly maxConnectionAgeMs: number
  /** The exchange pings this often; a silent connection is suspect after a few intervals. */
  readonly serverPingIntervalMs: number
  /** The exchange drops a client that has not answered a ping within this time. */
  readonly pongTimeoutMs: number
  /** Messages the client may send per second on one connection (pongs, subscribes). */
  readonly maxOutgoingMessagesPerSecond: number
}

/**
 * What one exchange folder provides to the generic feed (connection manager, gap repair): pure,
 * synchronous functions from symbols to URLs and messages, and from frames and REST bodies to
 * trades. No I/O happens here, so an adapter is tested with strings and the feed is written once.
 *
 * Kraken and Coinbase implement the same interface in their own folders (D9).
 */
export interface ExchangeAdapter {
  /** Exchange code as in `TradeV2.exchange`, e.g. `BINANCE`. */
  readonly exchange: string
  /** What the sequence numbers of {@link FeedTrade} promise. */
  readonly sequence: SequenceSemantics
  readonly limits: ExchangeLimits

  /** Validates symbols and returns them in the exchange's canonical form, de-duplicated. */
  normalizeSymbols(symbols: readonly string[]): readonly string[]
  /**
   * Stream URLs carrying trades of `symbols`, one per configured base in failover order (feed
   * them to a `UrlRotation`). Throws a coded error for a bad symbol or too many streams.
   */
  streamUrls(symbols: readonly string[]): readonly string[]
  /** Text of a request that adds `symbols` to an open connection; `id` comes back in the ack. */
  subscribeMessage(symbols: readonly string[], id: number): string
  /** Text of a request that removes `symbols` from an open connection. */
  unsubscribeMessage(symbols: readonly string[], id: number): string

  /**
   * Parses one text frame received at `receivedAtMicros` (platform clock, µs UTC). Never throws:
   * a bad frame is an `invalid` result carrying a coded error.
   */
  parseFrame(text: string, receivedAtMicros: Micros): FeedFrame

  /** The REST request for trades of `symbol` from `fromSequence` on (inclusive). */
  backfillRequest(symbol: string, fromSequence: number, limit?: number): BackfillRequest
  /**
   * Parses a backfill response body (text, or already-parsed JSON) into trades in sequence order.
   * Throws a coded error for an error body or an invalid item.
   */
  parseBackfillResponse(symbol: string, body: unknown, receivedAtMicros: Micros): FeedTrade[]
  /** Reads the rate-limit headers of a REST response. */
  rateLimit(headers: HeaderLookup): RateLimitInfo

  /** The exchange sequence of a trade this adapter produced (throws when it has none). */
  sequenceOf(trade: TradeV2): number
}

/** The part of the Fetch `Headers` the adapters use (so plain objects work in tests). */
export interface HeaderLookup {
  get(name: string): string | null
}
