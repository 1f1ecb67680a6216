export { createRecordProducer, PRODUCER_RETRY_DEFAULTS } from './record-producer.js'
export type { OutgoingRecord, RecordProducer, RecordProducerOptions } from './record-producer.js'
export { createMarketDataProducer } from './market-data-producer.js'
export type {
  MarketDataProducer,
  MarketDataProducerOptions,
  SendOptions,
} from './market-data-producer.js'
