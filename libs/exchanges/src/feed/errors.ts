import { codedErrorClass } from '@k2/core'

/** Error codes of the exchange-neutral feed layer, with their retriable flag. */
export const FEED_ERROR_CODES = {
  /** A feed option or argument is invalid (e.g. an empty URL list). */
  FEED_INVALID_OPTIONS: { retriable: false },
  /** A status change that {@link FEED_STATUS_TRANSITIONS} does not allow. */
  FEED_ILLEGAL_TRANSITION: { retriable: false },
  /** A circuit-breaker state change that its transition table does not allow. */
  FEED_ILLEGAL_BREAKER_TRANSITION: { retriable: false },
  /** `start()` on a feed that was already started or stopped (a feed runs once; make a new one). */
  FEED_ALREADY_STARTED: { retriable: false },
  /** A WebSocket connection could not be opened (refused, DNS, TLS, HTTP status, timeout). */
  FEED_CONNECT_FAILED: { retriable: true },
  /** An open WebSocket connection closed or failed; the feed reconnects. */
  FEED_CONNECTION_LOST: { retriable: true },
  /** No message within the silence timeout: the connection is presumed dead and replaced. */
  FEED_CONNECTION_SILENT: { retriable: true },
  /** The feed used up its reconnect attempts and reports `failed` to its supervisor. */
  FEED_MAX_ATTEMPTS: { retriable: false },
  /** A binary frame arrived where the exchange only sends text. */
  FEED_BINARY_FRAME: { retriable: false },
  /** A trade for a symbol the feed did not subscribe to. */
  FEED_UNEXPECTED_SYMBOL: { retriable: false },
  /** A backfill request failed at the network level or with a 5xx; it is retried. */
  FEED_BACKFILL_UNAVAILABLE: { retriable: true },
  /** A backfill request was refused for going over the exchange's rate limit (429/418). */
  FEED_BACKFILL_RATE_LIMITED: { retriable: true },
  /** A backfill request failed for good (bad request, unparseable answer, retries used up). */
  FEED_BACKFILL_FAILED: { retriable: false },
  /** The exchange no longer has (or never had) some trades of a gap: they cannot be recovered. */
  FEED_GAP_UNREPAIRED: { retriable: false },
} as const satisfies Record<string, { retriable: boolean }>

/** A code from {@link FEED_ERROR_CODES}. */
export type FeedErrorCode = keyof typeof FEED_ERROR_CODES

/** An error raised by the exchange-neutral feed layer of `@k2/exchanges`. */
export class FeedError extends codedErrorClass('FeedError', FEED_ERROR_CODES) {}
