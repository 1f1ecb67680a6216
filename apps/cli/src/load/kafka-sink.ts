import { createSchemaRegistryClient } from '@k2/codecs'
import type { K2Config } from '@k2/config'
import type { DataType } from '@k2/core'
import {
  createKafkaClient,
  createMarketDataProducer,
  createRecordProducer,
  ensureTopics,
  topicName,
  topicSpecFor,
} from '@k2/kafka'

import type { MarketDataSink } from './asx-kafka-load.js'

/** The topics an ASX load produces to (D3), with their data types. */
export const ASX_TOPICS: ReadonlyArray<{ readonly dataType: DataType; readonly topic: string }> = [
  { dataType: 'trades', topic: topicName('equities', 'trades', 'asx') },
  { dataType: 'quotes', topic: topicName('equities', 'quotes', 'asx') },
  { dataType: 'reference_data', topic: topicName('equities', 'reference_data', 'asx') },
]

/** A {@link MarketDataSink} on Kafka that must be closed (flushes, then disconnects). */
export interface KafkaSink extends MarketDataSink {
  close(): Promise<void>
}

/**
 * Connects the loader's producer (D3: idempotent, acks=all, bounded queue; K2_KAFKA_* settings,
 * Confluent framing when K2_SCHEMA_REGISTRY_URL is set): creates the ASX topics if they do not
 * exist yet (partitions from config; reference data compacted) and registers their schemas.
 */
export async function openKafkaSink(config: K2Config): Promise<KafkaSink> {
  const kafka = createKafkaClient({
    brokers: config.kafka.brokers,
    clientId: `${config.kafka.clientId}-loader`,
  })
  const settings = {
    partitions: config.kafka.partitions,
    replicationFactor: config.kafka.replicationFactor,
    compression: config.kafka.compression,
  }
  await ensureTopics(
    kafka,
    ASX_TOPICS.map(({ topic }) => topicSpecFor(topic, settings)),
  )
  const records = createRecordProducer({
    kafka,
    queueMax: config.kafka.producerQueueMax,
    batchMax: config.kafka.producerBatchMax,
    compression: config.kafka.compression,
  })
  await records.connect()
  try {
    const registry =
      config.kafka.schemaRegistryUrl === undefined
        ? undefined
        : createSchemaRegistryClient({ url: config.kafka.schemaRegistryUrl })
    const producer = createMarketDataProducer({
      producer: records,
      ...(registry === undefined ? {} : { registry }),
    })
    await producer.prepare(ASX_TOPICS)
    return {
      send: (dataType, record, options) => producer.send(dataType, record, options),
      flush: () => records.flush(),
      close: () => records.disconnect(),
    }
  } catch (err) {
    await records.disconnect().catch(() => undefined)
    throw err
  }
}
