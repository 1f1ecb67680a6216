import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { TradeV2 } from '@k2/core'

import { IcebergError } from '../errors.js'
import { generateTrades } from '../interop/market-data-generator.js'
import { openTestWarehouse, type TestWarehouse } from '../interop/test-warehouse.js'
import { currentSnapshot } from '../spec/table-metadata-lookups.js'
import { TRADES_V2_TABLE } from '../tables/index.js'
import { appendColumns, ensureTable, loadTable, TableColumns, writeDataFiles } from './index.js'

const id = TRADES_V2_TABLE.identifier
const DAYS = ['2025-03-10', '2025-03-11'] as const

/** Trades of one day only, so a skip mask can leave a whole partition out. */
const tradesOn = (day: string, count: number, idPrefix: string): TradeV2[] =>
  generateTrades({ seed: count, count, symbols: ['BTCUSDT', 'ETHUSDT'], days: [day], idPrefix })

describe('appendColumns', { timeout: 60_000 }, () => {
  let wh: TestWarehouse
  beforeAll(async () => {
    wh = await openTestWarehouse('append-columns')
    await ensureTable(wh.ctx, TRADES_V2_TABLE, wh.dir)
  })
  afterAll(() => wh.close())

  it('writes the rows read into columns, less the skipped ones; an all-skipped partition gets no file', async () => {
    const table = await loadTable(wh.ctx, id)
    const first = tradesOn(DAYS[0], 300, 'a')
    const second = tradesOn(DAYS[1], 200, 'b')
    const columns = new TableColumns<TradeV2>(table.metadata)
    columns.append(first)
    columns.append(second)
    expect(columns.rowCount).toBe(500)
    // Skip every row of the second day and the first 10 of the first.
    const skip = new Uint8Array(500)
    skip.fill(1, 0, 10)
    skip.fill(1, 300, 500)
    const { files, table: after } = await appendColumns(wh.ctx, id, [{ columns, skip }])
    expect(files).toHaveLength(1)
    expect(files[0]?.record_count).toBe(290n)
    expect(currentSnapshot(after.metadata)?.summary['total-records']).toBe('290')
    expect(files[0]?.file_path).toContain('timestamp_day=2025-03-10')
  })

  it('refuses columns read for another schema (ICEBERG_SCHEMA_CHANGED) and writes nothing', async () => {
    const table = await loadTable(wh.ctx, id)
    const columns = new TableColumns<TradeV2>(table.metadata)
    columns.append(tradesOn(DAYS[0], 20, 'c'))
    // The same table after a schema change: a new current schema id (same fields).
    const md = table.metadata
    const changed = {
      ...md,
      schemas: [...md.schemas, { ...md.schemas[0]!, 'schema-id': 1 }],
      'current-schema-id': 1,
    }
    const err = await writeDataFiles(wh.ctx.parquet, changed, columns).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(IcebergError)
    expect((err as IcebergError).code).toBe('ICEBERG_SCHEMA_CHANGED')
    expect((err as IcebergError).message).toMatch(/schema 0 .* schema 1/)
    const now = await loadTable(wh.ctx, id)
    expect(currentSnapshot(now.metadata)?.summary['total-records']).toBe('290')
  })
})
