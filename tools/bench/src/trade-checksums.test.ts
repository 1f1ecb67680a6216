import { createTrade } from '@k2/core'
import { describe, expect, it } from 'vitest'

import { checksumMismatches, tradeChecksums } from './trade-checksums.js'

const trade = (id: number, price: string, vendor: Record<string, string> | null) =>
  createTrade({
    trade_id: `BINANCE-${id}`,
    symbol: 'BTCUSDT',
    exchange: 'BINANCE',
    asset_class: 'crypto',
    timestamp: 1_763_942_400_000_000 + id,
    price,
    quantity: '0.00000001',
    currency: 'USDT',
    side: 'BUY',
    source_sequence: id % 2 === 0 ? id : null,
    ingestion_timestamp: 1_763_942_400_100_000 + id,
    vendor_data: vendor,
  })

const trades = [
  trade(1, '87250.12', { a: '1', b: '2' }),
  trade(2, '99999999.99999999', null),
  trade(3, '0.5', { a: '1' }),
]

describe('tradeChecksums', () => {
  it('sums exactly, decimals as unscaled integers at scale 8', () => {
    expect(tradeChecksums(trades)).toEqual({
      rows: 3,
      distinct_message_ids: 3,
      // 8725012000000 + 9999999999999999 + 50000000: beyond 2^53, still exact.
      price_unscaled_sum: String(8_725_012_000_000n + 9_999_999_999_999_999n + 50_000_000n),
      quantity_unscaled_sum: '3',
      timestamp_sum: String(3n * 1_763_942_400_000_000n + 6n),
      ingestion_timestamp_sum: String(3n * 1_763_942_400_100_000n + 6n),
      source_sequence_sum: '2',
      vendor_data_entries: 3,
    })
  })

  it('does not depend on row order', () => {
    expect(tradeChecksums([...trades].reverse())).toEqual(tradeChecksums(trades))
  })

  it('names every field that differs', () => {
    const expected = tradeChecksums(trades)
    const lost = tradeChecksums(trades.slice(0, 2))
    expect(checksumMismatches(expected, expected)).toEqual([])
    const mismatches = checksumMismatches(expected, lost)
    expect(mismatches).toContain('rows: 2 != 3')
    expect(mismatches.map((m) => m.split(':')[0])).toEqual([
      'rows',
      'distinct_message_ids',
      'price_unscaled_sum',
      'quantity_unscaled_sum',
      'timestamp_sum',
      'ingestion_timestamp_sum',
      'vendor_data_entries',
    ])
  })
})
