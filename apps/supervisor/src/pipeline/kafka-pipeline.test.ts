import { describe, expect, it } from 'vitest'

import { loadConfig } from '@k2/config'

import { KAFKA_INGEST_TOPICS, writerGroupId, writerIngest } from './kafka-pipeline.js'

describe('kafka pipeline settings', () => {
  it('puts the writers of a deployment in one group per data type named after the client id', () => {
    expect(writerGroupId(loadConfig({}))).toBe('k2-writers')
    expect(writerGroupId(loadConfig({ K2_KAFKA_CLIENT_ID: 'k2-eu' }))).toBe('k2-eu-writers')
    expect(writerGroupId(loadConfig({ K2_KAFKA_CLIENT_ID: 'k2-eu' }), 'quotes')).toBe(
      'k2-eu-quote-writers',
    )
  })

  it('ingests the D3 topics of the Binance feeds and of the ASX loader', () => {
    expect(KAFKA_INGEST_TOPICS).toEqual({
      trades: ['market.crypto.trades.binance', 'market.equities.trades.asx'],
      quotes: ['market.equities.quotes.asx'],
    })
    expect(writerIngest(loadConfig({}))).toEqual([
      {
        dataType: 'trades',
        groupId: 'k2-writers',
        topics: ['market.crypto.trades.binance', 'market.equities.trades.asx'],
      },
      { dataType: 'quotes', groupId: 'k2-quote-writers', topics: ['market.equities.quotes.asx'] },
    ])
  })
})
