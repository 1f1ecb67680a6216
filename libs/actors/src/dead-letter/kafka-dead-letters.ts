import { deadLetterTopicName, type OutgoingRecord, type RecordProducer } from '@k2/kafka'

import { ActorsError } from '../errors.js'
import {
  asBuffer,
  validateDeadLetter,
  type DeadLetter,
  type DeadLetterSink,
  type DeadLetterSource,
} from './dead-letter.js'

/**
 * Header names of a dead-letter record in `{topic}.dlq`: every field of the letter but the
 * payload, which is the record value as received (UTF-8 for a text original).
 */
export const DEAD_LETTER_HEADERS = {
  source: 'k2.dlq.source',
  reason: 'k2.dlq.reason',
  message: 'k2.dlq.message',
  at: 'k2.dlq.at',
  topic: 'k2.dlq.topic',
  partition: 'k2.dlq.partition',
  offset: 'k2.dlq.offset',
  exchange: 'k2.dlq.exchange',
  symbol: 'k2.dlq.symbol',
  url: 'k2.dlq.url',
  truncated: 'k2.dlq.truncated',
  /** `bytes` or `text`: which form the original had (so a reader rebuilds the same letter). */
  payload: 'k2.dlq.payload',
} as const

/** Options of {@link kafkaDeadLetters}. */
export interface KafkaDeadLettersOptions {
  /**
   * Wait for the broker's acknowledgement in `write` (default true): `write` then flushes the
   * producer, so a caller that commits its position after `write` never skips a letter that was
   * only queued. Give the sink its own producer: a flush waits for everything queued on it.
   */
  readonly waitForAck?: boolean
}

/** The record of a letter in `{letter.topic}.dlq`; throws for a letter without topic. */
export function deadLetterRecord(letter: DeadLetter): OutgoingRecord {
  validateDeadLetter(letter)
  if (letter.topic === undefined) {
    throw new ActorsError(
      'ACTORS_DEAD_LETTER_NO_TOPIC',
      `a ${letter.source} dead letter (${letter.reason}) has no topic, so no {topic}.dlq`,
      { context: { source: letter.source, reason: letter.reason } },
    )
  }
  const headers: Record<string, string> = {
    [DEAD_LETTER_HEADERS.source]: letter.source,
    [DEAD_LETTER_HEADERS.reason]: letter.reason,
    [DEAD_LETTER_HEADERS.message]: letter.message,
    [DEAD_LETTER_HEADERS.at]: letter.at,
    [DEAD_LETTER_HEADERS.topic]: letter.topic,
    [DEAD_LETTER_HEADERS.payload]: letter.bytes === undefined ? 'text' : 'bytes',
  }
  if (letter.partition !== undefined) {
    headers[DEAD_LETTER_HEADERS.partition] = String(letter.partition)
  }
  for (const key of ['offset', 'exchange', 'symbol', 'url'] as const) {
    const value = letter[key]
    if (value !== undefined) headers[DEAD_LETTER_HEADERS[key]] = value
  }
  if (letter.truncated !== undefined) {
    headers[DEAD_LETTER_HEADERS.truncated] = String(letter.truncated)
  }
  return {
    topic: deadLetterTopicName(letter.topic),
    // The original's key is its symbol (D3); a letter without a symbol gets the empty key.
    key: letter.symbol ?? '',
    value: letter.bytes === undefined ? Buffer.from(letter.text, 'utf8') : asBuffer(letter.bytes),
    headers,
  }
}

/**
 * Reads a record of a `.dlq` topic (value + text headers, as a `@k2/kafka` consumer gives them)
 * back into its letter. Throws `ACTORS_INVALID_DEAD_LETTER` when the headers are not a letter's.
 */
export function deadLetterFromRecord(
  value: Uint8Array,
  headers: Readonly<Record<string, string>>,
): DeadLetter {
  const h = (key: keyof typeof DEAD_LETTER_HEADERS) => headers[DEAD_LETTER_HEADERS[key]]
  const partition = h('partition')
  const truncated = h('truncated')
  const fields = {
    source: h('source') as DeadLetterSource,
    reason: h('reason') ?? '',
    message: h('message') ?? '',
    at: h('at') ?? '',
    ...optional('topic', h('topic')),
    ...(partition === undefined ? {} : { partition: Number(partition) }),
    ...optional('offset', h('offset')),
    ...optional('exchange', h('exchange')),
    ...optional('symbol', h('symbol')),
    ...optional('url', h('url')),
    ...(truncated === undefined ? {} : { truncated: truncated === 'true' }),
  }
  const letter: DeadLetter =
    h('payload') === 'text'
      ? { ...fields, text: asBuffer(value).toString('utf8') }
      : { ...fields, bytes: value }
  validateDeadLetter(letter)
  return letter
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string }
}

/**
 * Dead letters of Kafka mode (D6): each letter becomes a record of `{letter.topic}.dlq` (see
 * `deadLetterTopicName`) whose value is the original bytes (or text, UTF-8) and whose headers are
 * the letter's fields ({@link DEAD_LETTER_HEADERS}). A letter without `topic` is refused with
 * `ACTORS_DEAD_LETTER_NO_TOPIC` (feeds pass their trade topic when they convert an error). The
 * `.dlq` topics must exist (producers do not create topics). Records are queued in call order on
 * `producer`, which keeps that order per partition.
 *
 * The sink does not own the producer: `close` waits for pending writes and flushes, but does not
 * disconnect it.
 */
export function kafkaDeadLetters(
  producer: RecordProducer,
  options: KafkaDeadLettersOptions = {},
): DeadLetterSink {
  const waitForAck = options.waitForAck ?? true
  const pending = new Set<Promise<void>>()
  let closed = false
  let count = 0

  async function send(record: OutgoingRecord): Promise<void> {
    await producer.send(record)
    if (waitForAck) await producer.flush()
    count++
  }

  return {
    get count() {
      return count
    },
    write(letter) {
      if (closed) {
        return Promise.reject(
          new ActorsError('ACTORS_DEAD_LETTERS_CLOSED', 'the Kafka dead-letter sink is closed'),
        )
      }
      let record: OutgoingRecord
      try {
        record = deadLetterRecord(letter)
      } catch (err) {
        return Promise.reject(err)
      }
      const run = send(record)
      pending.add(run)
      const done = () => pending.delete(run)
      run.then(done, done)
      return run
    },
    async close() {
      closed = true
      await Promise.allSettled([...pending])
      await producer.flush()
    },
  }
}
