import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { DuckDBInstance } from '@duckdb/node-api'
import type { TradeV2 } from '@k2/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { IcebergError } from '../errors.js'
import { createParquetWriter, type ParquetWriter } from './parquet-writer.js'
import { RowColumns } from './row-columns.js'
import { quoteString } from './sql.js'
import { BY_TIMESTAMP_DAY, makeTrades, TRADES_SCHEMA } from './trades-fixture.js'
import type { WrittenDataFile } from './written-data-file.js'

/**
 * Rows read into columns batch by batch as they arrive (a buffering writer) must give the files a
 * write of the same rows at once gives, byte for byte; a bad batch must leave the columns as they
 * were; skipped rows must be left out of files and metrics.
 */
let root: string
let writer: ParquetWriter
let dirs = 0

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'k2-row-columns-'))
  writer = await createParquetWriter({ rowGroupSize: 2048, encodeWorkers: 0 })
})

afterAll(async () => {
  await writer.close()
  await rm(root, { recursive: true, force: true })
})

const target = () => ({
  directory: `file://${root}/w${dirs++}`,
  sortOrder: ['symbol', 'timestamp'],
})

function columnsOf(rows: readonly TradeV2[], batch: number): RowColumns<TradeV2> {
  const columns = new RowColumns<TradeV2>(TRADES_SCHEMA, BY_TIMESTAMP_DAY)
  for (let i = 0; i < rows.length; i += batch) columns.append(rows.slice(i, i + batch))
  return columns
}

/** The rows of a Parquet file in file order, as JSON (DuckDB). */
async function rowsOf(path: string): Promise<string[]> {
  const db = await DuckDBInstance.create(':memory:')
  try {
    const conn = await db.connect()
    const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet(${quoteString(path)})`)
    const rows = reader.getRowObjectsJson().map((r) => JSON.stringify(r))
    conn.closeSync()
    return rows
  } finally {
    db.closeSync()
  }
}

async function expectSameFiles(a: WrittenDataFile[], b: WrittenDataFile[]): Promise<void> {
  expect(b.map((f) => f.partitionKey)).toEqual(a.map((f) => f.partitionKey))
  for (let i = 0; i < a.length; i++) {
    const { path: pa, ...ma } = a[i]!
    const { path: pb, ...mb } = b[i]!
    expect(mb).toEqual(ma)
    expect(Buffer.compare(await readFile(pa), await readFile(pb))).toBe(0)
  }
}

describe('RowColumns', () => {
  it('gives the files of a write of the same rows at once, whatever the batch size', async () => {
    const trades = makeTrades(7_500)
    const once = await writer.write({
      ...target(),
      rows: trades,
      schema: TRADES_SCHEMA,
      partition: BY_TIMESTAMP_DAY,
    })
    expect(once.length).toBeGreaterThan(1)
    for (const batch of [1, 7, 1000, 3000]) {
      const columns = columnsOf(trades, batch)
      expect(columns.rowCount).toBe(trades.length)
      await expectSameFiles(once, await writer.write({ ...target(), columns }))
    }
  })

  it('refuses a bad batch whole and keeps the rows read before it', async () => {
    const trades = makeTrades(3_000)
    const columns = columnsOf(trades.slice(0, 2_000), 500)
    // A batch spanning several blocks and partitions whose last row has a bad price.
    const bad = trades.slice(2_000, 2_999).concat({ ...trades[2_999]!, price: 'x' as never })
    let caught: unknown
    try {
      columns.append(bad)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(IcebergError)
    expect((caught as IcebergError).code).toBe('ICEBERG_INVALID_VALUE')
    expect((caught as IcebergError).message).toContain('price')
    expect(columns.rowCount).toBe(2_000)
    // A bad nested value (trade_conditions) in a batch of rows of a new day, too.
    const badList = [{ ...trades[0]!, timestamp: 86_400_000_000 * 30, trade_conditions: 5 }]
    expect(() => columns.append(badList as never)).toThrow(/trade_conditions/)
    columns.append(trades.slice(2_000))
    const once = await writer.write({
      ...target(),
      rows: trades,
      schema: TRADES_SCHEMA,
      partition: BY_TIMESTAMP_DAY,
    })
    await expectSameFiles(once, await writer.write({ ...target(), columns }))
  })

  it('leaves out skipped rows, and partitions whose rows are all skipped', async () => {
    const trades = makeTrades(4_000)
    const columns = columnsOf(trades, 250)
    const skip = new Uint8Array(trades.length)
    const firstDay = BY_TIMESTAMP_DAY.keyOf(trades[0]!)
    trades.forEach((t, i) => {
      if (i % 3 === 0 || BY_TIMESTAMP_DAY.keyOf(t) === firstDay) skip[i] = 1
    })
    const kept = trades.filter((_, i) => skip[i] === 0)
    const files = await writer.write({ ...target(), columns, skip })
    expect(files.map((f) => f.partitionKey)).not.toContain(firstDay)
    const expected = await writer.write({
      ...target(),
      rows: kept,
      schema: TRADES_SCHEMA,
      partition: BY_TIMESTAMP_DAY,
    })
    // Same rows in the same order and the same metrics; the bytes may differ (whether a string
    // column keeps a dictionary depends on the values read, and skipped rows were read).
    expect(files.map((f) => f.partitionKey)).toEqual(expected.map((f) => f.partitionKey))
    for (let i = 0; i < files.length; i++) {
      const { path: pa, columnSizes: _a, fileSizeInBytes: _b, splitOffsets: _c, ...ma } = files[i]!
      const {
        path: pb,
        columnSizes: _d,
        fileSizeInBytes: _e,
        splitOffsets: _f,
        ...mb
      } = expected[i]!
      expect(ma).toEqual(mb)
      expect(await rowsOf(pa)).toEqual(await rowsOf(pb))
    }
    expect(files.reduce((n, f) => n + Number(f.recordCount), 0)).toBe(kept.length)
  })

  it('can be written again (a retried commit) and takes no rows once written', async () => {
    const columns = columnsOf(makeTrades(1_200), 100)
    const first = await writer.write({ ...target(), columns })
    const again = await writer.write({ ...target(), columns })
    await expectSameFiles(first, again)
    expect(() => columns.append(makeTrades(1))).toThrow(/take no more rows/)
  })

  it('writes nothing for no rows', async () => {
    const columns = new RowColumns<TradeV2>(TRADES_SCHEMA, BY_TIMESTAMP_DAY)
    columns.append([])
    expect(await writer.write({ ...target(), columns })).toEqual([])
  })
})
