import type { K2Error } from '@k2/core'

import type { FeedStatus } from './feed-status.js'
import type { FeedTrade } from './feed-trade.js'

/**
 * Why a feed reports an error. Each reason has its own handling downstream:
 * - `invalid_frame`: a frame failed parsing, validation or conversion; it goes to the dead-letter
 *   path (the error's context holds the frame text, truncated) and the feed carries on.
 * - `request_rejected`: the exchange answered a request (subscribe, REST) with an error.
 * - `connection`: a connection failed, dropped or went silent; the feed reconnects.
 * - `backfill`: a gap-repair request failed; the feed retries or reports the gap as unrepaired.
 */
export const FEED_ERROR_REASONS = [
  'invalid_frame',
  'request_rejected',
  'connection',
  'backfill',
] as const

/** A reason from {@link FEED_ERROR_REASONS}. */
export type FeedErrorReason = (typeof FEED_ERROR_REASONS)[number]

/** An error as a feed reports it: the reason, the coded error and where it happened. */
export interface FeedErrorEvent {
  readonly reason: FeedErrorReason
  /** Coded error (`error.code` is the `error_type` label of the error metrics, D8). */
  readonly error: K2Error
  /** The WebSocket or REST URL involved, when there is one. */
  readonly url?: string
}

/** A status change as a feed reports it. */
export interface FeedStatusChange {
  readonly status: FeedStatus
  readonly previous: FeedStatus | null
  /** Why the change happened, e.g. `serverShutdown`, `silence`, `max_attempts` (free text label). */
  readonly reason?: string
  /** The stream URL in use after the change, when connected or connecting. */
  readonly url?: string
}

/**
 * The sink a feed reports to (one per feed). Calls are synchronous and in order; a sink must not
 * throw. Trades arrive in sequence order per symbol, exactly once, once gap repair is in place.
 */
export interface FeedEvents {
  onTrade(trade: FeedTrade): void
  onStatus(change: FeedStatusChange): void
  onError(event: FeedErrorEvent): void
}
