import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { generateTrades } from './trade-generator.js'
import { tradeToJsonLine, writeTradesNdjson } from './trade-ndjson.js'

describe('tradeToJsonLine', () => {
  it('writes decimals as 8-decimal strings and everything else as the table names it', () => {
    const [trade] = generateTrades({ rows: 1 })
    const json = JSON.parse(tradeToJsonLine(trade!)) as Record<string, unknown>
    expect(json['price']).toBe(trade!.price.toFixed(8))
    expect(json['price']).toMatch(/^\d+\.\d{8}$/)
    expect(json['quantity']).toMatch(/^\d+\.\d{8}$/)
    expect(json['timestamp']).toBe(trade!.timestamp)
    expect(json['vendor_data']).toEqual(trade!.vendor_data)
    expect(Object.keys(json)).toEqual(Object.keys(trade!))
  })
})

describe('writeTradesNdjson', () => {
  it('writes one line per trade, across batch boundaries', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k2-bench-ndjson-'))
    try {
      const trades = generateTrades({ rows: 10_001 })
      const path = join(dir, 'trades.ndjson')
      await writeTradesNdjson(trades, path)
      const lines = (await readFile(path, 'utf8')).split('\n')
      expect(lines.pop()).toBe('')
      expect(lines).toHaveLength(10_001)
      expect(lines[10_000]).toBe(tradeToJsonLine(trades[10_000]!))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
