import {
  createAvroDecoder,
  type AvroDecoder,
  type RecordOf,
  type SchemaRegistryClient,
} from '@k2/codecs'
import type { DataType } from '@k2/core'

import { parseTopicName } from '../topics/index.js'

/** Any v2 record. */
export type MarketDataRecord = RecordOf[DataType]

/**
 * Decodes any market-data topic's messages by the data type in the topic name, accepting both
 * framings (D3). One decoder per data type, created on first use.
 */
export function createMarketDataDecoder(
  registry?: SchemaRegistryClient,
): (topic: string, bytes: Buffer) => Promise<MarketDataRecord> {
  const decoders = new Map<DataType, AvroDecoder<DataType>>()
  /** Per topic name (the name is parsed once, not per record). */
  const byTopic = new Map<string, AvroDecoder<DataType>>()
  return async (topic, bytes) => {
    let decoder = byTopic.get(topic)
    if (!decoder) {
      const { dataType } = parseTopicName(topic)
      decoder = decoders.get(dataType) ?? createAvroDecoder(dataType, registry ? { registry } : {})
      decoders.set(dataType, decoder)
      byTopic.set(topic, decoder)
    }
    return decoder.decode(bytes)
  }
}
