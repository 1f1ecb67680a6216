import type { FeedErrorEvent } from '@k2/exchanges'

import type { DeadLetter } from './dead-letter.js'

/** Where a feed's dead letters belong: its exchange, and in Kafka mode the topic it feeds. */
export interface FeedDeadLetterContext {
  /** Exchange code of the feed (upper-cased in the letter). */
  readonly exchange: string
  /** The trade topic of the feed (Kafka mode: the letter goes to `{topic}.dlq`). */
  readonly topic?: string
  /** Defaults to now. */
  readonly at?: Date
}

/**
 * The dead letter of a feed error event, or `null` when the event is not one: only `invalid_frame`
 * events carry a frame to keep (connection, rejected-request and backfill errors are reported
 * through metrics and logs, not dead-lettered). The frame text is the error's `context.frame`, as
 * `@k2/exchanges` puts it there (cut to 2 KB: `context.frameTruncated` -> `truncated`); a frame
 * without text (a binary frame) is kept as an empty text with its reason and message. The symbol
 * comes from `context.symbol` when the error has it (conversion errors do; parse errors do not).
 */
export function deadLetterFromFeedError(
  event: FeedErrorEvent,
  where: FeedDeadLetterContext,
): DeadLetter | null {
  if (event.reason !== 'invalid_frame') return null
  const { error } = event
  const context = error.context
  const frame = context.frame
  const symbol = context.symbol
  const url = event.url ?? context.url
  return {
    source: 'feed',
    reason: error.code,
    message: error.message,
    at: (where.at ?? new Date()).toISOString(),
    ...(where.topic === undefined ? {} : { topic: where.topic }),
    exchange: where.exchange.toUpperCase(),
    ...(typeof symbol === 'string' ? { symbol } : {}),
    ...(typeof url === 'string' ? { url } : {}),
    ...(context.frameTruncated === true ? { truncated: true } : {}),
    text: typeof frame === 'string' ? frame : '',
  }
}
