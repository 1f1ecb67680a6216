import { describe, expect, it } from 'vitest'

import { deadLetterTopicName, parseTopicName, topicName } from './topic-name.js'
import { deadLetterTopicSpec, topicSpecFor } from './topic-spec.js'

const SETTINGS = {
  partitions: { crypto: 40, equities: 30, futures: 10, options: 10 },
  replicationFactor: 1,
  compression: 'snappy' as const,
}

describe('topic names (D3)', () => {
  it.each([
    ['crypto', 'trades', 'BINANCE', 'market.crypto.trades.binance'],
    ['equities', 'trades', 'asx', 'market.equities.trades.asx'],
    ['equities', 'quotes', 'ASX', 'market.equities.quotes.asx'],
    ['equities', 'reference_data', 'ASX', 'market.equities.reference_data.asx'],
  ] as const)('%s/%s/%s -> %s', (assetClass, dataType, exchange, expected) => {
    expect(topicName(assetClass, dataType, exchange)).toBe(expected)
    expect(parseTopicName(expected)).toEqual({
      assetClass,
      dataType,
      exchange: exchange.toLowerCase(),
    })
  })

  it.each([
    'market.crypto.trades',
    'market.crypto.trades.binance.extra',
    'markets.crypto.trades.binance',
    'market.bonds.trades.binance',
    'market.crypto.orders.binance',
    'market.crypto.trades.bin-ance',
    'market.crypto.trades.binance.dlq',
  ])('rejects %s', (topic) => {
    expect(() => parseTopicName(topic)).toThrow(
      expect.objectContaining({ code: 'KAFKA_INVALID_TOPIC' }),
    )
  })

  it('rejects exchanges that would break the name', () => {
    expect(() => topicName('crypto', 'trades', 'bin.ance')).toThrow(/exchange/)
    expect(() => topicName('crypto', 'trades', '')).toThrow(/exchange/)
  })

  it('names dead-letter topics {topic}.dlq (D6)', () => {
    expect(deadLetterTopicName('market.crypto.trades.binance')).toBe(
      'market.crypto.trades.binance.dlq',
    )
  })
})

describe('topic specs', () => {
  it('takes partitions by asset class and matches compression to the producer codec', () => {
    const spec = topicSpecFor('market.crypto.trades.binance', SETTINGS)
    expect(spec.numPartitions).toBe(40)
    expect(spec.configEntries).toContainEqual({ name: 'compression.type', value: 'snappy' })
    expect(spec.configEntries).toContainEqual({ name: 'cleanup.policy', value: 'delete' })
    expect(topicSpecFor('market.equities.trades.asx', SETTINGS).numPartitions).toBe(30)
  })

  it('compacts reference data, keyed by company_id', () => {
    const spec = topicSpecFor('market.equities.reference_data.asx', SETTINGS)
    expect(spec.configEntries).toContainEqual({ name: 'cleanup.policy', value: 'compact' })
  })

  it('lets the producer choose when compression is none', () => {
    const spec = topicSpecFor('market.crypto.trades.binance', { ...SETTINGS, compression: 'none' })
    expect(spec.configEntries).toContainEqual({ name: 'compression.type', value: 'producer' })
  })

  it('gives dead-letter topics one partition and long retention', () => {
    const spec = deadLetterTopicSpec('market.crypto.trades.binance.dlq', SETTINGS)
    expect(spec.numPartitions).toBe(1)
    expect(spec.configEntries.find((c) => c.name === 'retention.ms')?.value).toBe(
      String(30 * 86_400_000),
    )
  })
})
