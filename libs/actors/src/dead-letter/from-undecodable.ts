import { parseTopicName, type UndecodableRecord } from '@k2/kafka'

import type { DeadLetter } from './dead-letter.js'

/** Options of {@link deadLetterFromUndecodable}. */
export interface UndecodableDeadLetterOptions {
  /** `kafka` (default) for a consumer's decode failure; `writer` when a writer rejected it. */
  readonly source?: 'kafka' | 'writer'
  /** Defaults to now. */
  readonly at?: Date
}

/**
 * The dead letter of a Kafka record that could not be decoded: its value bytes as they were, the
 * decode error's code and message, and its topic/partition/offset. The record key is the symbol
 * (D3); the exchange is read from a `market.*.*.{exchange}` topic name (upper-cased), and left
 * out for other topics.
 */
export function deadLetterFromUndecodable(
  record: UndecodableRecord,
  options: UndecodableDeadLetterOptions = {},
): DeadLetter {
  let exchange: string | undefined
  try {
    exchange = parseTopicName(record.topic).exchange.toUpperCase()
  } catch {
    exchange = undefined
  }
  return {
    source: options.source ?? 'kafka',
    reason: record.error.code,
    message: record.error.message,
    at: (options.at ?? new Date()).toISOString(),
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    ...(exchange === undefined ? {} : { exchange }),
    ...(record.key === null ? {} : { symbol: record.key }),
    bytes: record.bytes,
  }
}
