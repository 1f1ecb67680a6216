import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import type { TradeV2 } from '@k2/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createParquetWriter, type ParquetRewriter, type ParquetWriter } from './parquet-writer.js'
import { rewriteFileCount } from './rewrite-request.js'
import { quoteString } from './sql.js'
import { BY_TIMESTAMP_DAY, makeTrades, TRADES_SCHEMA } from './trades-fixture.js'
import type { WrittenDataFile } from './written-data-file.js'

/**
 * Compaction's file rewrite: small files of one partition, read by DuckDB and written again sorted,
 * must hold exactly the same rows, carry the same field ids, and have exactly the metrics a direct
 * write of those rows gets.
 */

const trades = makeTrades(24_000)
const CHUNKS = 8
const SORT = ['symbol', 'timestamp']
let root: string
let writer: ParquetWriter & ParquetRewriter
let small: WrittenDataFile[]
let whole: WrittenDataFile[]
let db: DuckDBInstance
let conn: DuckDBConnection

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'k2-parquet-rewrite-'))
  writer = await createParquetWriter({ rowGroupSize: 4096 })
  small = []
  const size = trades.length / CHUNKS
  for (let i = 0; i < CHUNKS; i++) {
    small.push(
      ...(await writer.write({
        rows: trades.slice(i * size, (i + 1) * size),
        schema: TRADES_SCHEMA,
        directory: `file://${root}/small`,
        sortOrder: SORT,
        partition: BY_TIMESTAMP_DAY,
      })),
    )
  }
  whole = await writer.write({
    rows: trades,
    schema: TRADES_SCHEMA,
    directory: `${root}/whole`,
    sortOrder: SORT,
    partition: BY_TIMESTAMP_DAY,
  })
  db = await DuckDBInstance.create(':memory:')
  conn = await db.connect()
  await conn.run("SET TimeZone = 'UTC'")
}, 120_000)

afterAll(async () => {
  await writer.close()
  conn.closeSync()
  db.closeSync()
  await rm(root, { recursive: true, force: true })
})

const list = (paths: readonly string[]) =>
  `[${paths.map(quoteString).join(', ')}], hive_partitioning = false`

async function scalar(sql: string): Promise<unknown> {
  return (await conn.runAndReadAll(sql)).getRows()[0]?.[0]
}

/** Rows of `a` missing from `b` plus rows of `b` missing from `a`, as multisets. */
async function multisetDiff(a: readonly string[], b: readonly string[]): Promise<bigint> {
  const [x, y] = [`read_parquet(${list(a)})`, `read_parquet(${list(b)})`]
  const one = await scalar(
    `SELECT count(*) FROM (SELECT * FROM ${x} EXCEPT ALL SELECT * FROM ${y})`,
  )
  const two = await scalar(
    `SELECT count(*) FROM (SELECT * FROM ${y} EXCEPT ALL SELECT * FROM ${x})`,
  )
  return (one as bigint) + (two as bigint)
}

/** Rows of a file that come before their predecessor in (symbol, timestamp) order. */
async function outOfOrder(path: string): Promise<bigint> {
  return (await scalar(
    `SELECT count(*) FROM (
       SELECT symbol, timestamp, lag(symbol) OVER w AS ps, lag(timestamp) OVER w AS pt
       FROM read_parquet(${quoteString(path)}, file_row_number = true)
       WINDOW w AS (ORDER BY file_row_number))
     WHERE symbol < ps OR (symbol = ps AND timestamp < pt)`,
  )) as bigint
}

const metricsOf = (f: WrittenDataFile) => ({
  recordCount: f.recordCount,
  valueCounts: f.valueCounts,
  nullValueCounts: f.nullValueCounts,
  nanValueCounts: f.nanValueCounts,
  lowerBounds: f.lowerBounds,
  upperBounds: f.upperBounds,
})

describe('ParquetRewriter.rewrite', () => {
  it('turns the small files of each day into one sorted file with the same rows and metrics', async () => {
    for (const direct of whole) {
      const sources = small.filter((f) => f.partitionKey === direct.partitionKey)
      expect(sources).toHaveLength(CHUNKS)
      const out = await writer.rewrite({
        sources: sources.map((f) => `file://${f.path}`),
        schema: TRADES_SCHEMA,
        directory: `file://${root}/compacted/${BY_TIMESTAMP_DAY.pathOf(direct.partitionKey!)}`,
        sortOrder: SORT,
        partitionKey: direct.partitionKey,
        targetFileSizeBytes: 128 * 1024 * 1024,
      })
      expect(out).toHaveLength(1)
      const [file] = out as [WrittenDataFile]
      expect(file.partitionKey).toBe(direct.partitionKey)
      expect(file.path.startsWith(`${root}/compacted/timestamp_day=`)).toBe(true)
      expect(metricsOf(file)).toEqual(metricsOf(direct))
      expect(file.splitOffsets.length).toBeGreaterThan(1)
      expect(await multisetDiff([file.path], [direct.path])).toBe(0n)
      expect(
        await multisetDiff(
          [file.path],
          sources.map((f) => f.path),
        ),
      ).toBe(0n)
      expect(await outOfOrder(file.path)).toBe(0n)
    }
  })

  it('keeps every field id, nested ones included', async () => {
    const [file] = await writer.rewrite({
      sources: small.slice(0, 3).map((f) => f.path),
      schema: TRADES_SCHEMA,
      directory: `${root}/ids`,
      sortOrder: SORT,
    })
    const schema = await conn.runAndReadAll(
      `SELECT name, field_id FROM parquet_schema(${quoteString(file!.path)}) WHERE field_id IS NOT NULL`,
    )
    const ids = Object.fromEntries(schema.getRows().map(([n, id]) => [n, Number(id)]))
    expect(ids).toMatchObject({ trade_conditions: 11, element: 16, vendor_data: 15, key: 17 })
    expect(ids).toMatchObject({ value: 18, symbol: 3, timestamp: 6, price: 7 })
    expect(file!.partitionKey).toBeNull()
  })

  it('splits by the target size into consecutive sorted files of equal row counts', async () => {
    const sources = small.filter((f) => f.partitionKey === whole[0]!.partitionKey)
    const bytes = sources.reduce((n, f) => n + Number(f.fileSizeInBytes), 0)
    const out = await writer.rewrite({
      sources: sources.map((f) => f.path),
      schema: TRADES_SCHEMA,
      directory: `${root}/split`,
      sortOrder: SORT,
      targetFileSizeBytes: Math.ceil(bytes / 3),
    })
    expect(out).toHaveLength(3)
    const rows = out.map((f) => Number(f.recordCount))
    expect(rows.reduce((a, b) => a + b)).toBe(Number(whole[0]!.recordCount))
    expect(Math.max(...rows) - Math.min(...rows)).toBeLessThanOrEqual(2)
    for (const file of out) expect(await outOfOrder(file.path)).toBe(0n)
    expect(
      await multisetDiff(
        out.map((f) => f.path),
        [whole[0]!.path],
      ),
    ).toBe(0n)
    // File i ends where file i+1 starts in the sort order.
    for (let i = 1; i < out.length; i++) {
      const last = await scalar(
        `SELECT max((symbol, timestamp))::VARCHAR FROM read_parquet(${quoteString(out[i - 1]!.path)})`,
      )
      const first = await scalar(
        `SELECT min((symbol, timestamp))::VARCHAR FROM read_parquet(${quoteString(out[i]!.path)})`,
      )
      expect(String(last) <= String(first)).toBe(true)
    }
  })

  it('reads a column from the file even in a directory named after it (no hive columns)', async () => {
    const rows: TradeV2[] = trades.slice(0, 100)
    const [trap] = await writer.write({
      rows,
      schema: TRADES_SCHEMA,
      directory: `${root}/symbol=NOT_A_SYMBOL`,
    })
    const [out] = await writer.rewrite({
      sources: [trap!.path],
      schema: TRADES_SCHEMA,
      directory: `${root}/symbol=NOT_A_SYMBOL/out`,
      sortOrder: SORT,
    })
    expect(await multisetDiff([out!.path], [trap!.path])).toBe(0n)
    expect(
      await scalar(`SELECT count(*) FROM read_parquet(${quoteString(out!.path)}, hive_partitioning = false)
        WHERE symbol = 'NOT_A_SYMBOL'`),
    ).toBe(0n)
  })

  it('fails with ICEBERG_NOT_FOUND for a missing source and leaves no file behind', async () => {
    await expect(
      writer.rewrite({
        sources: [small[0]!.path, `${root}/small/missing.parquet`],
        schema: TRADES_SCHEMA,
        directory: `${root}/failed`,
      }),
    ).rejects.toMatchObject({ code: 'ICEBERG_NOT_FOUND' })
    await expect(readdir(`${root}/failed`)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('is cut short by interrupt(): the rewrite fails, leaves no file, and the writer goes on', async () => {
    const limited = await createParquetWriter({ threads: 1, memoryLimit: '256MB' })
    try {
      const request = {
        sources: small.map((f) => f.path),
        schema: TRADES_SCHEMA,
        directory: `${root}/interrupted`,
        sortOrder: SORT,
      }
      let settled = false
      const running = limited.rewrite(request)
      const done = () => (settled = true)
      running.then(done, done)
      // DuckDB only interrupts a statement that is running: keep asking until the rewrite ends.
      while (!settled) {
        limited.interrupt()
        await new Promise((resolve) => setImmediate(resolve))
      }
      await expect(running).rejects.toMatchObject({ code: 'ICEBERG_IO_FAILED' })
      expect(await readdir(`${root}/interrupted`).catch(() => [])).toEqual([])
      const [file] = await limited.rewrite({ ...request, directory: `${root}/after-interrupt` })
      expect(file!.recordCount).toBe(BigInt(trades.length))
    } finally {
      await limited.close()
    }
  })

  it('refuses bad requests naming the problem', async () => {
    const base = { schema: TRADES_SCHEMA, directory: `${root}/bad` }
    await expect(
      writer.rewrite({ ...base, sources: [small[0]!.path], targetFileSizeBytes: 0 }),
    ).rejects.toMatchObject({ code: 'ICEBERG_INVALID_ARGUMENT', message: /targetFileSizeBytes/ })
    await expect(
      writer.rewrite({ ...base, sources: [small[0]!.path, small[0]!.path] }),
    ).rejects.toMatchObject({ code: 'ICEBERG_INVALID_ARGUMENT', message: /repeat/ })
    await expect(
      writer.rewrite({ ...base, sources: [small[0]!.path], sortOrder: ['vendor_data'] }),
    ).rejects.toMatchObject({ code: 'ICEBERG_INVALID_ARGUMENT' })
    expect(await writer.rewrite({ ...base, sources: [] })).toEqual([])
  })
})

describe('rewriteFileCount', () => {
  it.each([
    [100, 10, undefined, 1, 10],
    [100, 10, 1_000, 1, 10],
    [100, 10, 100, 1, 10],
    [101, 10, 100, 2, 5],
    [1_000, 9, 250, 3, 3],
    [1_000, 3, 1, 3, 1],
    [1_000, 0, 1, 0, 0],
  ])('%i bytes, %i rows, target %s: %i files of %i rows', (bytes, rows, target, files, per) => {
    expect(rewriteFileCount(bytes, rows, target)).toEqual({ files, rowsPerFile: per })
  })
})
