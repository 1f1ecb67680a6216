export { KAFKA_WRITER_ACTOR_URL, kafkaWriterProtocol } from './kafka-writer.protocol.js'
export type {
  KafkaWriterActorStats,
  KafkaWriterIngest,
  KafkaWriterInit,
  KafkaWriterMethods,
} from './kafka-writer.protocol.js'
