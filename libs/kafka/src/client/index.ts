export { createKafkaClient, compressionType } from './kafka-client.js'
export type { KafkaClient, KafkaClientOptions } from './kafka-client.js'
export { TRACEPARENT_HEADER, readHeaders } from './headers.js'
export type { TextHeaders } from './headers.js'
