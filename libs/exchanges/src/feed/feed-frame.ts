import type { K2Error } from '@k2/core'

import type { FeedTrade } from './feed-trade.js'

/**
 * One WebSocket frame as an exchange adapter understands it, in exchange-neutral terms. Parsing a
 * frame never throws: a bad frame is an `invalid` result, so the read loop has no try/catch.
 */
export type FeedFrame =
  /** A trade, validated and converted. */
  | { readonly kind: 'trade'; readonly trade: FeedTrade }
  /**
   * The exchange announced that it will close this connection (Binance `serverShutdown`): open a
   * new one now and switch when it delivers (make-before-break, D9).
   */
  | { readonly kind: 'shutdown'; readonly eventTimeMs: number | null }
  /** The exchange accepted a request sent on the connection (e.g. SUBSCRIBE). */
  | { readonly kind: 'ack'; readonly requestId: number | string | null }
  /** The exchange refused a request sent on the connection; `error.code` says how. */
  | {
      readonly kind: 'rejected'
      readonly requestId: number | string | null
      readonly error: K2Error
    }
  /** The frame failed parsing, validation or conversion: dead-letter it with `error`. */
  | { readonly kind: 'invalid'; readonly error: K2Error }

/** The kinds of {@link FeedFrame}. */
export type FeedFrameKind = FeedFrame['kind']
