import { createSchemaRegistryClient } from '@k2/codecs'
import type { Logger } from '@k2/core'
import { createMarketDataProducer, createRecordProducer, type KafkaClient } from '@k2/kafka'

import type { TradeTraces } from '../tracing/index.js'
import type { TradeProducer } from './kafka-sink.js'
import type { FeedKafkaSettings } from './feed.protocol.js'

/**
 * Opens the producer of a Kafka-mode feed (D3): an idempotent record producer (acks=all, bounded
 * queue of `producerQueueMax` records, application-level retry) under the market-data producer
 * (topic and key per record, Avro framing: Confluent with a registry, single-object without).
 * Resolves once connected and the encoder of `topic` is ready (its schema registered, with a
 * registry); a failure rejects (the caller retries or crashes).
 * `onDelivered` gets the number of records of each acknowledged batch (for metrics). With
 * `traces` on (D8), a sampled trade gets a `kafka.produce` span whose context goes in the record's
 * `traceparent` header; other trades are sent exactly as without tracing.
 */
export async function openKafkaTradeProducer(
  kafka: KafkaClient,
  topic: string,
  settings: FeedKafkaSettings,
  logger: Logger,
  onDelivered?: (count: number) => void,
  traces?: TradeTraces,
): Promise<TradeProducer> {
  const records = createRecordProducer({
    kafka,
    queueMax: settings.producerQueueMax,
    batchMax: settings.producerBatchMax,
    ...(settings.producerLingerMs === undefined ? {} : { lingerMs: settings.producerLingerMs }),
    compression: settings.compression,
    logger,
    ...(onDelivered === undefined ? {} : { onDelivered: (_topic, count) => onDelivered(count) }),
  })
  await records.connect()
  const market = createMarketDataProducer({
    producer: records,
    ...(settings.schemaRegistryUrl === undefined
      ? {}
      : { registry: createSchemaRegistryClient({ url: settings.schemaRegistryUrl }) }),
  })
  // The encoder is ready before the first trade, so `offer` takes the first burst (the first
  // REST page, or the live trades held meanwhile) straight onto the queue.
  await market.prepare([{ dataType: 'trades', topic }])
  const send: TradeProducer['send'] = traces?.enabled
    ? (trade) => {
        const span = traces.produce(trade, { 'messaging.system': 'kafka' })
        if (span === undefined) return market.send('trades', trade)
        return market.send('trades', trade, { traceparent: span.traceparent }).then(
          () => span.end(),
          (err: unknown) => {
            span.fail(err)
            span.end()
            throw err
          },
        )
      }
    : (trade) => market.send('trades', trade)
  // Sampled trades take `send` (their produce span ends once queued); the rest are queued here
  // and now when there is room.
  const offer: TradeProducer['offer'] = traces?.enabled
    ? (trade) => traces.traceOf(trade) === undefined && market.offer('trades', trade)
    : (trade) => market.offer('trades', trade)
  return {
    send,
    offer,
    flush: () => records.flush(),
    get pending() {
      return records.pending
    },
    close: () => records.disconnect(),
  }
}
