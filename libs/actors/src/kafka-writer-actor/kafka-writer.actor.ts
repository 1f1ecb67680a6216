import { defineActor } from '@k2/actor-runtime'
import { createSchemaRegistryClient } from '@k2/codecs'
import { createCatalog, createLocalFileIO, createParquetWriter } from '@k2/iceberg'
import { createKafkaClient, createMarketDataDecoder, createRecordProducer } from '@k2/kafka'
import { createLogger, extractTraceparent } from '@k2/telemetry'

import { deadLetterFromUndecodable, kafkaDeadLetters } from '../dead-letter/index.js'
import { createKafkaIngestor, type KafkaIngestor } from '../kafka-ingest/index.js'
import { createTradeTraces } from '../tracing/index.js'
import { kafkaIngestMetricsObserver } from './kafka-writer-metrics.js'
import { kafkaWriterProtocol, type KafkaWriterActorStats } from './kafka-writer.protocol.js'

/** Records the dead-letter producer may queue (each letter is flushed before the offset moves). */
const DEAD_LETTER_QUEUE_MAX = 1_000

/**
 * A writer actor of the Kafka transport (D5, D6): one ingestor per data type of `init.ingest`
 * (trades into `market_data.trades_v2`, quotes into `market_data.quotes_v2`), each a member of its
 * data type's consumer group, ingesting the partitions Kafka assigns it exactly once (offsets and
 * source positions committed with the rows, `createKafkaIngestor`). Undecodable records go to
 * `{topic}.dlq`. `stop` commits what is buffered, then leaves the groups, so the partitions move
 * to the other members at once. Joining runs in the background: the actor is running (and answers
 * `stats`) while the groups rebalance; a failed join kills it (the supervisor restarts it).
 */
export default defineActor(kafkaWriterProtocol, async (ctx) => {
  const { init } = ctx
  const logger = createLogger({ level: init.logLevel as 'info' }).child({
    component: 'kafka-writer-actor',
    actor: ctx.name,
    incarnation: ctx.incarnation,
  })
  const kafka = createKafkaClient({
    brokers: init.kafka.brokers,
    clientId: init.kafka.clientId,
    logger,
  })
  const catalog = await createCatalog({ uri: init.catalogUri, warehouse: init.warehouse })
  const parquet = await createParquetWriter()
  const dlqProducer = createRecordProducer({
    kafka,
    queueMax: DEAD_LETTER_QUEUE_MAX,
    batchMax: 100,
    compression: init.kafka.compression,
    logger,
  })
  await dlqProducer.connect()
  const deadLetters = kafkaDeadLetters(dlqProducer)
  const registry =
    init.kafka.schemaRegistryUrl === undefined
      ? undefined
      : createSchemaRegistryClient({ url: init.kafka.schemaRegistryUrl })
  const decode = createMarketDataDecoder(registry)
  const io = createLocalFileIO()
  // D8: a consume span per record that carries a sampled `traceparent`, batch spans per table.
  const traces = createTradeTraces(ctx.tracing)
  const ingestors: KafkaIngestor[] = init.ingest.map((ingest) => {
    const batch = traces.batchSpans(
      parquet,
      kafkaIngestMetricsObserver(ctx.metrics, {
        rowsWritten: () => ctx.publishMetrics(),
      }),
    )
    return createKafkaIngestor({
      kafka,
      dataType: ingest.dataType,
      groupId: ingest.groupId,
      topics: ingest.topics,
      catalog,
      io,
      parquet: batch.parquet,
      policy: init.policy,
      decode,
      deadLetter: (record) => deadLetters.write(deadLetterFromUndecodable(record)),
      sessionTimeoutMs: init.sessionTimeoutMs,
      logger,
      // After each commit the worker's metrics go to the supervisor, so a crash loses no rows.
      observer: traces.enabled
        ? {
            ...batch.observer,
            recordTaken: (value, headers, topic) =>
              traces.consumedRecord(value, extractTraceparent(headers), {
                'messaging.system': 'kafka',
                'messaging.destination.name': topic,
              }),
          }
        : batch.observer,
    })
  })
  let stopping = false
  const started = Promise.all(
    ingestors.map((ingestor, i) =>
      ingestor.start().then(
        () => logger.info({ ...init.ingest[i] }, 'kafka writer joined'),
        (err: unknown) => {
          if (stopping) return
          setImmediate(() => {
            throw err instanceof Error ? err : new Error(String(err))
          })
        },
      ),
    ),
  )
  const stats = (): KafkaWriterActorStats => {
    const each = ingestors.map((i) => i.stats())
    const sum = (pick: (s: (typeof each)[number]) => number) =>
      each.reduce((n, s) => n + pick(s), 0)
    return {
      ...Object.fromEntries(each.map((s) => [s.dataType, s])),
      commits: sum((s) => s.commits),
      rowsWritten: sum((s) => s.rowsWritten),
      duplicatesDropped: sum((s) => s.duplicatesDropped),
      deadLettersStored: deadLetters.count,
    }
  }

  return {
    handlers: { stats },
    stop: async () => {
      stopping = true
      await started
      try {
        // Final commits, then leave the groups and disconnect.
        await Promise.all(ingestors.map((i) => i.stop()))
      } finally {
        await deadLetters.close().catch(() => undefined)
        await dlqProducer.disconnect().catch(() => undefined)
        await parquet.close()
        await catalog.close()
        const { commits, rowsWritten } = stats()
        logger.info({ commits, rowsWritten }, 'kafka writer actor stopped')
      }
    },
  }
})
