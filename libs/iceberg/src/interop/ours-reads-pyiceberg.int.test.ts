import type { TradeV2 } from '@k2/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { planScan } from '../scan/index.js'
import { appendRows, ensureTable, loadTable } from '../table/index.js'
import { TRADES_V2_TABLE } from '../tables/index.js'
import { canonicalRows, describeDiff, diffRows } from './canonical-rows.js'
import { edgeCaseTrades, generateTrades } from './market-data-generator.js'
import { createParquetRowsReader, type ParquetRowsReader } from './parquet-rows-reader.js'
import {
  appendWithPyiceberg,
  findPython,
  readWithDuckdbIceberg,
  readWithPyiceberg,
  requireTableOracle,
  toOracleRow,
  type PyicebergAppend,
} from './table-oracle.js'
import { openTestWarehouse, type TestWarehouse } from './test-warehouse.js'

/**
 * The other direction of D4's interop: pyiceberg appends an Arrow table (exactly the Arrow types
 * pyiceberg derives from our schema: decimal128(18,8), timestamp[us, UTC], large_list, map) to
 * our trades_v2 table after our first append. Our read path (loadTable + planScan + DuckDB
 * read_parquet over the planned files) must return both appends' rows exactly, see pyiceberg's
 * snapshot and files, and a further append of ours must land on pyiceberg's snapshot
 * (ours -> pyiceberg -> ours) with pyiceberg and DuckDB's iceberg extension reading all three.
 */

const SYMBOLS = ['ADAUSDT', 'BTCUSDT', 'ETHUSDT'] as const
const DAYS = ['2025-09-15', '2025-09-16'] as const
const TRADES = 'market_data.trades_v2'
const schema = TRADES_V2_TABLE.schema
const id = TRADES_V2_TABLE.identifier

let python = ''
let wh: TestWarehouse
let reader: ParquetRowsReader
let ours1: TradeV2[]
let theirs: TradeV2[]
let ours2: TradeV2[]
let pyAppend: PyicebergAppend

function expectRows(expected: readonly TradeV2[], actual: readonly string[]): void {
  const diff = diffRows(canonicalRows(schema, expected), actual)
  expect(diff.missing.length + diff.extra.length, describeDiff(diff)).toBe(0)
}

beforeAll(async () => {
  python = findPython()
  requireTableOracle(python, { append: true })
  wh = await openTestWarehouse('interop-ours-reads')
  reader = await createParquetRowsReader()
  const batch = (seed: number, count: number, idPrefix: string) =>
    generateTrades({ seed, count, symbols: SYMBOLS, days: DAYS, idPrefix })
  ours1 = batch(1, 1_500, 'OURS1')
  theirs = [
    ...batch(2, 1_200, 'PY'),
    ...edgeCaseTrades(DAYS[0], SYMBOLS[1], 'PYEDGE0'),
    ...edgeCaseTrades(DAYS[1], SYMBOLS[2], 'PYEDGE1'),
  ]
  ours2 = batch(3, 800, 'OURS2')
  await ensureTable(wh.ctx, TRADES_V2_TABLE, wh.dir)
  await appendRows(wh.ctx, id, ours1)
  pyAppend = appendWithPyiceberg(python, wh.dir, TRADES, theirs.map(toOracleRow))
  console.log(
    `pyiceberg appended snapshot ${pyAppend.snapshot_id} (parent ${pyAppend.parent_snapshot_id}): ` +
      pyAppend.added_files.map((f) => `${f.record_count} rows, day ${f.partition[0]}`).join('; '),
  )
}, 600_000)

afterAll(async () => {
  reader?.close()
  await wh?.close()
})

describe('our read path over a snapshot pyiceberg appended', { timeout: 300_000 }, () => {
  it("loads pyiceberg's metadata: its snapshot is current, child of ours, with its summary", async () => {
    const table = await loadTable(wh.ctx, id)
    expect(table.metadataLocation).toBe(pyAppend.metadata_location)
    const [first, second] = table.metadata.snapshots
    expect(table.metadata.snapshots).toHaveLength(2)
    expect(String(table.metadata['current-snapshot-id'])).toBe(pyAppend.snapshot_id)
    expect(String(second!['snapshot-id'])).toBe(pyAppend.snapshot_id)
    expect(String(second!['parent-snapshot-id'])).toBe(String(first!['snapshot-id']))
    expect(pyAppend.parent_snapshot_id).toBe(String(first!['snapshot-id']))
    expect(second!.summary['operation']).toBe('append')
    expect(second!.summary['added-records']).toBe(String(theirs.length))
    expect(second!.summary['total-records']).toBe(String(ours1.length + theirs.length))
  })

  it("plans pyiceberg's files for its snapshot, and all files for the current one", async () => {
    const table = await loadTable(wh.ctx, id)
    const theirsPaths = pyAppend.added_files.map((f) => f.path).sort()
    expect(theirsPaths).toHaveLength(DAYS.length)
    const current = await planScan(wh.ctx.io, table.metadata)
    const first = await planScan(wh.ctx.io, table.metadata, {
      snapshotId: table.metadata.snapshots[0]!['snapshot-id'],
    })
    const currentPaths = current.files.map((f) => f.file_path).sort()
    const firstPaths = first.files.map((f) => f.file_path)
    expect(currentPaths).toEqual([...firstPaths, ...theirsPaths].sort())
    expect(current.metrics).toEqual({
      manifests: 2,
      manifestsSkipped: 0,
      dataFiles: firstPaths.length + theirsPaths.length,
      dataFilesSkipped: 0,
    })
    // Their manifest entries as we read them: counts and the day partition.
    for (const added of pyAppend.added_files) {
      const file = current.files.find((f) => f.file_path === added.path)!
      expect(String(file.record_count)).toBe(added.record_count)
      expect([...file.partition.values()].map(String)).toEqual(added.partition)
    }
    // Bounds pyiceberg wrote prune as ours do: one day, one symbol.
    const day = Date.parse(`${DAYS[1]}T00:00:00Z`) * 1000
    const pruned = await planScan(wh.ctx.io, table.metadata, {
      filter: {
        in: { symbol: ['BTCUSDT'] },
        range: { timestamp: { min: day, max: day + 86_400_000_000 } },
      },
    })
    expect(pruned.files.map((f) => f.file_path).sort()).toEqual(
      currentPaths.filter((p) => p.includes(`timestamp_day=${DAYS[1]}`)),
    )
  })

  it('reads both appends exactly with DuckDB over the planned files', async () => {
    const table = await loadTable(wh.ctx, id)
    const plan = await planScan(wh.ctx.io, table.metadata)
    const rows = await reader.read(
      plan.files.map((f) => f.file_path),
      plan.schema,
    )
    expect(rows).toHaveLength(ours1.length + theirs.length)
    expectRows([...ours1, ...theirs], rows)
    const theirRows = await reader.read(
      pyAppend.added_files.map((f) => f.path),
      plan.schema,
    )
    expectRows(theirs, theirRows)
  })

  it('appends on top of pyiceberg (ours -> pyiceberg -> ours) and pyiceberg reads all three', async () => {
    const { snapshot } = await appendRows(wh.ctx, id, ours2)
    expect(String(snapshot['parent-snapshot-id'])).toBe(pyAppend.snapshot_id)
    const table = await loadTable(wh.ctx, id)
    const chain = table.metadata.snapshots.map((s) => [
      String(s['snapshot-id']),
      s['parent-snapshot-id'] === undefined ? null : String(s['parent-snapshot-id']),
    ])
    expect(chain).toHaveLength(3)
    expect(chain[1]).toEqual([pyAppend.snapshot_id, chain[0]![0]])
    expect(chain[2]).toEqual([String(snapshot['snapshot-id']), pyAppend.snapshot_id])
    expect(snapshot.summary['total-records']).toBe(
      String(ours1.length + theirs.length + ours2.length),
    )

    const all = [...ours1, ...theirs, ...ours2]
    const py = readWithPyiceberg(python, wh.dir, TRADES, [
      { rows: true },
      { snapshot_id: pyAppend.snapshot_id, rows: true },
    ])
    expect(py.snapshots.map((s) => [s.snapshot_id, s.parent_snapshot_id])).toEqual(chain)
    expect(py.scans[0]!.count).toBe(all.length)
    expectRows(all, py.scans[0]!.rows!)
    expectRows([...ours1, ...theirs], py.scans[1]!.rows!)

    const duck = readWithDuckdbIceberg(python, table.metadataLocation, [{ rows: true }])
    expect(duck.snapshots.map((s) => s.snapshot_id)).toEqual(chain.map((c) => c[0]))
    expectRows(all, duck.scans[0]!.rows!)

    const plan = await planScan(wh.ctx.io, table.metadata)
    expectRows(
      all,
      await reader.read(
        plan.files.map((f) => f.file_path),
        plan.schema,
      ),
    )
    console.log(
      `chain ${chain.map((c) => c[0]).join(' -> ')}; pyiceberg reads ${py.scans[0]!.count} rows, ` +
        `sums ${JSON.stringify(py.scans[0]!.sums)}`,
    )
  })
})
