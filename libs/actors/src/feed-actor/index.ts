export {
  feedProtocol,
  FEED_ACTOR_URL,
  FEED_FORWARDING_DEFAULTS,
  FEED_KAFKA_DEFAULTS,
} from './feed.protocol.js'
export type {
  EmbeddedFeedInit,
  FeedActorStats,
  FeedCommonInit,
  FeedInit,
  FeedKafkaSettings,
  FeedMethods,
  KafkaFeedInit,
} from './feed.protocol.js'
export type {
  FeedTransport,
  ResyncReason,
  TradeSink,
  TradeSinkEvents,
  TradeSinkStats,
} from './trade-sink.js'
export { createWriterSink } from './writer-sink.js'
export type {
  WriterAccepted,
  WriterLink,
  WriterSinkOptions,
  WriterSinkStats,
} from './writer-sink.js'
export { createKafkaSink } from './kafka-sink.js'
export type { KafkaSinkOptions, KafkaSinkStats, TradeProducer } from './kafka-sink.js'
export { openKafkaTradeProducer } from './kafka-trade-producer.js'
export { TradeForwarder } from './trade-forwarder.js'
export { FLOW_GATE_DEFAULTS, FlowGate } from './flow-gate.js'
export type { FlowGateEvents, FlowGateOptions, FlowGateStats } from './flow-gate.js'
export type {
  ForwarderEvents,
  ForwarderOptions,
  ForwarderStats,
  SendBatch,
} from './trade-forwarder.js'
