export {
  DEAD_LETTER_SOURCES,
  deadLetterToJson,
  parseDeadLetterLine,
  validateDeadLetter,
} from './dead-letter.js'
export type {
  DeadLetter,
  DeadLetterFields,
  DeadLetterJson,
  DeadLetterSink,
  DeadLetterSource,
} from './dead-letter.js'
export { createDeadLetter } from './create-dead-letter.js'
export type { DeadLetterInput } from './create-dead-letter.js'
export { deadLetterFromFeedError } from './from-feed-error.js'
export type { FeedDeadLetterContext } from './from-feed-error.js'
export { deadLetterFromUndecodable } from './from-undecodable.js'
export type { UndecodableDeadLetterOptions } from './from-undecodable.js'
export { deadLetterFileName, openJsonlDeadLetters } from './jsonl-dead-letters.js'
export type { JsonlDeadLetterSink } from './jsonl-dead-letters.js'
export {
  DEAD_LETTER_HEADERS,
  deadLetterFromRecord,
  deadLetterRecord,
  kafkaDeadLetters,
} from './kafka-dead-letters.js'
export type { KafkaDeadLettersOptions } from './kafka-dead-letters.js'
