import { codedErrorClass } from '@k2/core'

/** Error codes of the exchange-neutral feed layer, with their retriable flag. */
export const FEED_ERROR_CODES = {
  /** A feed option or argument is invalid (e.g. an empty URL list). */
  FEED_INVALID_OPTIONS: { retriable: false },
  /** A status change that {@link FEED_STATUS_TRANSITIONS} does not allow. */
  FEED_ILLEGAL_TRANSITION: { retriable: false },
} as const satisfies Record<string, { retriable: boolean }>

/** A code from {@link FEED_ERROR_CODES}. */
export type FeedErrorCode = keyof typeof FEED_ERROR_CODES

/** An error raised by the exchange-neutral feed layer of `@k2/exchanges`. */
export class FeedError extends codedErrorClass('FeedError', FEED_ERROR_CODES) {}
