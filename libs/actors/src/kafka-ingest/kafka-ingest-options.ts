import type { Logger, RetryOptions } from '@k2/core'
import type { Catalog, FileIO, ParquetWriter, TableIdentifier } from '@k2/iceberg'
import {
  parseTopicName,
  type KafkaClient,
  type MarketDataRecord,
  type UndecodableRecord,
} from '@k2/kafka'

import { ActorsError } from '../errors.js'
import type { CommitPolicy, WriterClock } from '../writer/index.js'
import type { KafkaIngestObserver } from './kafka-ingest-observer.js'

/**
 * Receives a record the ingestor could not decode (topic, partition, offset, key, headers, the
 * original bytes, the error with its code and message), e.g.
 * `(r) => sink.write(deadLetterFromUndecodable(r))`. Awaited before the ingestor moves past the
 * record; a rejection fails the batch, which is fetched again. At-least-once: a record whose
 * offset was not yet committed to the table when the ingestor stopped is reported again later.
 */
export type IngestDeadLetterHandler = (record: UndecodableRecord) => Promise<void> | void

/** Options of `createKafkaTradeIngestor`. */
export interface KafkaTradeIngestorOptions {
  /** The Kafka client (`createKafkaClient` of `@k2/kafka`). */
  readonly kafka: KafkaClient
  /** Consumer group; writers of one deployment share it and split the partitions (D5). */
  readonly groupId: string
  /** Trades topics (`market.{asset_class}.trades.{exchange}`), at least one. */
  readonly topics: readonly string[]
  readonly catalog: Catalog
  readonly io: FileIO
  readonly parquet: ParquetWriter
  /** The table to append to, e.g. `TRADES_V2_TABLE.identifier`; it must exist. */
  readonly table: TableIdentifier
  /** Receives undecodable records (D6 dead-letter path); they still advance the offset. */
  readonly deadLetter: IngestDeadLetterHandler
  /** Commit triggers; defaults `COMMIT_POLICY_DEFAULTS`. */
  readonly policy?: Partial<CommitPolicy>
  /** Decodes a record value of a topic; default `createMarketDataDecoder()` (no registry). */
  readonly decode?: (topic: string, bytes: Buffer) => Promise<MarketDataRecord>
  readonly clock?: WriterClock
  readonly logger?: Logger
  readonly observer?: KafkaIngestObserver
  /** Retry of lost commit races (defaults: `COMMIT_RETRY_DEFAULTS` of `@k2/iceberg`). */
  readonly retry?: Partial<RetryOptions>
  /** Consumer-group session timeout, ms (kafkajs default 30,000). */
  readonly sessionTimeoutMs?: number
}

const invalid = (option: string, message: string) =>
  new ActorsError('ACTORS_INVALID_OPTIONS', `${option}: ${message}`, { context: { option } })

/** Throws `ACTORS_INVALID_OPTIONS` naming the first unusable option (STYLE.md habit 7). */
export function validateKafkaTradeIngestorOptions(options: KafkaTradeIngestorOptions): void {
  if (typeof options.groupId !== 'string' || options.groupId.trim() === '') {
    throw invalid('groupId', 'must be a non-empty string')
  }
  if (!Array.isArray(options.topics) || options.topics.length === 0) {
    throw invalid('topics', 'must name at least one trades topic')
  }
  for (const topic of options.topics) {
    let dataType: string
    try {
      dataType = parseTopicName(topic).dataType
    } catch (err) {
      throw invalid('topics', (err as Error).message)
    }
    if (dataType !== 'trades') throw invalid('topics', `${topic} is not a trades topic`)
  }
  if (new Set(options.topics).size !== options.topics.length) {
    throw invalid('topics', 'names a topic twice')
  }
  if (typeof options.deadLetter !== 'function') throw invalid('deadLetter', 'must be a function')
  if (
    options.sessionTimeoutMs !== undefined &&
    (!Number.isSafeInteger(options.sessionTimeoutMs) || options.sessionTimeoutMs < 1)
  ) {
    throw invalid('sessionTimeoutMs', `${options.sessionTimeoutMs} must be a positive integer`)
  }
}
