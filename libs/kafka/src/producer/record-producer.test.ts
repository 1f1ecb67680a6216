import type { Kafka, ProducerBatch } from 'kafkajs'
import { describe, expect, it } from 'vitest'

import { createRecordProducer, type OutgoingRecord } from './record-producer.js'

/**
 * A stand-in for kafkajs's client that records produce requests and can fail on command. The
 * queue, batching, retry and failure logic under test is ours; the real broker path is covered in
 * e2e/.
 */
function fakeKafka(
  behaviour: (call: number, batch: ProducerBatch) => Promise<void> = async () => {},
) {
  const sent: ProducerBatch[] = []
  let calls = 0
  const producer = {
    connect: async () => {},
    disconnect: async () => {},
    sendBatch: async (batch: ProducerBatch) => {
      calls++
      await behaviour(calls, batch)
      sent.push(batch)
      return []
    },
  }
  const options: unknown[] = []
  const kafka = {
    producer: (o: unknown) => {
      options.push(o)
      return producer
    },
  } as unknown as Kafka
  return { kafka, sent, options, calls: () => calls }
}

const record = (i: number, key = `S${i % 3}`): OutgoingRecord => ({
  topic: 'market.crypto.trades.binance',
  key,
  value: Buffer.from(String(i)),
  headers: { traceparent: `tp-${i}` },
})

const values = (sent: ProducerBatch[]) =>
  sent.flatMap((b) => b.topicMessages?.flatMap((t) => t.messages.map((m) => String(m.value))) ?? [])

describe('createRecordProducer', () => {
  it('configures an idempotent acks=all producer with at most 5 requests in flight', async () => {
    const fake = fakeKafka()
    const p = createRecordProducer({
      kafka: fake.kafka,
      queueMax: 10,
      batchMax: 5,
      compression: 'gzip',
    })
    expect(fake.options[0]).toMatchObject({
      idempotent: true,
      maxInFlightRequests: 5,
      allowAutoTopicCreation: false,
    })
    await p.connect()
    await p.send(record(1))
    await p.flush()
    expect(fake.sent[0]?.acks).toBe(-1)
  })

  it('sends every record once, in order, in batches of at most batchMax, with key and headers', async () => {
    const fake = fakeKafka()
    const p = createRecordProducer({
      kafka: fake.kafka,
      queueMax: 100,
      batchMax: 7,
      compression: 'none',
    })
    for (let i = 0; i < 50; i++) await p.send(record(i))
    await p.flush()
    expect(values(fake.sent)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)))
    for (const b of fake.sent) expect(b.topicMessages?.[0]?.messages.length).toBeLessThanOrEqual(7)
    const first = fake.sent[0]?.topicMessages?.[0]?.messages[0]
    expect(first?.key).toBe('S0')
    expect(first?.headers).toEqual({ traceparent: 'tp-0' })
  })

  it('lingers while idle with a part batch, then sends what gathered in one request', async () => {
    const fake = fakeKafka()
    const p = createRecordProducer({
      kafka: fake.kafka,
      queueMax: 100,
      batchMax: 10,
      compression: 'none',
      lingerMs: 60,
    })
    for (let i = 0; i < 3; i++) expect(p.offer(record(i))).toBe(true)
    await new Promise((r) => setTimeout(r, 20))
    expect(fake.calls()).toBe(0)
    for (let i = 3; i < 6; i++) expect(p.offer(record(i))).toBe(true)
    await new Promise((r) => setTimeout(r, 80))
    expect(fake.sent).toHaveLength(1)
    expect(values(fake.sent)).toEqual(['0', '1', '2', '3', '4', '5'])
  })

  it('lets a part batch gathered during a request linger too, instead of sending it at once', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const fake = fakeKafka(async (call) => (call === 1 ? gate : undefined))
    const p = createRecordProducer({
      kafka: fake.kafka,
      queueMax: 100,
      batchMax: 10,
      compression: 'none',
      lingerMs: 40,
    })
    p.offer(record(0))
    await new Promise((r) => setTimeout(r, 60)) // lingered, request 1 in flight
    expect(fake.calls()).toBe(1)
    p.offer(record(1))
    p.offer(record(2))
    release()
    await new Promise((r) => setTimeout(r, 10))
    expect(fake.calls()).toBe(1) // 2 of 10 gathered: they linger
    await new Promise((r) => setTimeout(r, 60))
    expect(fake.calls()).toBe(2)
    expect(fake.sent.map((b) => b.topicMessages?.[0]?.messages.length)).toEqual([1, 2])
  })

  it('does not linger on a full batch or a flush', async () => {
    const fake = fakeKafka()
    const p = createRecordProducer({
      kafka: fake.kafka,
      queueMax: 100,
      batchMax: 2,
      compression: 'none',
      lingerMs: 60_000,
    })
    const began = Date.now()
    p.offer(record(0))
    p.offer(record(1)) // a full batch: sent now
    p.offer(record(2)) // a part batch: would linger a minute, but flush sends it
    await p.flush()
    expect(Date.now() - began).toBeLessThan(5_000)
    expect(values(fake.sent)).toEqual(['0', '1', '2'])
    expect(() =>
      createRecordProducer({
        kafka: fake.kafka,
        queueMax: 1,
        batchMax: 1,
        compression: 'none',
        lingerMs: -1,
      }),
    ).toThrow(/lingerMs/)
  })

  it('holds at most queueMax records and makes send() wait for room', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const fake = fakeKafka(async () => gate)
    const p = createRecordProducer({
      kafka: fake.kafka,
      queueMax: 5,
      batchMax: 2,
      compression: 'none',
    })
    for (let i = 0; i < 5; i++) expect(p.offer(record(i))).toBe(true)
    expect(p.hasRoom).toBe(false)
    expect(p.offer(record(5))).toBe(false)
    let sixthQueued = false
    const sixth = p.send(record(5)).then(() => (sixthQueued = true))
    await new Promise((r) => setTimeout(r, 20))
    expect(p.pending).toBe(5)
    expect(sixthQueued).toBe(false)
    release()
    await new Promise((r) => setTimeout(r, 0))
    // Room again, but a send still waits: no offer may overtake it.
    expect(p.hasRoom).toBe(sixthQueued)
    await sixth
    await p.flush()
    expect(values(fake.sent)).toEqual(['0', '1', '2', '3', '4', '5'])
  })

  it('retries a transient failure with the same records and delivers them once', async () => {
    const transient = Object.assign(new Error('leader not available'), {
      retriable: true,
      name: 'KafkaJSProtocolError',
    })
    const fake = fakeKafka(async (call) => {
      if (call <= 2) throw transient
    })
    const delivered: number[] = []
    const p = createRecordProducer({
      kafka: fake.kafka,
      queueMax: 10,
      batchMax: 10,
      compression: 'none',
      retry: { initialDelayMs: 1, maxDelayMs: 2 },
      onDelivered: (_t, n) => delivered.push(n),
    })
    for (let i = 0; i < 3; i++) await p.send(record(i))
    await p.flush()
    expect(fake.calls()).toBe(3)
    expect(values(fake.sent)).toEqual(['0', '1', '2'])
    expect(delivered).toEqual([3])
  })

  it('stops on a non-retriable failure: queued records go to onFailed, flush and send reject', async () => {
    const fatal = Object.assign(new Error('record too large'), { retriable: false })
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const fake = fakeKafka(async () => {
      await gate
      throw fatal
    })
    const failed: OutgoingRecord[] = []
    const p = createRecordProducer({
      kafka: fake.kafka,
      queueMax: 10,
      batchMax: 2,
      compression: 'none',
      retry: { initialDelayMs: 1, maxDelayMs: 2 },
      onFailed: (records) => failed.push(...records),
    })
    for (let i = 0; i < 5; i++) await p.send(record(i))
    const flushed = p.flush()
    release()
    await expect(flushed).rejects.toMatchObject({ code: 'KAFKA_PRODUCE_FAILED' })
    expect(fake.calls()).toBe(1)
    expect(failed.map((r) => String(r.value))).toEqual(['0', '1', '2', '3', '4'])
    await expect(p.send(record(9))).rejects.toMatchObject({ code: 'KAFKA_PRODUCE_FAILED' })
    expect(p.failure?.message).toContain('record too large')
  })

  it('validates its options', () => {
    const fake = fakeKafka()
    expect(() =>
      createRecordProducer({ kafka: fake.kafka, queueMax: 0, batchMax: 1, compression: 'none' }),
    ).toThrow(/queueMax/)
    expect(() =>
      createRecordProducer({ kafka: fake.kafka, queueMax: 1, batchMax: 0, compression: 'none' }),
    ).toThrow(/batchMax/)
  })
})
