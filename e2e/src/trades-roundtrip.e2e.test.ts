import { describe, expect, it } from 'vitest'

import { createAvroEncoder } from '@k2/codecs'
import type { TradeV2 } from '@k2/core'
import {
  createMarketDataDecoder,
  createMarketDataProducer,
  createRecordProducer,
  TRACEPARENT_HEADER,
} from '@k2/kafka'

import { collect } from './support/collect.js'
import { e2eKafka, freshTradesTopic } from './support/kafka-fixtures.js'
import { generateTrades } from './support/trade-generator.js'

const SYMBOLS = Array.from({ length: 20 }, (_, i) => `SYM${String(i).padStart(2, '0')}USDT`)
const COUNT = 100_000
const QUEUE_MAX = 20_000

/** A valid-looking W3C traceparent per trade, so header propagation is checked too. */
function traceparentOf(n: number): string {
  return `00-${n.toString(16).padStart(32, '0')}-${'1'.padStart(16, '0')}-01`
}

describe('100,000 TradeV2 records through a real Kafka broker', () => {
  it('come back exactly once, in order per symbol, bit-exact, with undecodable bytes reported', async () => {
    const kafka = e2eKafka('e2e-roundtrip')
    const { exchange, topic } = await freshTradesTopic('e2eroundtrip')
    const trades = generateTrades({ symbols: SYMBOLS, count: COUNT, seed: 42, exchange })
    const encoder = createAvroEncoder('trades', { framing: { kind: 'single-object' } })

    const producer = createRecordProducer({
      kafka,
      queueMax: QUEUE_MAX,
      batchMax: 5_000,
      compression: 'snappy',
    })
    await producer.connect()
    const marketData = createMarketDataProducer({ producer })
    expect(marketData.topicOf('trades', trades[0] as TradeV2)).toBe(topic)
    let maxPending = 0
    for (const [i, trade] of trades.entries()) {
      await marketData.send('trades', trade, { traceparent: traceparentOf(i + 1) })
      maxPending = Math.max(maxPending, producer.pending)
    }
    // Poison records between good ones: garbage, a truncated record, a wrong fingerprint.
    const good = encoder.encode(trades[0] as TradeV2)
    const wrongFingerprint = Buffer.from(good)
    wrongFingerprint.writeBigUInt64LE(0x0123456789abcdefn, 2)
    const poison = [
      Buffer.from('not avro at all'),
      good.subarray(0, good.length - 7),
      wrongFingerprint,
    ]
    for (const value of poison) await producer.send({ topic, key: 'POISON', value })
    await producer.flush()
    await producer.disconnect()
    expect(maxPending).toBeLessThanOrEqual(QUEUE_MAX)

    const got = await collect({
      kafka,
      topic,
      groupId: `${topic}-reader`,
      decode: createMarketDataDecoder(),
      until: (c) => c.records.length + c.failures.length >= COUNT + poison.length,
    })

    // Undecodable bytes are reported with their position, not dropped and not fatal.
    expect(got.failures).toHaveLength(poison.length)
    expect(got.failures.map((f) => f.error.code).sort()).toEqual(
      ['CODECS_MALFORMED_BODY', 'CODECS_UNKNOWN_FINGERPRINT', 'CODECS_UNKNOWN_FRAMING'].sort(),
    )
    for (const f of got.failures) {
      expect(f.topic).toBe(topic)
      expect(Number.isInteger(f.partition)).toBe(true)
      expect(f.offset).toMatch(/^\d+$/)
      expect(f.key).toBe('POISON')
      expect(poison.some((p) => p.equals(f.bytes))).toBe(true)
    }

    // Exactly once. Binance trade ids are a sequence per symbol, so a trade is (symbol, trade_id);
    // its message_id is derived from both.
    expect(got.records).toHaveLength(COUNT)
    const keyOf = (t: TradeV2) => `${t.symbol}/${t.trade_id}`
    const byId = new Map(trades.map((t) => [keyOf(t), t]))
    expect(new Set(trades.map((t) => t.message_id)).size).toBe(COUNT)
    const seen = new Set<string>()
    let repeats = 0
    for (const r of got.records) {
      const key = keyOf(r.value as TradeV2)
      if (seen.has(key)) repeats++
      seen.add(key)
    }
    expect(repeats).toBe(0)
    expect(seen.size).toBe(COUNT)

    // Bit-exact values and headers.
    let mismatches = 0
    for (const r of got.records) {
      const t = r.value as TradeV2
      const original = byId.get(keyOf(t))
      if (
        original === undefined ||
        t.price.toFixed(8) !== original.price.toFixed(8) ||
        t.quantity.toFixed(8) !== original.quantity.toFixed(8) ||
        t.timestamp !== original.timestamp ||
        t.ingestion_timestamp !== original.ingestion_timestamp ||
        t.message_id !== original.message_id ||
        t.side !== original.side ||
        t.source_sequence !== original.source_sequence ||
        JSON.stringify(t.trade_conditions) !== JSON.stringify(original.trade_conditions) ||
        JSON.stringify(t.vendor_data) !== JSON.stringify(original.vendor_data) ||
        r.key !== original.symbol
      ) {
        mismatches++
      }
    }
    expect(mismatches).toBe(0)
    const sample = got.records[12_345]!
    const sampleIndex = trades.findIndex(
      (t) => t.message_id === (sample.value as TradeV2).message_id,
    )
    expect(sample.headers[TRACEPARENT_HEADER]).toBe(traceparentOf(sampleIndex + 1))

    // Per-symbol order: each symbol's sequence numbers arrive as 1, 2, 3, ... and each symbol
    // stays in one partition.
    const lastSeq = new Map<string, number>()
    const partitionOf = new Map<string, number>()
    for (const r of got.records) {
      const t = r.value as TradeV2
      expect(t.source_sequence).toBe((lastSeq.get(t.symbol) ?? 0) + 1)
      lastSeq.set(t.symbol, t.source_sequence as number)
      expect(partitionOf.get(t.symbol) ?? r.partition).toBe(r.partition)
      partitionOf.set(t.symbol, r.partition)
    }
    expect(lastSeq.size).toBe(SYMBOLS.length)
  })
})
