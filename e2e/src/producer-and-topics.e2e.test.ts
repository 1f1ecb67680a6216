import { describe, expect, it } from 'vitest'

import { createAvroEncoder } from '@k2/codecs'
import {
  createRecordProducer,
  deadLetterTopicName,
  deadLetterTopicSpec,
  ensureTopics,
  topicName,
  topicSpecFor,
} from '@k2/kafka'

import {
  e2eKafka,
  E2E_TOPIC_SETTINGS,
  freshTradesTopic,
  uniqueExchange,
} from './support/kafka-fixtures.js'
import { generateTrades } from './support/trade-generator.js'

describe('topic creation (D3)', () => {
  it('creates trades, quotes, compacted reference-data and dead-letter topics explicitly, idempotently', async () => {
    const kafka = e2eKafka('e2e-topics')
    const exchange = uniqueExchange('e2etopics')
    const trades = topicName('equities', 'trades', exchange)
    const quotes = topicName('equities', 'quotes', exchange)
    const reference = topicName('equities', 'reference_data', exchange)
    const specs = [trades, quotes, reference].map((t) => topicSpecFor(t, E2E_TOPIC_SETTINGS))
    specs.push(deadLetterTopicSpec(deadLetterTopicName(trades), E2E_TOPIC_SETTINGS))
    await ensureTopics(kafka, specs)
    await ensureTopics(kafka, specs) // second start-up: nothing to do, no error

    const admin = kafka.admin()
    await admin.connect()
    try {
      const meta = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.topic) })
      const partitions = Object.fromEntries(meta.topics.map((t) => [t.name, t.partitions.length]))
      expect(partitions).toEqual({ [trades]: 4, [quotes]: 4, [reference]: 4, [`${trades}.dlq`]: 1 })
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [trades, reference].map((name) => ({
          type: 2,
          name,
          configNames: ['cleanup.policy', 'compression.type'],
        })),
      })
      const value = (topic: string, key: string) =>
        configs.resources
          .find((r) => r.resourceName === topic)
          ?.configEntries.find((e) => e.configName === key)?.configValue
      expect(value(reference, 'cleanup.policy')).toBe('compact')
      expect(value(trades, 'cleanup.policy')).toBe('delete')
      expect(value(trades, 'compression.type')).toBe('snappy')
    } finally {
      await admin.disconnect()
    }
  })
})

describe('producer backpressure (D3)', () => {
  it('never holds more than queueMax records, offer() refuses when full, and everything is delivered', async () => {
    const kafka = e2eKafka('e2e-backpressure')
    const { topic } = await freshTradesTopic('e2ebackpressure')
    const encoder = createAvroEncoder('trades', { framing: { kind: 'single-object' } })
    const trades = generateTrades({ symbols: ['BTCUSDT', 'ETHUSDT'], count: 5_000, seed: 3 })
    let delivered = 0
    const producer = createRecordProducer({
      kafka,
      queueMax: 50,
      batchMax: 20,
      compression: 'none',
      onDelivered: (_topic, n) => (delivered += n),
    })
    await producer.connect()
    let maxPending = 0
    let refused = 0
    for (const t of trades) {
      const record = { topic, key: t.symbol, value: encoder.encode(t) }
      if (!producer.offer(record)) {
        refused++
        await producer.send(record)
      }
      maxPending = Math.max(maxPending, producer.pending)
    }
    await producer.flush()
    expect(maxPending).toBeLessThanOrEqual(50)
    expect(refused).toBeGreaterThan(0)
    expect(delivered).toBe(trades.length)
    await producer.disconnect()
    await expect(producer.send({ topic, key: 'X', value: Buffer.from('x') })).rejects.toMatchObject(
      {
        code: 'KAFKA_PRODUCER_STOPPED',
      },
    )

    const admin = kafka.admin()
    await admin.connect()
    const offsets = await admin.fetchTopicOffsets(topic)
    await admin.disconnect()
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(trades.length)
  })
})
