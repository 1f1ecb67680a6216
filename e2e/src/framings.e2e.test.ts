import { describe, expect, inject, it } from 'vitest'

import { createAvroEncoder, createSchemaRegistryClient } from '@k2/codecs'
import type { TradeV2 } from '@k2/core'
import { createMarketDataDecoder, createRecordProducer } from '@k2/kafka'

import { collect } from './support/collect.js'
import { e2eKafka, freshTradesTopic } from './support/kafka-fixtures.js'
import { generateTrades } from './support/trade-generator.js'

describe('both framings on one topic (D3)', () => {
  it('a consumer reads Confluent-framed and single-object records alike, through a real registry API', async () => {
    const kafka = e2eKafka('e2e-framings')
    const { topic } = await freshTradesTopic('e2eframings')
    const registry = createSchemaRegistryClient({ url: inject('schemaRegistryUrl') })
    const confluent = createAvroEncoder('trades', {
      framing: { kind: 'confluent', registry, subject: `${topic}-value` },
    })
    await confluent.init()
    const singleObject = createAvroEncoder('trades', { framing: { kind: 'single-object' } })
    const trades = generateTrades({
      symbols: ['BTCUSDT', 'ETHBTC', 'BNBEUR'],
      count: 4_000,
      seed: 7,
    })

    const producer = createRecordProducer({
      kafka,
      queueMax: 1_000,
      batchMax: 500,
      compression: 'gzip',
    })
    await producer.connect()
    for (const [i, t] of trades.entries()) {
      const encoder = i % 2 === 0 ? confluent : singleObject
      await producer.send({ topic, key: t.symbol, value: encoder.encode(t) })
    }
    await producer.disconnect()

    // The decoder knows nothing but the registry URL: it fetches the writer schema by id.
    const decode = createMarketDataDecoder(
      createSchemaRegistryClient({ url: inject('schemaRegistryUrl') }),
    )
    const got = await collect({
      kafka,
      topic,
      groupId: `${topic}-reader`,
      decode,
      until: (c) => c.records.length + c.failures.length >= trades.length,
    })
    expect(got.failures).toEqual([])
    const byId = new Map(
      got.records.map((r) => [(r.value as TradeV2).message_id, r.value as TradeV2]),
    )
    expect(byId.size).toBe(trades.length)
    for (const t of trades) {
      const back = byId.get(t.message_id)
      expect(back?.price.toFixed(8)).toBe(t.price.toFixed(8))
      expect(back?.timestamp).toBe(t.timestamp)
    }
    // The subject was registered with BACKWARD compatibility (D3).
    const config = await fetch(`${inject('schemaRegistryUrl')}/config/${topic}-value`)
    expect(((await config.json()) as { compatibilityLevel: string }).compatibilityLevel).toBe(
      'BACKWARD',
    )
  })
})
