import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { decimalToUnscaled, microsToEpochDay, type TradeV2 } from '@k2/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { decodeSingleValue } from '../spec/single-value.js'
import type { PrimitiveType } from '../spec/types.js'
import { createParquetWriter, type ParquetWriter } from './parquet-writer.js'
import { quoteString } from './sql.js'
import { BY_TIMESTAMP_DAY, makeTrades, SYMBOLS, TRADES_SCHEMA } from './trades-fixture.js'
import type { WrittenDataFile } from './written-data-file.js'

/** trades_v2 rows over 3 days and 5 symbols, written by day and sorted by (symbol, timestamp). */
const trades = makeTrades(30_000)
let root: string
let writer: ParquetWriter
let files: WrittenDataFile[]
let db: DuckDBInstance
let conn: DuckDBConnection

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'k2-parquet-'))
  // Small row groups, so every file has several and split offsets are interesting.
  writer = await createParquetWriter({ rowGroupSize: 4096 })
  files = await writer.write({
    rows: trades,
    schema: TRADES_SCHEMA,
    directory: `file://${root}/data`,
    sortOrder: ['symbol', 'timestamp'],
    partition: BY_TIMESTAMP_DAY,
  })
  db = await DuckDBInstance.create(':memory:')
  conn = await db.connect()
  await conn.run("SET TimeZone = 'UTC'")
})

afterAll(async () => {
  await writer.close()
  conn.closeSync()
  db.closeSync()
  await rm(root, { recursive: true, force: true })
})

const byDay = new Map<string, TradeV2[]>()
for (const t of trades) {
  const key = BY_TIMESTAMP_DAY.keyOf(t)
  byDay.set(key, [...(byDay.get(key) ?? []), t])
}

const fileFor = (key: string) => files.find((f) => f.partitionKey === key)!

async function rowsOf(path: string, select: string): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(
    `SELECT ${select} FROM read_parquet(${quoteString(path)})`,
  )
  return reader.getRowObjects()
}

function decode(file: WrittenDataFile, id: number, type: PrimitiveType) {
  return [
    decodeSingleValue(type, file.lowerBounds.get(id)!),
    decodeSingleValue(type, file.upperBounds.get(id)!),
  ]
}

function minMax<T>(values: T[], less: (a: T, b: T) => boolean = (a, b) => a < b): [T, T] {
  let min = values[0] as T
  let max = values[0] as T
  for (const v of values) {
    if (less(v, min)) min = v
    if (less(max, v)) max = v
  }
  return [min, max]
}

describe('Parquet writer on trades_v2 rows', () => {
  it('writes one file per day under the partition path, rows counted', async () => {
    expect(files).toHaveLength(3)
    expect(new Set(files.map((f) => f.partitionKey))).toEqual(new Set(byDay.keys()))
    for (const file of files) {
      const day = new Date(Number(file.partitionKey) * 86_400_000).toISOString().slice(0, 10)
      expect(file.path.startsWith(`${root}/data/timestamp_day=${day}/`)).toBe(true)
      expect(file.path.endsWith('.parquet')).toBe(true)
      expect(file.recordCount).toBe(BigInt(byDay.get(file.partitionKey!)!.length))
      const [{ n }] = (await rowsOf(file.path, 'count(*) AS n')) as [{ n: bigint }]
      expect(n).toBe(file.recordCount)
      const all = await readdir(join(root, 'data', `timestamp_day=${day}`))
      expect(all).toHaveLength(1)
    }
  })

  it('sorts the rows of each file by (symbol, timestamp)', async () => {
    for (const file of files) {
      const rows = await rowsOf(file.path, 'symbol, epoch_us(timestamp) AS ts')
      const keys = rows.map((r) => [r['symbol'] as string, r['ts'] as bigint] as const)
      for (let i = 1; i < keys.length; i++) {
        const [s0, t0] = keys[i - 1]!
        const [s1, t1] = keys[i]!
        expect(s0 < s1 || (s0 === s1 && t0 <= t1)).toBe(true)
      }
    }
  })

  it('stores every column, nested ones included, with its Iceberg field id and type', async () => {
    const schema = await conn.runAndReadAll(
      `SELECT name, field_id, type, logical_type, converted_type, scale, precision
       FROM parquet_schema(${quoteString(files[0]!.path)})`,
    )
    const byName = new Map(schema.getRowObjects().map((r) => [r['name'] as string, r]))
    const expectedIds: Record<string, number> = {
      message_id: 1,
      trade_id: 2,
      symbol: 3,
      exchange: 4,
      asset_class: 5,
      timestamp: 6,
      price: 7,
      quantity: 8,
      currency: 9,
      side: 10,
      trade_conditions: 11,
      element: 16,
      source_sequence: 12,
      ingestion_timestamp: 13,
      platform_sequence: 14,
      vendor_data: 15,
      key: 17,
      value: 18,
    }
    for (const [name, id] of Object.entries(expectedIds)) {
      expect(byName.get(name)?.['field_id'], name).toBe(BigInt(id))
    }
    for (const name of ['timestamp', 'ingestion_timestamp']) {
      expect(byName.get(name)?.['type']).toBe('INT64')
      expect(String(byName.get(name)?.['logical_type'])).toMatch(
        /isAdjustedToUTC=1.*MICROS=MicroSeconds/,
      )
    }
    for (const name of ['price', 'quantity']) {
      expect(byName.get(name)).toMatchObject({
        type: 'INT64',
        converted_type: 'DECIMAL',
        precision: 18n,
        scale: 8n,
      })
    }
    expect(byName.get('source_sequence')?.['type']).toBe('INT64')
  })

  it('reads back every value exactly: decimals, µs timestamps, lists, maps, nulls', async () => {
    const written = new Map(trades.map((t) => [t.message_id, t]))
    const long = (v: number | null) => (v === null ? null : String(v))
    const actual: unknown[] = []
    const expected: unknown[] = []
    for (const file of files) {
      const rows = await conn.runAndReadAll(
        `SELECT message_id, trade_id, symbol, exchange, asset_class, side, currency,
           price::VARCHAR, quantity::VARCHAR, epoch_us(timestamp)::VARCHAR,
           epoch_us(ingestion_timestamp)::VARCHAR, source_sequence::VARCHAR,
           platform_sequence::VARCHAR, to_json(trade_conditions)::VARCHAR,
           to_json(map_entries(vendor_data))::VARCHAR
         FROM read_parquet(${quoteString(file.path)})`,
      )
      for (const row of rows.getRows()) {
        actual.push(row)
        const t = written.get(row[0] as string)!
        expected.push([
          t.message_id,
          t.trade_id,
          t.symbol,
          t.exchange,
          t.asset_class,
          t.side,
          t.currency,
          t.price.toFixed(8),
          t.quantity.toFixed(8),
          String(t.timestamp),
          String(t.ingestion_timestamp),
          long(t.source_sequence),
          long(t.platform_sequence),
          JSON.stringify(t.trade_conditions),
          t.vendor_data === null
            ? null
            : JSON.stringify(Object.entries(t.vendor_data).map(([key, value]) => ({ key, value }))),
        ])
      }
    }
    expect(actual).toHaveLength(trades.length)
    expect(actual).toEqual(expected)
  })

  it('returns bounds that decode to the true minimum and maximum', () => {
    for (const [key, rows] of byDay) {
      const file = fileFor(key)
      const scaled = (d: TradeV2['price']) => decimalToUnscaled(d, 8)
      expect(decode(file, 7, 'decimal(18,8)')).toEqual(minMax(rows.map((t) => scaled(t.price))))
      expect(decode(file, 8, 'decimal(18,8)')).toEqual(minMax(rows.map((t) => scaled(t.quantity))))
      expect(decode(file, 6, 'timestamptz')).toEqual(minMax(rows.map((t) => BigInt(t.timestamp))))
      expect(decode(file, 13, 'timestamptz')).toEqual(
        minMax(rows.map((t) => BigInt(t.ingestion_timestamp))),
      )
      expect(decode(file, 3, 'string')).toEqual(minMax(rows.map((t) => t.symbol)))
      expect(decode(file, 4, 'string')).toEqual(['BINANCE', 'BINANCE'])
      const seqs = rows.flatMap((t) =>
        t.source_sequence === null ? [] : [BigInt(t.source_sequence)],
      )
      expect(decode(file, 12, 'long')).toEqual(minMax(seqs))
      // Bounds only for top-level primitives: not for the list, the map or their leaves.
      for (const id of [11, 15, 16, 17, 18]) expect(file.lowerBounds.has(id)).toBe(false)
      expect(microsToEpochDay(Number(decode(file, 6, 'timestamptz')[0]))).toBe(Number(key))
    }
  })

  it('truncates string bounds to 16 code points, the upper one incremented', () => {
    for (const [key, rows] of byDay) {
      const file = fileFor(key)
      const [minId, maxId] = minMax(rows.map((t) => t.trade_id))
      expect(minId.length).toBeGreaterThan(16)
      const [lower, upper] = decode(file, 2, 'string') as [string, string]
      expect(lower).toBe(minId.slice(0, 16))
      expect(upper).toBe(maxId.slice(0, 15) + String.fromCharCode(maxId.charCodeAt(15) + 1))
      const [lowerUuid, upperUuid] = decode(file, 1, 'string') as [string, string]
      expect(lowerUuid).toHaveLength(16)
      expect(upperUuid).toHaveLength(16)
    }
  })

  it('counts values and nulls per leaf, list elements and map entries as Java does', () => {
    for (const [key, rows] of byDay) {
      const file = fileFor(key)
      const n = BigInt(rows.length)
      const count = (pred: (t: TradeV2) => boolean) => BigInt(rows.filter(pred).length)
      for (const id of [1, 2, 3, 6, 7, 12, 13, 14]) expect(file.valueCounts.get(id)).toBe(n)
      expect(file.nullValueCounts.get(1)).toBe(0n)
      expect(file.nullValueCounts.get(12)).toBe(count((t) => t.source_sequence === null))
      expect(file.nullValueCounts.get(14)).toBe(count((t) => t.platform_sequence === null))
      // Parquet levels: one value per element, plus one (null) for every empty or null list/map.
      const slots = (len: number | undefined) => BigInt(Math.max(1, len ?? 0))
      const elements = rows.reduce((s, t) => s + slots(t.trade_conditions.length), 0n)
      expect(file.valueCounts.get(16)).toBe(elements)
      expect(file.nullValueCounts.get(16)).toBe(count((t) => t.trade_conditions.length === 0))
      const entries = rows.reduce(
        (s, t) => s + slots(t.vendor_data === null ? 0 : Object.keys(t.vendor_data).length),
        0n,
      )
      expect(file.valueCounts.get(17)).toBe(entries)
      expect(file.valueCounts.get(18)).toBe(entries)
      expect(file.nullValueCounts.get(17)).toBe(count((t) => t.vendor_data === null))
      expect(file.nanValueCounts.size).toBe(0)
      expect([...file.valueCounts.keys()].sort((a, b) => a - b)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 16, 17, 18,
      ])
    }
  })

  it('reports column sizes, file size and row-group split offsets from the footer', async () => {
    for (const file of files) {
      const groups = await conn.runAndReadAll(
        `SELECT DISTINCT row_group_id FROM parquet_metadata(${quoteString(file.path)})`,
      )
      expect(file.splitOffsets).toHaveLength(groups.getRows().length)
      expect(file.splitOffsets.length).toBeGreaterThan(1)
      expect(file.splitOffsets[0]).toBe(4n) // right after the "PAR1" magic
      expect([...file.splitOffsets].sort((a, b) => (a < b ? -1 : 1))).toEqual(file.splitOffsets)
      const total = [...file.columnSizes.values()].reduce((a, b) => a + b, 0n)
      expect(total).toBeGreaterThan(0n)
      expect(total).toBeLessThan(file.fileSizeInBytes)
      for (const size of file.columnSizes.values()) expect(size).toBeGreaterThan(0n)
      const { size } = await import('node:fs/promises').then((fs) => fs.stat(file.path))
      expect(file.fileSizeInBytes).toBe(BigInt(size))
    }
  })

  it('covers every symbol on every day', () => {
    for (const rows of byDay.values()) {
      expect(new Set(rows.map((t) => t.symbol))).toEqual(new Set(SYMBOLS))
    }
  })
})
