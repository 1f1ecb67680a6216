import {
  createAvroEncoder,
  type AvroEncoder,
  type RecordFor,
  type SchemaRegistryClient,
} from '@k2/codecs'
import type { DataType } from '@k2/core'

import { TRACEPARENT_HEADER } from '../client/index.js'
import { topicName } from '../topics/index.js'
import type { RecordProducer } from './record-producer.js'

/** Options of {@link createMarketDataProducer}. */
export interface MarketDataProducerOptions {
  readonly producer: RecordProducer
  /** Set = Confluent wire format, subject `{topic}-value`; unset = single-object encoding (D3). */
  readonly registry?: SchemaRegistryClient
}

/** Per-record send options. */
export interface SendOptions {
  /** W3C trace context of the record's trace (D8). */
  readonly traceparent?: string
}

/** Produces v2 records to their market-data topics, encoded and keyed per D3. */
export interface MarketDataProducer {
  /** Registers the schemas of these topics (Confluent framing) before the first record. */
  prepare(
    topics: ReadonlyArray<{ readonly dataType: DataType; readonly topic: string }>,
  ): Promise<void>
  /** Encodes and queues one record; waits while the producer's queue is full. */
  send<D extends DataType>(dataType: D, record: RecordFor<D>, options?: SendOptions): Promise<void>
  /** The topic a record goes to: `market.{asset_class}.{data_type}.{exchange}`. */
  topicOf<D extends DataType>(dataType: D, record: RecordFor<D>): string
}

/**
 * The one way K2 puts market data on Kafka: topic from the record's asset class, data type and
 * exchange; key = symbol (reference data: company_id, for the compacted topic); `traceparent`
 * header when the record is traced.
 */
export function createMarketDataProducer(options: MarketDataProducerOptions): MarketDataProducer {
  const encoders = new Map<string, Promise<AvroEncoder<DataType>>>()

  function encoderFor(dataType: DataType, topic: string): Promise<AvroEncoder<DataType>> {
    let encoder = encoders.get(topic)
    if (!encoder) {
      const e = createAvroEncoder(dataType, {
        framing: options.registry
          ? { kind: 'confluent', registry: options.registry, subject: `${topic}-value` }
          : { kind: 'single-object' },
      })
      encoder = e.init().then(() => e)
      // A registry that was down is asked again next time rather than remembered as failed.
      encoder.catch(() => encoders.delete(topic))
      encoders.set(topic, encoder)
    }
    return encoder
  }

  function topicOf<D extends DataType>(dataType: D, record: RecordFor<D>): string {
    return topicName(record.asset_class, dataType, record.exchange)
  }

  return {
    topicOf,
    async prepare(topics) {
      await Promise.all(topics.map(({ dataType, topic }) => encoderFor(dataType, topic)))
    },
    async send(dataType, record, sendOptions = {}) {
      const topic = topicOf(dataType, record)
      const encoder = await encoderFor(dataType, topic)
      const key =
        dataType === 'reference_data'
          ? (record as RecordFor<'reference_data'>).company_id
          : (record as RecordFor<'trades'>).symbol
      await options.producer.send({
        topic,
        key,
        value: encoder.encode(record),
        ...(sendOptions.traceparent
          ? { headers: { [TRACEPARENT_HEADER]: sendOptions.traceparent } }
          : {}),
      })
    },
  }
}
