import { describe, expect, it } from 'vitest'

import { validateKafkaIngestorOptions, type KafkaIngestorOptions } from './kafka-ingest-options.js'

const base = {
  groupId: 'k2-writers',
  topics: ['market.crypto.trades.binance', 'market.equities.trades.asx'],
  deadLetter: () => undefined,
} as unknown as KafkaIngestorOptions

describe('validateKafkaIngestorOptions', () => {
  it('takes trades topics by default and quotes topics for dataType quotes', () => {
    expect(() => validateKafkaIngestorOptions(base)).not.toThrow()
    const quotes = { ...base, dataType: 'quotes', topics: ['market.equities.quotes.asx'] } as const
    expect(() => validateKafkaIngestorOptions(quotes)).not.toThrow()
  })

  it('refuses a topic of another data type, naming it', () => {
    expect(() =>
      validateKafkaIngestorOptions({ ...base, topics: ['market.equities.quotes.asx'] }),
    ).toThrow('topics: market.equities.quotes.asx is not a trades topic')
    expect(() => validateKafkaIngestorOptions({ ...base, dataType: 'quotes' })).toThrow(
      'topics: market.crypto.trades.binance is not a quotes topic',
    )
  })

  it('refuses a data type other than trades or quotes', () => {
    const reference = { ...base, dataType: 'reference_data' as never }
    expect(() => validateKafkaIngestorOptions(reference)).toThrow(/^dataType: "reference_data"/)
  })
})
