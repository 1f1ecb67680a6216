import { describe, expect, it } from 'vitest'

import { loadConfig } from '@k2/config'

import { startupSummary } from './startup-summary.js'

describe('startupSummary', () => {
  it('describes the embedded default and never prints API keys', () => {
    const summary = startupSummary(loadConfig({ K2_API_KEYS: 'secret-key-1,secret-key-2' }))
    expect(summary).toMatchObject({ transport: 'embedded', framing: 'single-object', apiKeys: 2 })
    expect(JSON.stringify(summary)).not.toContain('secret-key')
  })

  it('names the brokers in kafka mode', () => {
    const summary = startupSummary(
      loadConfig({ K2_TRANSPORT: 'kafka', K2_KAFKA_BROKERS: 'h:9092' }),
    )
    expect(summary['kafkaBrokers']).toEqual(['h:9092'])
  })
})
