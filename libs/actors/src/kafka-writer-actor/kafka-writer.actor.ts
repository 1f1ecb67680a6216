import { defineActor } from '@k2/actor-runtime'
import { createSchemaRegistryClient } from '@k2/codecs'
import { createCatalog, createLocalFileIO, createParquetWriter, TRADES_V2_TABLE } from '@k2/iceberg'
import { createKafkaClient, createMarketDataDecoder, createRecordProducer } from '@k2/kafka'
import { createLogger } from '@k2/telemetry'

import { deadLetterFromUndecodable, kafkaDeadLetters } from '../dead-letter/index.js'
import { createKafkaTradeIngestor } from '../kafka-ingest/index.js'
import { kafkaWriterProtocol } from './kafka-writer.protocol.js'

/** Records the dead-letter producer may queue (each letter is flushed before the offset moves). */
const DEAD_LETTER_QUEUE_MAX = 1_000

/**
 * A writer actor of the Kafka transport (D5, D6): one member of the writers' consumer group,
 * ingesting the partitions Kafka assigns it into `market_data.trades_v2` exactly once (offsets and
 * source positions committed with the rows, `createKafkaTradeIngestor`). Undecodable records go to
 * `{topic}.dlq`. `stop` commits what is buffered, then leaves the group, so its partitions move to
 * the other members at once. Joining runs in the background: the actor is running (and answers
 * `stats`) while the group rebalances; a failed join kills it (the supervisor restarts it).
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
  const ingestor = createKafkaTradeIngestor({
    kafka,
    groupId: init.groupId,
    topics: init.topics,
    catalog,
    io: createLocalFileIO(),
    parquet,
    table: TRADES_V2_TABLE.identifier,
    policy: init.policy,
    decode: createMarketDataDecoder(registry),
    deadLetter: (record) => deadLetters.write(deadLetterFromUndecodable(record)),
    sessionTimeoutMs: init.sessionTimeoutMs,
    logger,
  })
  let stopping = false
  const started = ingestor.start().then(
    () => logger.info({ groupId: init.groupId, topics: init.topics }, 'kafka writer joined'),
    (err: unknown) => {
      if (stopping) return
      setImmediate(() => {
        throw err instanceof Error ? err : new Error(String(err))
      })
    },
  )

  return {
    handlers: {
      stats: () => ({ ...ingestor.stats(), deadLettersStored: deadLetters.count }),
    },
    stop: async () => {
      stopping = true
      await started
      try {
        await ingestor.stop() // final commit, then leave the group and disconnect
      } finally {
        await deadLetters.close().catch(() => undefined)
        await dlqProducer.disconnect().catch(() => undefined)
        await parquet.close()
        await catalog.close()
        const { commits, rowsWritten } = ingestor.stats()
        logger.info({ commits, rowsWritten }, 'kafka writer actor stopped')
      }
    },
  }
})
