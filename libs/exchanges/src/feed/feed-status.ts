import { FeedError } from './errors.js'

/**
 * States of a feed as its supervisor sees it (D9: after max attempts a feed reports `failed`
 * instead of hanging). `stopped` is terminal and only follows a caller's stop; `failed` means the
 * feed gave up on its own and can only be stopped.
 */
export const FEED_STATUSES = [
  'connecting',
  'connected',
  'reconnecting',
  'failed',
  'stopped',
] as const

/** A feed state, see {@link FEED_STATUSES}. */
export type FeedStatus = (typeof FEED_STATUSES)[number]

/** Allowed status changes (STYLE.md habit 10): anything else is a bug in the feed. */
export const FEED_STATUS_TRANSITIONS: Readonly<Record<FeedStatus, readonly FeedStatus[]>> = {
  connecting: ['connected', 'reconnecting', 'failed', 'stopped'],
  connected: ['reconnecting', 'failed', 'stopped'],
  reconnecting: ['connected', 'failed', 'stopped'],
  failed: ['stopped'],
  stopped: [],
}

/**
 * Checks a status change against {@link FEED_STATUS_TRANSITIONS} and returns the new status;
 * throws `FEED_ILLEGAL_TRANSITION` for an edge the table does not have.
 */
export function checkFeedTransition(from: FeedStatus, to: FeedStatus): FeedStatus {
  if (!FEED_STATUS_TRANSITIONS[from].includes(to)) {
    throw new FeedError('FEED_ILLEGAL_TRANSITION', `feed status cannot go from ${from} to ${to}`, {
      context: { from, to },
    })
  }
  return to
}
