import { describe, expect, it } from 'vitest'

import { loadConfig } from '@k2/config'

import { KAFKA_TRADES_TOPICS, writerGroupId } from './kafka-pipeline.js'

describe('kafka pipeline settings', () => {
  it('puts the writers of a deployment in one group named after the client id', () => {
    expect(writerGroupId(loadConfig({}))).toBe('k2-writers')
    expect(writerGroupId(loadConfig({ K2_KAFKA_CLIENT_ID: 'k2-eu' }))).toBe('k2-eu-writers')
  })

  it('ingests the D3 trades topic the Binance feeds produce to', () => {
    expect(KAFKA_TRADES_TOPICS).toEqual(['market.crypto.trades.binance'])
  })
})
