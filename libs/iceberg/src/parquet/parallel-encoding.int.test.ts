import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { DuckDBInstance } from '@duckdb/node-api'
import type { TradeV2 } from '@k2/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { IcebergError } from '../errors.js'
import type { StructType } from '../spec/types.js'
import { createParquetWriter, type ParquetWriter } from './parquet-writer.js'
import { quoteString } from './sql.js'
import { BY_TIMESTAMP_DAY, makeTrades, TRADES_SCHEMA } from './trades-fixture.js'
import type { WrittenDataFile } from './written-data-file.js'

/**
 * Row groups encoded by worker threads (and by the calling thread once it has read every
 * partition) must give the files a write on the calling thread alone gives, byte for byte.
 */
let root: string
let inline: ParquetWriter
let parallel: ParquetWriter

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'k2-parallel-'))
  inline = await createParquetWriter({ rowGroupSize: 2048, encodeWorkers: 0 })
  parallel = await createParquetWriter({
    rowGroupSize: 2048,
    encodeWorkers: 2,
    parallelMinRows: 1,
  })
})

afterAll(async () => {
  await inline.close()
  await parallel.close()
  await rm(root, { recursive: true, force: true })
})

async function writeBoth<Row extends object>(
  name: string,
  rows: readonly Row[],
  schema: StructType,
  sortOrder: string[],
  split = true,
): Promise<[WrittenDataFile[], WrittenDataFile[]]> {
  const request = {
    rows,
    schema,
    sortOrder,
    ...(split ? { partition: BY_TIMESTAMP_DAY as never } : {}),
  }
  const a = await inline.write({ ...request, directory: `file://${root}/${name}-inline` })
  const b = await parallel.write({ ...request, directory: `file://${root}/${name}-parallel` })
  return [a, b]
}

async function expectSameFiles(a: WrittenDataFile[], b: WrittenDataFile[]): Promise<void> {
  expect(b.length).toBe(a.length)
  for (let i = 0; i < a.length; i++) {
    const { path: pathA, ...metricsA } = a[i]!
    const { path: pathB, ...metricsB } = b[i]!
    expect(normalize(metricsB)).toEqual(normalize(metricsA))
    expect(Buffer.compare(await readFile(pathB), await readFile(pathA))).toBe(0)
  }
}

/** Bounds as plain byte arrays (a Buffer and a Uint8Array of the same bytes compare equal). */
function normalize(metrics: Omit<WrittenDataFile, 'path'>) {
  const bytes = (m: ReadonlyMap<number, Uint8Array>) =>
    [...m].map(([id, v]) => [id, Buffer.from(v).toString('hex')])
  return {
    ...metrics,
    lowerBounds: bytes(metrics.lowerBounds),
    upperBounds: bytes(metrics.upperBounds),
  }
}

// Worker start-up (tsx compiles the encoder in each worker) takes seconds on a busy machine.
describe('Parquet writer with encoding workers', { timeout: 60_000 }, () => {
  it('writes the same files as the calling thread alone (trades, by day, sorted)', async () => {
    const trades = makeTrades(20_000)
    const [a, b] = await writeBoth('trades', trades, TRADES_SCHEMA, ['symbol', 'timestamp'])
    expect(a.length).toBe(3)
    expect(a.every((f) => f.splitOffsets.length > 1)).toBe(true)
    await expectSameFiles(a, b)
  })

  it('writes the same files when the sort reads the rows (a high-cardinality string key)', async () => {
    const trades = makeTrades(9_000)
    const [a, b] = await writeBoth('by-id', trades, TRADES_SCHEMA, ['trade_id'], false)
    await expectSameFiles(a, b)
  })

  it('keeps every string exactly once past the file-wide dictionary (non-ASCII too)', async () => {
    const schema: StructType = {
      type: 'struct',
      fields: [
        { id: 1, name: 'id', required: true, type: 'int' },
        { id: 2, name: 'text', required: false, type: 'string' },
      ],
    }
    const texts = ['', 'a', 'é', '日本', '😀x', 'z\u{10FFFF}', '\uFFFD']
    const rows = Array.from({ length: 6_000 }, (_, i) => ({
      id: i,
      text: i % 11 === 0 ? null : `${texts[i % texts.length]}-${(i * 7919) % 6_000}`,
    }))
    const [a, b] = await writeBoth('text', rows, schema, ['id'], false)
    await expectSameFiles(a, b)
    const db = await DuckDBInstance.create(':memory:')
    const conn = await db.connect()
    try {
      const reader = await conn.runAndReadAll(
        `SELECT id, text FROM read_parquet(${quoteString(b[0]!.path)}) ORDER BY id`,
      )
      expect(reader.getRowObjects()).toEqual(rows)
    } finally {
      conn.closeSync()
      db.closeSync()
    }
  })

  it('rejects a bad value with its column and leaves no file behind', async () => {
    const trades: TradeV2[] = makeTrades(12_000)
    const bad = [...trades]
    bad[11_000] = { ...bad[11_000]!, symbol: 42 as unknown as string }
    const directory = join(root, 'bad')
    const failure = parallel.write({
      rows: bad,
      schema: TRADES_SCHEMA,
      directory: `file://${directory}`,
      sortOrder: ['symbol', 'timestamp'],
      partition: BY_TIMESTAMP_DAY,
    })
    await expect(failure).rejects.toBeInstanceOf(IcebergError)
    await expect(failure).rejects.toMatchObject({ code: 'ICEBERG_INVALID_VALUE' })
    const left = await readdir(directory, { recursive: true }).catch(() => [])
    expect(left.filter((f) => String(f).endsWith('.parquet'))).toEqual([])
  })
})
