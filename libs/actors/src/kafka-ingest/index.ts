export { createKafkaIngestor, createKafkaTradeIngestor } from './kafka-trade-ingestor.js'
export type { KafkaIngestStats, KafkaIngestor, KafkaTradeIngestor } from './kafka-trade-ingestor.js'
export {
  INGEST_DATA_TYPES,
  validateKafkaIngestorOptions,
  validateKafkaTradeIngestorOptions,
} from './kafka-ingest-options.js'
export type {
  IngestDataType,
  IngestDeadLetterHandler,
  KafkaIngestorOptions,
  KafkaTradeIngestorOptions,
} from './kafka-ingest-options.js'
export type { KafkaIngestObserver, ReseekReason } from './kafka-ingest-observer.js'
export { placeBatch } from './partition-cursor.js'
export type { BatchPlacement } from './partition-cursor.js'
export { ingestAppendOptions } from './ingest-append-options.js'
export { INGESTOR_STATES, INGESTOR_TRANSITIONS } from './ingestor-lifecycle.js'
export type { IngestorState } from './ingestor-lifecycle.js'
