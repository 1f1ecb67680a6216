import type { KafkaError, OutgoingRecord, RecordProducer } from '@k2/kafka'
import { describe, expect, it } from 'vitest'

import type { DeadLetter } from './dead-letter.js'
import {
  DEAD_LETTER_HEADERS,
  deadLetterFromRecord,
  kafkaDeadLetters,
} from './kafka-dead-letters.js'

/**
 * A RecordProducer that keeps what it is sent. `flush` resolves when the test calls `ack()` (or at
 * once with `autoAck`), so a test can see whether a write waited for the acknowledgement.
 */
function fakeProducer(autoAck = true) {
  const sent: OutgoingRecord[] = []
  const calls: string[] = []
  const waiting: (() => void)[] = []
  let sendError: KafkaError | undefined
  const producer: RecordProducer = {
    connect: async () => {},
    async send(record) {
      calls.push(`send:${record.headers?.[DEAD_LETTER_HEADERS.message]}`)
      if (sendError) throw sendError
      sent.push(record)
    },
    offer: () => {
      throw new Error('the sink should use send (with backpressure), not offer')
    },
    flush() {
      calls.push('flush')
      return autoAck ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))
    },
    async disconnect() {
      calls.push('disconnect')
    },
    pending: 0,
    hasRoom: true,
    failure: undefined,
  }
  return {
    producer,
    sent,
    calls,
    ack: () => waiting.splice(0).forEach((resolve) => resolve()),
    failWith: (e: KafkaError) => (sendError = e),
  }
}

const LETTER: DeadLetter = {
  source: 'kafka',
  reason: 'KAFKA_DECODE_FAILED',
  message: 'unknown schema fingerprint',
  at: '2025-11-24T10:15:00.123Z',
  topic: 'market.crypto.trades.binance',
  partition: 3,
  offset: '120455',
  exchange: 'BINANCE',
  symbol: 'BTCUSDT',
  bytes: new Uint8Array([0xc3, 0x01, 0xde, 0xad]),
}

const FEED_LETTER: DeadLetter = {
  source: 'feed',
  reason: 'BINANCE_MALFORMED_JSON',
  message: 'frame is not valid JSON',
  at: '2025-11-24T10:15:01.000Z',
  topic: 'market.crypto.trades.binance',
  exchange: 'BINANCE',
  url: 'wss://stream.binance.com:9443/stream?streams=btcusdt@trade',
  truncated: false,
  text: '{"e":"trade","p":"1é',
}

describe('kafkaDeadLetters (D6)', () => {
  it('sends the original bytes to {topic}.dlq with the letter in headers', async () => {
    const fake = fakeProducer()
    const sink = kafkaDeadLetters(fake.producer)
    await sink.write(LETTER)
    expect(sink.count).toBe(1)
    expect(fake.sent).toHaveLength(1)
    const [record] = fake.sent
    expect(record?.topic).toBe('market.crypto.trades.binance.dlq')
    expect(record?.key).toBe('BTCUSDT')
    expect(record?.value).toEqual(Buffer.from([0xc3, 0x01, 0xde, 0xad]))
    expect(record?.headers).toEqual({
      'k2.dlq.source': 'kafka',
      'k2.dlq.reason': 'KAFKA_DECODE_FAILED',
      'k2.dlq.message': 'unknown schema fingerprint',
      'k2.dlq.at': '2025-11-24T10:15:00.123Z',
      'k2.dlq.topic': 'market.crypto.trades.binance',
      'k2.dlq.partition': '3',
      'k2.dlq.offset': '120455',
      'k2.dlq.exchange': 'BINANCE',
      'k2.dlq.symbol': 'BTCUSDT',
      'k2.dlq.payload': 'bytes',
    })
  })

  it('sends a text original as UTF-8 and reads both back into the same letters', async () => {
    const fake = fakeProducer()
    const sink = kafkaDeadLetters(fake.producer)
    await sink.write(FEED_LETTER)
    await sink.write(LETTER)
    const [text, bytes] = fake.sent
    expect(text?.value.toString('utf8')).toBe('{"e":"trade","p":"1é')
    expect(text?.key).toBe('')
    expect(deadLetterFromRecord(text!.value, text!.headers!)).toEqual(FEED_LETTER)
    expect(deadLetterFromRecord(bytes!.value, bytes!.headers!)).toEqual({
      ...LETTER,
      bytes: Buffer.from(LETTER.bytes!),
    })
  })

  it('refuses a letter without topic (no {topic}.dlq) and sends nothing', async () => {
    const fake = fakeProducer()
    const sink = kafkaDeadLetters(fake.producer)
    const { topic: _, ...noTopic } = FEED_LETTER
    await expect(sink.write(noTopic as DeadLetter)).rejects.toMatchObject({
      code: 'ACTORS_DEAD_LETTER_NO_TOPIC',
    })
    await expect(
      sink.write({ ...LETTER, source: 'api' } as unknown as DeadLetter),
    ).rejects.toMatchObject({ code: 'ACTORS_INVALID_DEAD_LETTER' })
    expect(fake.sent).toEqual([])
    expect(sink.count).toBe(0)
  })

  it('resolves a write only after the producer acknowledged it (by default)', async () => {
    const fake = fakeProducer(false)
    const sink = kafkaDeadLetters(fake.producer)
    let done = false
    const write = sink.write(LETTER).then(() => (done = true))
    await new Promise((resolve) => setImmediate(resolve))
    expect(fake.sent).toHaveLength(1)
    expect(done).toBe(false)
    expect(sink.count).toBe(0)
    fake.ack()
    await write
    expect(sink.count).toBe(1)
  })

  it('with waitForAck false resolves once queued and flushes on close', async () => {
    const fake = fakeProducer()
    const sink = kafkaDeadLetters(fake.producer, { waitForAck: false })
    await sink.write(LETTER)
    expect(fake.calls).toEqual(['send:unknown schema fingerprint'])
    await sink.close()
    expect(fake.calls).toEqual(['send:unknown schema fingerprint', 'flush'])
  })

  it('queues concurrent writes in call order', async () => {
    const fake = fakeProducer()
    const sink = kafkaDeadLetters(fake.producer, { waitForAck: false })
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => sink.write({ ...LETTER, message: `m${i}` })),
    )
    expect(fake.sent.map((r) => r.headers?.['k2.dlq.message'])).toEqual(
      Array.from({ length: 50 }, (_, i) => `m${i}`),
    )
    expect(sink.count).toBe(50)
  })

  it('passes a producer failure on and does not count the letter', async () => {
    const fake = fakeProducer()
    const failure = Object.assign(new Error('produce gave up'), {
      code: 'KAFKA_PRODUCE_FAILED',
    }) as unknown as KafkaError
    fake.failWith(failure)
    const sink = kafkaDeadLetters(fake.producer)
    await expect(sink.write(LETTER)).rejects.toBe(failure)
    expect(sink.count).toBe(0)
  })

  it('close waits for pending writes, flushes, leaves the producer connected and refuses more', async () => {
    const fake = fakeProducer(false)
    const sink = kafkaDeadLetters(fake.producer)
    const write = sink.write(LETTER)
    const close = sink.close()
    await new Promise((resolve) => setImmediate(resolve))
    fake.ack()
    await new Promise((resolve) => setImmediate(resolve))
    fake.ack()
    await Promise.all([write, close])
    expect(sink.count).toBe(1)
    expect(fake.calls).not.toContain('disconnect')
    expect(fake.calls.at(-1)).toBe('flush')
    await expect(sink.write(LETTER)).rejects.toMatchObject({ code: 'ACTORS_DEAD_LETTERS_CLOSED' })
  })
})
