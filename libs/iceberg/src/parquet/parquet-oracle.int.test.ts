import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { TradeV2 } from '@k2/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createParquetWriter } from './parquet-writer.js'
import { readWithPyarrow, type OracleFile } from './parquet-oracle.js'
import { BY_TIMESTAMP_DAY, makeTrades, TRADES_SCHEMA } from './trades-fixture.js'
import type { WrittenDataFile } from './written-data-file.js'

/**
 * Independent check with pyarrow (tools/oracles/parquet_oracle.py): the field ids and types a
 * Python Iceberg reader sees, the footer numbers our metrics must equal (pyiceberg computes its
 * own metrics from exactly these), and every value read back by a different Parquet reader.
 */
const trades = makeTrades(20_000)
let root: string
let files: WrittenDataFile[]
let oracle: OracleFile[]

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'k2-parquet-oracle-'))
  const writer = await createParquetWriter({ rowGroupSize: 2048 * 2 })
  try {
    files = await writer.write({
      rows: trades,
      schema: TRADES_SCHEMA,
      directory: root,
      sortOrder: ['symbol', 'timestamp'],
      partition: BY_TIMESTAMP_DAY,
    })
  } finally {
    await writer.close()
  }
  oracle = readWithPyarrow(
    files.map((f) => f.path),
    true,
  )
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const sumBy = <T>(items: readonly T[], key: (t: T) => [number, number | null]) => {
  const out = new Map<number, bigint>()
  for (const item of items) {
    const [id, value] = key(item)
    if (value !== null) out.set(id, (out.get(id) ?? 0n) + BigInt(value))
  }
  return out
}

describe('Parquet files read by pyarrow', () => {
  it('carry the Iceberg field id on every Arrow field, nested ones included', () => {
    for (const file of oracle) {
      expect(file.field_ids).toEqual({
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
        'trade_conditions.element': 16,
        source_sequence: 12,
        ingestion_timestamp: 13,
        platform_sequence: 14,
        vendor_data: 15,
        'vendor_data.key': 17,
        'vendor_data.value': 18,
      })
    }
  })

  it('have the types Iceberg requires: UTC µs timestamps, DECIMAL(18,8) on INT64', () => {
    const file = oracle[0]!
    expect(file.arrow_types).toMatchObject({
      timestamp: 'timestamp[us, tz=UTC]',
      ingestion_timestamp: 'timestamp[us, tz=UTC]',
      price: 'decimal128(18, 8)',
      quantity: 'decimal128(18, 8)',
      source_sequence: 'int64',
      trade_conditions: 'list<element: string not null>',
    })
    const price = file.columns.find((c) => c.path === 'price')!
    expect(price).toMatchObject({
      physical_type: 'INT64',
      logical_type: 'Decimal(precision=18, scale=8)',
    })
    const ts = file.columns.find((c) => c.path === 'timestamp')!
    expect(ts.physical_type).toBe('INT64')
    expect(ts.logical_type).toMatch(/isAdjustedToUTC=true, timeUnit=microseconds/)
  })

  it('match our metrics: rows, value/null counts, column sizes, split offsets', () => {
    for (const [i, file] of files.entries()) {
      const seen = oracle[i]!
      expect(BigInt(seen.num_rows)).toBe(file.recordCount)
      const idOf = new Map(seen.columns.map((c) => [c.path, c.field_id!]))
      const chunks = seen.row_groups.flatMap((g) => g.columns)
      expect(file.valueCounts).toEqual(sumBy(chunks, (c) => [idOf.get(c.path)!, c.num_values]))
      expect(file.nullValueCounts).toEqual(sumBy(chunks, (c) => [idOf.get(c.path)!, c.null_count]))
      expect(file.columnSizes).toEqual(
        sumBy(chunks, (c) => [idOf.get(c.path)!, c.total_compressed_size]),
      )
      // As pyiceberg and Java: the first column chunk's dictionary page, else its data page.
      const starts = seen.row_groups.map((g) => {
        const first = g.columns[0]!
        const dict = first.dictionary_page_offset
        return BigInt(
          dict !== null && dict < first.data_page_offset ? dict : first.data_page_offset,
        )
      })
      expect(file.splitOffsets).toEqual(starts)
      expect(seen.num_row_groups).toBeGreaterThan(1)
    }
  })

  it('return every row exactly as written', () => {
    const expected = new Map(trades.map((t) => [t.message_id, t]))
    let count = 0
    for (const file of oracle) {
      const rows = file.rows!
      const ids = rows['message_id'] as string[]
      const actual = ids.map((_, r) =>
        Object.fromEntries(Object.keys(rows).map((k) => [k, rows[k]![r]])),
      )
      const wanted = ids.map((id) => asOracleRow(expected.get(id)!))
      expect(actual).toEqual(wanted)
      count += ids.length
    }
    expect(count).toBe(trades.length)
  })
})

/** A trade as the oracle prints it: exact decimal text at scale 8, µs and longs as strings. */
function asOracleRow(t: TradeV2): Record<string, unknown> {
  const long = (v: number | null) => (v === null ? null : String(v))
  return {
    message_id: t.message_id,
    trade_id: t.trade_id,
    symbol: t.symbol,
    exchange: t.exchange,
    asset_class: t.asset_class,
    timestamp: String(t.timestamp),
    price: t.price.toFixed(8),
    quantity: t.quantity.toFixed(8),
    currency: t.currency,
    side: t.side,
    trade_conditions: [...t.trade_conditions],
    source_sequence: long(t.source_sequence),
    ingestion_timestamp: String(t.ingestion_timestamp),
    platform_sequence: long(t.platform_sequence),
    vendor_data: t.vendor_data === null ? null : Object.entries(t.vendor_data),
  }
}
