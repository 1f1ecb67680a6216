import { createSchemaRegistryClient } from '@k2/codecs'
import type { Logger } from '@k2/core'
import { createMarketDataProducer, createRecordProducer, type KafkaClient } from '@k2/kafka'

import type { TradeProducer } from './kafka-sink.js'
import type { FeedKafkaSettings } from './feed.protocol.js'

/**
 * Opens the producer of a Kafka-mode feed (D3): an idempotent record producer (acks=all, bounded
 * queue of `producerQueueMax` records, application-level retry) under the market-data producer
 * (topic and key per record, Avro framing: Confluent with a registry, single-object without).
 * Resolves once connected; a connect failure rejects (the caller retries or crashes).
 */
export async function openKafkaTradeProducer(
  kafka: KafkaClient,
  settings: FeedKafkaSettings,
  logger: Logger,
): Promise<TradeProducer> {
  const records = createRecordProducer({
    kafka,
    queueMax: settings.producerQueueMax,
    batchMax: settings.producerBatchMax,
    compression: settings.compression,
    logger,
  })
  await records.connect()
  const market = createMarketDataProducer({
    producer: records,
    ...(settings.schemaRegistryUrl === undefined
      ? {}
      : { registry: createSchemaRegistryClient({ url: settings.schemaRegistryUrl }) }),
  })
  return {
    send: (trade) => market.send('trades', trade),
    flush: () => records.flush(),
    get pending() {
      return records.pending
    },
    close: () => records.disconnect(),
  }
}
