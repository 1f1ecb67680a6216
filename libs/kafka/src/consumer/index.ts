export { createRecordConsumer } from './record-consumer.js'
export type {
  ConsumedBatch,
  ConsumedRecord,
  PartitionOffset,
  RecordConsumer,
  RecordConsumerOptions,
  TopicPartition,
  UndecodableRecord,
} from './record-consumer.js'
export { createMarketDataDecoder } from './market-data-decoder.js'
export type { MarketDataRecord } from './market-data-decoder.js'
