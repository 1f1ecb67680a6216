export { createRecordProducer, PRODUCER_RETRY_DEFAULTS } from './record-producer.js'
export type { OutgoingRecord, RecordProducer, RecordProducerOptions } from './record-producer.js'
