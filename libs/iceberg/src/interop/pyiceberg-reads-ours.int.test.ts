import type { QuoteV2, TradeV2 } from '@k2/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { StructType } from '../spec/types.js'
import { appendRows, ensureTable, loadTable, type IcebergTable } from '../table/index.js'
import { QUOTES_V2_TABLE, TRADES_V2_TABLE } from '../tables/index.js'
import { canonicalRows, describeDiff, diffRows } from './canonical-rows.js'
import { edgeCaseTrades, generateQuotes, generateTrades } from './market-data-generator.js'
import { summarizeRows, type RowSummary } from './row-summary.js'
import {
  findPython,
  readWithDuckdbIceberg,
  readWithPyiceberg,
  requireTableOracle,
  type DuckdbRead,
  type OracleScanResult,
  type PyicebergRead,
} from './table-oracle.js'
import { openTestWarehouse, type TestWarehouse } from './test-warehouse.js'

/**
 * D4: "pyiceberg and DuckDB's iceberg extension must return exactly the rows we wrote, decimals and
 * timestamps included". We write trades_v2 (20,000 trades, 5 symbols, 3 days, edge values) in three
 * appends and quotes_v2 (1,000 quotes, some with zero bids); both independent readers must return
 * the same count, exact decimal sums, timestamp ranges and canonical rows (every column), the same
 * snapshots (63-bit ids compared as exact strings), time travel to the first append, and row-filter
 * counts. Not skipped when Python or the oracle packages are missing: a silent skip would hide a
 * format break (tools/oracles/requirements.txt).
 */

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT', 'XRPUSDT'] as const
const DAYS = ['2025-06-02', '2025-06-03', '2025-06-04'] as const
const TRADES = 'market_data.trades_v2'
const QUOTES = 'market_data.quotes_v2'
const TWO_POW_53 = 2n ** 53n
const schema = TRADES_V2_TABLE.schema

let python = ''
let wh: TestWarehouse
let batches: TradeV2[][]
let trades: TradeV2[]
let quotes: QuoteV2[]
let table: IcebergTable
let quotesTable: IcebergTable
let py: PyicebergRead
let duck: DuckdbRead
let pyQuotes: PyicebergRead
let duckQuotes: DuckdbRead

beforeAll(async () => {
  python = findPython()
  requireTableOracle(python)
  wh = await openTestWarehouse('interop-pyiceberg-reads')

  const edges = DAYS.map((day, i) => edgeCaseTrades(day, SYMBOLS[i]!, `EDGE${i}`))
  const random = generateTrades({
    seed: 20250602,
    count: 20_000 - edges.flat().length,
    symbols: SYMBOLS,
    days: DAYS,
    idPrefix: 'T',
  })
  // Three appends of 7,000 / 7,000 / 6,000 rows, each over all days and symbols.
  batches = [
    [...random.slice(0, 6_997), ...edges[0]!],
    [...random.slice(6_997, 13_994), ...edges[1]!],
    [...random.slice(13_994), ...edges[2]!],
  ]
  trades = batches.flat()
  await ensureTable(wh.ctx, TRADES_V2_TABLE, wh.dir)
  for (const batch of batches) await appendRows(wh.ctx, TRADES_V2_TABLE.identifier, batch)
  table = await loadTable(wh.ctx, TRADES_V2_TABLE.identifier)

  quotes = generateQuotes({ seed: 7, count: 1_000, symbols: SYMBOLS, days: DAYS, idPrefix: 'Q' })
  await ensureTable(wh.ctx, QUOTES_V2_TABLE, wh.dir)
  await appendRows(wh.ctx, QUOTES_V2_TABLE.identifier, quotes.slice(0, 400))
  await appendRows(wh.ctx, QUOTES_V2_TABLE.identifier, quotes.slice(400))
  quotesTable = await loadTable(wh.ctx, QUOTES_V2_TABLE.identifier)

  const first = String(table.metadata.snapshots[0]!['snapshot-id'])
  py = readWithPyiceberg(python, wh.dir, TRADES, [
    { rows: true },
    { snapshot_id: first, rows: true },
    ...SYMBOLS.map((s) => ({ row_filter: `symbol == '${s}'` })),
  ])
  duck = readWithDuckdbIceberg(python, table.metadataLocation, [
    { rows: true },
    { snapshot_id: first, rows: true },
  ])
  pyQuotes = readWithPyiceberg(python, wh.dir, QUOTES, [{ rows: true }])
  duckQuotes = readWithDuckdbIceberg(python, quotesTable.metadataLocation, [{ rows: true }])
  const counts = (r: { scans: OracleScanResult[] }) => r.scans.map((s) => s.count).join(', ')
  console.log(
    `trades_v2: pyiceberg counts [${counts(py)}], sums ${JSON.stringify(py.scans[0]!.sums)}, ` +
      `timestamp ${py.scans[0]!.min['timestamp']}..${py.scans[0]!.max['timestamp']}; ` +
      `DuckDB counts [${counts(duck)}], sums ${JSON.stringify(duck.scans[0]!.sums)}; ` +
      `quotes_v2: pyiceberg ${counts(pyQuotes)}, DuckDB ${counts(duckQuotes)}, ` +
      `bid sums ${pyQuotes.scans[0]!.sums['bid_price']} / ${duckQuotes.scans[0]!.sums['bid_price']}`,
  )
}, 600_000)

afterAll(async () => {
  await wh?.close()
})

function expectSameRows(
  rowSchema: StructType,
  expected: readonly object[],
  scan: OracleScanResult | undefined,
): void {
  expect(scan?.rows).toBeDefined()
  const diff = diffRows(canonicalRows(rowSchema, expected), scan!.rows!)
  expect(diff.missing.length + diff.extra.length, describeDiff(diff)).toBe(0)
}

function summaryOf(scan: OracleScanResult): RowSummary {
  return { count: scan.count, sums: { ...scan.sums }, min: { ...scan.min }, max: { ...scan.max } }
}

describe('pyiceberg and DuckDB read the trades we wrote', { timeout: 300_000 }, () => {
  it('pyiceberg returns exactly our rows: count, exact sums, timestamp range, every column', () => {
    const scan = py.scans[0]!
    expect(summaryOf(scan)).toEqual(summarizeRows(schema, trades))
    expect(scan.count).toBe(20_000)
    expectSameRows(schema, trades, scan)
    expect(py.metadata_location).toBe(table.metadataLocation)
  })

  it("DuckDB's iceberg_scan returns exactly our rows", () => {
    const scan = duck.scans[0]!
    expect(summaryOf(scan)).toEqual(summarizeRows(schema, trades))
    expectSameRows(schema, trades, scan)
  })

  it('keeps the edge values: decimal(18,8) limits, day boundaries, empty vs null maps', () => {
    const rows = py.scans[0]!.rows!
    const has = (fragment: string) => rows.some((r) => r.includes(fragment))
    expect(has('"0.00000001","0.00000001"')).toBe(true)
    expect(has('"9999999999.99999999","9999999999.99999999"')).toBe(true)
    expect(has(`"${Date.parse('2025-06-02T00:00:00Z') * 1000}"`)).toBe(true)
    expect(has(`"${Date.parse('2025-06-05T00:00:00Z') * 1000 - 1}"`)).toBe(true)
    expect(has(`"${Number.MAX_SAFE_INTEGER}"`)).toBe(true)
    expect(rows.filter((r) => r.endsWith(',[]]')).length).toBeGreaterThan(0)
    expect(rows.filter((r) => r.endsWith(',null]')).length).toBeGreaterThan(0)
  })

  it('lists the same snapshots: exact 63-bit ids, parents, sequence numbers, operations, totals', () => {
    const ours = table.metadata.snapshots.map((s) => ({
      snapshot_id: String(s['snapshot-id']),
      parent_snapshot_id:
        s['parent-snapshot-id'] === undefined ? null : String(s['parent-snapshot-id']),
      sequence_number: String(s['sequence-number']),
      operation: 'append',
      total_records: s.summary['total-records'],
    }))
    expect(ours.map((s) => s.total_records)).toEqual(['7000', '14000', '20000'])
    expect(
      py.snapshots.map((s) => ({
        snapshot_id: s.snapshot_id,
        parent_snapshot_id: s.parent_snapshot_id,
        sequence_number: s.sequence_number,
        operation: s.operation,
        total_records: s.summary['total-records'],
      })),
    ).toEqual(ours)
    expect(py.current_snapshot_id).toBe(String(table.metadata['current-snapshot-id']))
    expect(duck.snapshots).toEqual(
      ours.map(({ snapshot_id, sequence_number, operation }) => ({
        snapshot_id,
        sequence_number,
        operation,
      })),
    )
    // Random 63-bit ids: all three below 2^53 has odds of 2^-30; beyond 2^53 a double would round.
    expect(ours.some((s) => BigInt(s.snapshot_id) > TWO_POW_53)).toBe(true)
  })

  it('time travel to the first snapshot returns only the first append', () => {
    const first = batches[0]!
    expect(py.scans[1]!.count).toBe(first.length)
    expectSameRows(schema, first, py.scans[1])
    expect(duck.scans[1]!.count).toBe(first.length)
    expectSameRows(schema, first, duck.scans[1])
  })

  it("pyiceberg's row filter on symbol counts as ours", () => {
    const counts = py.scans.slice(2).map((s) => s.count)
    expect(counts).toEqual(SYMBOLS.map((sym) => trades.filter((t) => t.symbol === sym).length))
    expect(counts.reduce((a, b) => a + b, 0)).toBe(trades.length)
  })
})

describe('pyiceberg and DuckDB read the quotes we wrote', { timeout: 300_000 }, () => {
  it('both return exactly our 1,000 quotes, zero bids included', () => {
    const expected = summarizeRows(QUOTES_V2_TABLE.schema, quotes)
    expect(quotes.filter((q) => q.bid_price.isZero()).length).toBeGreaterThan(0)
    for (const scan of [pyQuotes.scans[0]!, duckQuotes.scans[0]!]) {
      expect(summaryOf(scan)).toEqual(expected)
      expectSameRows(QUOTES_V2_TABLE.schema, quotes, scan)
    }
    expect(pyQuotes.snapshots.map((s) => s.summary['total-records'])).toEqual(['400', '1000'])
  })
})
