import type { ActorHandle, Supervisor } from '@k2/actor-runtime'
import {
  COMPACTOR_ACTOR_URL,
  commitPolicyFromConfig,
  compactorProtocol,
  FEED_ACTOR_URL,
  FEED_KAFKA_DEFAULTS,
  feedProtocol,
  KAFKA_WRITER_ACTOR_URL,
  kafkaWriterProtocol,
  type IngestDataType,
  type KafkaWriterIngest,
} from '@k2/actors'
import type { K2Config } from '@k2/config'
import type { Logger } from '@k2/core'
import { BINANCE_LIMITS } from '@k2/exchanges'
import {
  createKafkaClient,
  deadLetterTopicName,
  deadLetterTopicSpec,
  ensureTopics,
  topicName,
  topicSpecFor,
} from '@k2/kafka'

import { feedGroups } from './feed-groups.js'
import {
  FEED_MAX_BUFFERED_TRADES,
  kafkaFeedResourceLimits,
  WRITER_RESOURCE_LIMITS,
} from './worker-limits.js'

/** The actors of a running Kafka pipeline, in the order they must stop (D5 shutdown). */
export interface KafkaPipeline {
  readonly feeds: readonly ActorHandle<typeof feedProtocol>[]
  readonly writers: readonly ActorHandle<typeof kafkaWriterProtocol>[]
  readonly compactor: ActorHandle<typeof compactorProtocol>
  /**
   * D5 order: feeds stop (each flushes its producer, so everything it took is in Kafka), then
   * writers (final commit, then they leave the group and close their consumers), then the
   * compactor. Resolves when all have stopped or were terminated after their stop timeout.
   */
  stop(): Promise<void>
}

/** The topic the Binance feeds produce to (D3, D9). */
export const BINANCE_TRADES_TOPIC = topicName('crypto', 'trades', 'binance')

/**
 * The topics the writers ingest, per data type (D3): the Binance feeds' trades and the ASX CSV
 * loader's trades and quotes (`k2 load asx` with K2_TRANSPORT=kafka). The pipeline creates each
 * of them and its `.dlq` at start-up.
 */
export const KAFKA_INGEST_TOPICS: Readonly<Record<IngestDataType, readonly string[]>> = {
  trades: [BINANCE_TRADES_TOPIC, topicName('equities', 'trades', 'asx')],
  quotes: [topicName('equities', 'quotes', 'asx')],
}

/**
 * Consumer-group session timeout of the writers: how soon a dead member (a killed supervisor) is
 * dropped and its partitions move on. The broker's minimum is 6 s by default.
 */
const WRITER_SESSION_TIMEOUT_MS = 10_000

/**
 * The writers' consumer group of a data type: `{K2_KAFKA_CLIENT_ID}-writers` for trades (i.e.
 * `k2-writers` by default), `{K2_KAFKA_CLIENT_ID}-quote-writers` for quotes. Supervisors of one
 * deployment share them and split the partitions (D5 scale-out); a different client id is a
 * separate deployment with its own groups.
 */
export function writerGroupId(
  config: Pick<K2Config, 'kafka'>,
  dataType: IngestDataType = 'trades',
): string {
  return `${config.kafka.clientId}-${dataType === 'trades' ? 'writers' : 'quote-writers'}`
}

/** What every writer actor ingests: one entry per data type with its group and topics. */
export function writerIngest(config: Pick<K2Config, 'kafka'>): KafkaWriterIngest[] {
  return (Object.keys(KAFKA_INGEST_TOPICS) as IngestDataType[]).map((dataType) => ({
    dataType,
    groupId: writerGroupId(config, dataType),
    topics: KAFKA_INGEST_TOPICS[dataType],
  }))
}

/**
 * Starts the Kafka transport (D5): creates the ingested topics and their `.dlq` topics (D3:
 * explicitly, partitions from config, waiting for leaders), spawns `K2_WRITERS` Kafka writer
 * actors (each a member of the trades group and of the quotes group, owning the partitions Kafka
 * assigns it), feed actors
 * that produce to Kafka and resume from the table's committed positions, and the compactor.
 * Feeds and writers need no channels: Kafka is between them, so a writer's restart concerns only
 * the group (its partitions are re-read from the offsets stored in the table, D6).
 */
export async function startKafkaPipeline(
  supervisor: Supervisor,
  config: K2Config,
  logger: Logger,
): Promise<KafkaPipeline> {
  const settings = {
    partitions: config.kafka.partitions,
    replicationFactor: config.kafka.replicationFactor,
    compression: config.kafka.compression,
  }
  await ensureTopics(
    createKafkaClient({
      brokers: config.kafka.brokers,
      clientId: `${config.kafka.clientId}-admin`,
      logger,
    }),
    [...KAFKA_INGEST_TOPICS.trades, ...KAFKA_INGEST_TOPICS.quotes].flatMap((topic) => [
      topicSpecFor(topic, settings),
      deadLetterTopicSpec(deadLetterTopicName(topic), settings),
    ]),
    logger,
  )
  const common = {
    warehouse: config.iceberg.warehouse,
    catalogUri: config.iceberg.catalogUri,
    logLevel: config.logLevel,
  }
  const kafka = {
    brokers: config.kafka.brokers,
    clientId: config.kafka.clientId,
    schemaRegistryUrl: config.kafka.schemaRegistryUrl,
    compression: config.kafka.compression,
  }
  const ingest = writerIngest(config)
  const writers: ActorHandle<typeof kafkaWriterProtocol>[] = []
  for (let i = 0; i < config.actors.writers; i++) {
    writers.push(
      await supervisor.spawn({
        name: `writer-${i}`,
        protocol: kafkaWriterProtocol,
        moduleUrl: KAFKA_WRITER_ACTOR_URL,
        init: {
          ...common,
          policy: commitPolicyFromConfig(config),
          kafka,
          ingest,
          sessionTimeoutMs: WRITER_SESSION_TIMEOUT_MS,
        },
        resourceLimits: WRITER_RESOURCE_LIMITS,
      }),
    )
  }
  const groups = feedGroups(
    config.binance.symbols,
    config.actors.feedMaxWorkers,
    BINANCE_LIMITS.maxStreamsPerConnection,
  )
  const feeds: ActorHandle<typeof feedProtocol>[] = []
  for (const [i, symbols] of groups.entries()) {
    const name =
      groups.length === config.binance.symbols.length ? `feed-${symbols[0]}` : `feed-${i}`
    feeds.push(
      await supervisor.spawn({
        name,
        protocol: feedProtocol,
        moduleUrl: FEED_ACTOR_URL,
        init: {
          ...common,
          transport: 'kafka',
          exchange: 'binance',
          symbols,
          start: config.actors.feedStart,
          streamBases: [config.binance.wsUrl, ...config.binance.failoverUrls],
          restBase: config.binance.restUrl,
          topic: BINANCE_TRADES_TOPIC,
          kafka: {
            ...kafka,
            producerQueueMax: config.kafka.producerQueueMax,
            producerBatchMax: config.kafka.producerBatchMax,
            producerLingerMs: config.kafka.producerLingerMs,
          },
          ...FEED_KAFKA_DEFAULTS,
          maxBufferedTrades: FEED_MAX_BUFFERED_TRADES,
        },
        resourceLimits: kafkaFeedResourceLimits(config.kafka.producerQueueMax),
      }),
    )
  }
  const compactor = await supervisor.spawn({
    name: 'compactor',
    protocol: compactorProtocol,
    moduleUrl: COMPACTOR_ACTOR_URL,
    init: {
      ...common,
      intervalMs: config.maintenance.compactionIntervalMs,
      snapshotRetentionMs: config.maintenance.snapshotRetentionMs,
      duckdbThreads: config.duckdb.threads,
      duckdbMemoryLimit: config.duckdb.memoryLimit,
    },
  })
  logger.info(
    {
      writers: writers.length,
      feeds: groups,
      ingest,
      transport: 'kafka',
    },
    'kafka pipeline running',
  )

  return {
    feeds,
    writers,
    compactor,
    async stop() {
      await Promise.all(feeds.map((f) => f.stop()))
      await Promise.all(writers.map((w) => w.stop()))
      await compactor.stop()
    },
  }
}
