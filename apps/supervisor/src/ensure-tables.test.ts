import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { loadConfig } from '@k2/config'
import { NOOP_LOGGER } from '@k2/core'

import { ensureMarketDataTables } from './ensure-tables.js'

const dir = mkdtempSync(join(tmpdir(), 'k2-supervisor-tables-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('ensureMarketDataTables', () => {
  it('creates the D4 tables once and finds them again on the next start', async () => {
    const config = loadConfig({ K2_WAREHOUSE: dir })
    const first = await ensureMarketDataTables(config, NOOP_LOGGER)
    expect(first.map((t) => t.table)).toEqual([
      'market_data.trades_v2',
      'market_data.quotes_v2',
      'market_data.reference_data_v2',
    ])
    for (const t of first)
      expect(t.metadataLocation).toMatch(/\/metadata\/00000-[0-9a-f-]+\.metadata\.json$/)
    const second = await ensureMarketDataTables(config, NOOP_LOGGER)
    expect(second).toEqual(first)
  })
})
