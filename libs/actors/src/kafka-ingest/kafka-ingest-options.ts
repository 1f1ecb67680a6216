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

/** The data types a Kafka ingestor writes: the sequenced market records (D6 source positions). */
export type IngestDataType = 'trades' | 'quotes'

/** The data types {@link IngestDataType} allows, for validation. */
export const INGEST_DATA_TYPES: readonly IngestDataType[] = ['trades', 'quotes']

/** Options of `createKafkaIngestor` (and `createKafkaTradeIngestor`). */
export interface KafkaIngestorOptions {
  /** The Kafka client (`createKafkaClient` of `@k2/kafka`). */
  readonly kafka: KafkaClient
  /** Consumer group; writers of one deployment share it and split the partitions (D5). */
  readonly groupId: string
  /**
   * What the topics carry and the table holds: `trades` (default; trades_v2) or `quotes`
   * (quotes_v2). Every topic must be of this data type.
   */
  readonly dataType?: IngestDataType
  /** Topics of the data type (`market.{asset_class}.{data_type}.{exchange}`), at least one. */
  readonly topics: readonly string[]
  readonly catalog: Catalog
  readonly io: FileIO
  readonly parquet: ParquetWriter
  /**
   * The table to append to; it must exist. Default: the data type's table
   * (`TRADES_V2_TABLE` or `QUOTES_V2_TABLE`).
   */
  readonly table?: TableIdentifier
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

/** The former name of {@link KafkaIngestorOptions} (trades by default). */
export type KafkaTradeIngestorOptions = KafkaIngestorOptions

/** Throws `ACTORS_INVALID_OPTIONS` naming the first unusable option (STYLE.md habit 7). */
export function validateKafkaIngestorOptions(options: KafkaIngestorOptions): void {
  const expected = options.dataType ?? 'trades'
  if (!INGEST_DATA_TYPES.includes(expected)) {
    throw invalid('dataType', `${JSON.stringify(expected)} is not one of ${INGEST_DATA_TYPES}`)
  }
  if (typeof options.groupId !== 'string' || options.groupId.trim() === '') {
    throw invalid('groupId', 'must be a non-empty string')
  }
  if (!Array.isArray(options.topics) || options.topics.length === 0) {
    throw invalid('topics', `must name at least one ${expected} topic`)
  }
  for (const topic of options.topics) {
    let dataType: string
    try {
      dataType = parseTopicName(topic).dataType
    } catch (err) {
      throw invalid('topics', (err as Error).message)
    }
    if (dataType !== expected) throw invalid('topics', `${topic} is not a ${expected} topic`)
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

/** The former name of {@link validateKafkaIngestorOptions}. */
export const validateKafkaTradeIngestorOptions = validateKafkaIngestorOptions
