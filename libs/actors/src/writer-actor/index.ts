export { writerProtocol, WRITER_ACTOR_URL } from './writer.protocol.js'
export type { WriterActorStats, WriterInit, WriterMethods } from './writer.protocol.js'
