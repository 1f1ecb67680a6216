export { createTradeBatchWriter } from './trade-batch-writer.js'
export type {
  TradeBatchWriter,
  TradeBatchWriterOptions,
  TradeCommit,
} from './trade-batch-writer.js'
export {
  COMMIT_POLICY_DEFAULTS,
  commitPolicyFromConfig,
  validateCommitPolicy,
} from './commit-policy.js'
export type { CommitPolicy } from './commit-policy.js'
export {
  SOURCE_POSITIONS_KEY,
  advancePositions,
  readSourcePositions,
  sourceKey,
  sourcePositionsAppendOptions,
  sourceRanges,
  stalePositions,
} from './source-positions.js'
export type { SourcePositions, SourceRange, StalePosition } from './source-positions.js'
export {
  KAFKA_OFFSETS_KEY,
  kafkaOffsetsAppendOptions,
  readKafkaOffsets,
  topicPartitionKey,
} from './kafka-offsets.js'
export type { KafkaOffsetRange, KafkaOffsets } from './kafka-offsets.js'
export { dropDuplicates } from './duplicate-filter.js'
export type { FilteredRecords, FilteredTrades } from './duplicate-filter.js'
export { estimateQuoteBytes, estimateTradeBytes } from './trade-size.js'
export { BufferedChunk, ColumnarBuffer } from './columnar-buffer.js'
export type { SequencedRecord } from './sequenced-record.js'
export { SYSTEM_CLOCK } from './writer-clock.js'
export type { WriterClock } from './writer-clock.js'
export type { TradeWriterObserver } from './writer-observer.js'
export { WRITER_STATES, WRITER_TRANSITIONS } from './writer-lifecycle.js'
export type { WriterState } from './writer-lifecycle.js'
