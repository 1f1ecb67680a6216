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
  /**
   * Encodes and queues one record now if its topic's encoder is ready and the producer has room
   * (`RecordProducer.offer`); false otherwise (then `send` it: the encoder is being prepared).
   * Throws once the producer has failed or stopped.
   */
  offer<D extends DataType>(dataType: D, record: RecordFor<D>, options?: SendOptions): boolean
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
  /** The encoders whose `init` has finished, for `offer`'s synchronous path. */
  const ready = new Map<string, AvroEncoder<DataType>>()

  function encoderFor(dataType: DataType, topic: string): Promise<AvroEncoder<DataType>> {
    let encoder = encoders.get(topic)
    if (!encoder) {
      const e = createAvroEncoder(dataType, {
        framing: options.registry
          ? { kind: 'confluent', registry: options.registry, subject: `${topic}-value` }
          : { kind: 'single-object' },
      })
      encoder = e.init().then(() => {
        ready.set(topic, e)
        return e
      })
      // A registry that was down is asked again next time rather than remembered as failed.
      encoder.catch(() => encoders.delete(topic))
      encoders.set(topic, encoder)
    }
    return encoder
  }

  function topicOf<D extends DataType>(dataType: D, record: RecordFor<D>): string {
    return topicName(record.asset_class, dataType, record.exchange)
  }

  function keyOf<D extends DataType>(dataType: D, record: RecordFor<D>): string {
    return dataType === 'reference_data'
      ? (record as RecordFor<'reference_data'>).company_id
      : (record as RecordFor<'trades'>).symbol
  }

  const headersOf = (sendOptions: SendOptions) =>
    sendOptions.traceparent ? { headers: { [TRACEPARENT_HEADER]: sendOptions.traceparent } } : {}

  return {
    topicOf,
    async prepare(topics) {
      await Promise.all(topics.map(({ dataType, topic }) => encoderFor(dataType, topic)))
    },
    async send(dataType, record, sendOptions = {}) {
      const topic = topicOf(dataType, record)
      const encoder = await encoderFor(dataType, topic)
      await options.producer.send({
        topic,
        key: keyOf(dataType, record),
        value: encoder.encode(record),
        ...headersOf(sendOptions),
      })
    },
    offer(dataType, record, sendOptions = {}) {
      const topic = topicOf(dataType, record)
      const encoder = ready.get(topic)
      if (encoder === undefined) {
        void encoderFor(dataType, topic).catch(() => undefined)
        return false
      }
      if (!options.producer.hasRoom) return false
      return options.producer.offer({
        topic,
        key: keyOf(dataType, record),
        value: encoder.encode(record),
        ...headersOf(sendOptions),
      })
    },
  }
}
