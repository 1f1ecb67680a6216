import { setTimeout as sleep } from 'node:timers/promises'

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import type { TradeV2 } from '@k2/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { canonicalRows, describeDiff, diffRows } from '../interop/canonical-rows.js'
import { edgeCaseTrades, generateTrades } from '../interop/market-data-generator.js'
import { createParquetRowsReader, type ParquetRowsReader } from '../interop/parquet-rows-reader.js'
import {
  appendWithPyiceberg,
  findPython,
  readWithDuckdbIceberg,
  readWithPyiceberg,
  requireTableOracle,
  toOracleRow,
  type OracleScanResult,
} from '../interop/table-oracle.js'
import { openTestWarehouse, type TestWarehouse } from '../interop/test-warehouse.js'
import { toLocalPath } from '../io/index.js'
import { createParquetWriter, type ParquetRewriter, type ParquetWriter } from '../parquet/index.js'
import { quoteString } from '../parquet/sql.js'
import { planScan } from '../scan/index.js'
import type { DataFile } from '../spec/data-file.js'
import type { Snapshot } from '../spec/snapshot.js'
import { currentSnapshot } from '../spec/table-metadata-lookups.js'
import { appendRows, ensureTable, loadTable, type IcebergTable } from '../table/index.js'
import { TRADES_V2_TABLE } from '../tables/index.js'
import { compactTable, type CompactionResult } from './compact-table.js'
import { expireSnapshots, type ExpireResult } from './expire-snapshots.js'
import { filesOnDisk, missingOnDisk, referencedFiles } from './testing/table-files.js'

/**
 * D4 maintenance on trades_v2: 40 small appends of ours and one of pyiceberg over two days, then
 * compaction must leave one sorted file per day holding exactly the same rows (a `replace`
 * snapshot, no data change) that pyiceberg and DuckDB's iceberg extension read, with time travel
 * to before the compaction intact; then expiry removes the old snapshots and exactly the files
 * only they referenced. Not skipped without the Python oracles (tools/oracles/requirements.txt).
 */

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'] as const
const DAYS = ['2025-06-01', '2025-06-02'] as const
const APPENDS = 40
const ROWS = 60
const TRADES = 'market_data.trades_v2'
const schema = TRADES_V2_TABLE.schema
const id = TRADES_V2_TABLE.identifier

let python = ''
let wh: TestWarehouse
/** The warehouse's context with a Parquet writer that can also rewrite. */
let ctx: TestWarehouse['ctx'] & { readonly parquet: ParquetRewriter }
let rewriter: ParquetWriter & ParquetRewriter
let reader: ParquetRowsReader
let db: DuckDBInstance
let conn: DuckDBConnection
let rows: TradeV2[]
let before: IcebergTable
let beforeFiles: readonly DataFile[]
let beforeRows: string[]
let result: CompactionResult
let after: IcebergTable
let replace: Snapshot

function expectRows(expected: readonly string[], actual: readonly string[] | undefined): void {
  expect(actual).toBeDefined()
  const diff = diffRows(expected, actual!)
  expect(diff.missing.length + diff.extra.length, describeDiff(diff)).toBe(0)
}

const pathsOf = (files: readonly DataFile[]) => files.map((f) => f.file_path)

async function readAll(files: readonly DataFile[]): Promise<string[]> {
  return reader.read(pathsOf(files), schema)
}

/** Rows of a data file that come before their predecessor in (symbol, timestamp) order. */
async function outOfOrder(location: string): Promise<bigint> {
  const result = await conn.runAndReadAll(
    `SELECT count(*) FROM (
       SELECT symbol, timestamp, lag(symbol) OVER w AS ps, lag(timestamp) OVER w AS pt
       FROM read_parquet(${quoteString(toLocalPath(location))}, file_row_number = true,
         hive_partitioning = false)
       WINDOW w AS (ORDER BY file_row_number))
     WHERE symbol < ps OR (symbol = ps AND timestamp < pt)`,
  )
  return result.getRows()[0]![0] as bigint
}

beforeAll(async () => {
  python = findPython()
  requireTableOracle(python, { append: true })
  wh = await openTestWarehouse('maintenance-compaction')
  rewriter = await createParquetWriter()
  ctx = { ...wh.ctx, parquet: rewriter }
  reader = await createParquetRowsReader()
  db = await DuckDBInstance.create(':memory:')
  conn = await db.connect()
  await ensureTable(wh.ctx, TRADES_V2_TABLE, wh.dir)
  rows = []
  for (let i = 0; i < APPENDS; i++) {
    const batch = [
      ...generateTrades({
        seed: 100 + i,
        count: ROWS,
        symbols: SYMBOLS,
        days: DAYS,
        idPrefix: `A${i}`,
      }),
      ...(i < DAYS.length ? edgeCaseTrades(DAYS[i]!, SYMBOLS[i]!, `EDGE${i}`) : []),
    ]
    await appendRows(wh.ctx, id, batch)
    rows.push(...batch)
  }
  // pyiceberg's files are compacted together with ours: read by column name, not by writer.
  const theirs = generateTrades({
    seed: 7,
    count: 50,
    symbols: SYMBOLS,
    days: DAYS,
    idPrefix: 'PY',
  })
  appendWithPyiceberg(python, wh.dir, TRADES, theirs.map(toOracleRow))
  rows.push(...theirs)

  before = await loadTable(wh.ctx, id)
  beforeFiles = (await planScan(wh.ctx.io, before.metadata)).files
  beforeRows = await readAll(beforeFiles)
  const started = performance.now()
  result = await compactTable(ctx, id)
  console.log(
    `compaction: ${result.filesRewritten} files -> ${result.filesAdded} in ` +
      `${Math.round(performance.now() - started)} ms, ${result.rows} rows, ` +
      `${result.bytesBefore} -> ${result.bytesAfter} bytes`,
  )
  after = await loadTable(wh.ctx, id)
  replace = currentSnapshot(after.metadata)!
}, 300_000)

afterAll(async () => {
  reader?.close()
  await rewriter?.close()
  conn?.closeSync()
  db?.closeSync()
  await wh?.close()
})

describe('compaction of small appends (D4)', { timeout: 300_000 }, () => {
  it('rewrites the small files of each day into one file', async () => {
    expect(beforeFiles.length).toBeGreaterThanOrEqual(APPENDS * DAYS.length + 1)
    expect(result).toMatchObject({
      status: 'compacted',
      snapshotId: replace['snapshot-id'],
      conflict: null,
      groups: 2,
      filesRewritten: beforeFiles.length,
      filesAdded: 2,
      rows: BigInt(rows.length),
    })
    expect([...result.partitions].sort()).toEqual(DAYS.map((d) => `timestamp_day=${d}`))
    expect(result.bytesBefore).toBe(beforeFiles.reduce((n, f) => n + f.file_size_in_bytes, 0n))
    expect(result.bytesAfter).toBeLessThan(result.bytesBefore)
    const files = (await planScan(wh.ctx.io, after.metadata)).files
    expect(files).toHaveLength(2)
    for (const f of files) {
      const day = DAYS.find((d) => f.file_path.includes(`/data/timestamp_day=${d}/`))
      expect(day, f.file_path).toBeDefined()
      expect(f.sort_order_id).toBe(after.metadata['default-sort-order-id'])
    }
    expect(await compactTable(ctx, id)).toMatchObject({ status: 'nothing-to-do', groups: 0 })
  })

  it('keeps exactly the same rows', async () => {
    const files = (await planScan(wh.ctx.io, after.metadata)).files
    const afterRows = await readAll(files)
    expect(afterRows).toHaveLength(rows.length)
    expectRows(canonicalRows(schema, rows), afterRows)
    expectRows(beforeRows, afterRows)
  })

  it('sorts the rows inside each new file by (symbol, timestamp)', async () => {
    const files = (await planScan(wh.ctx.io, after.metadata)).files
    for (const f of files) expect(await outOfOrder(f.file_path)).toBe(0n)
    // The small files were sorted each; the union of them was not.
    const sources = beforeFiles.map((f) => quoteString(toLocalPath(f.file_path))).join(', ')
    const unsorted = await conn.runAndReadAll(
      `SELECT count(*) FROM (
         SELECT symbol, lag(symbol) OVER (ORDER BY filename, file_row_number) AS ps
         FROM read_parquet([${sources}], filename = true, file_row_number = true,
           hive_partitioning = false))
       WHERE symbol < ps`,
    )
    expect(unsorted.getRows()[0]![0]).toBeGreaterThan(0n)
  })

  it('commits a replace snapshot with the right summary counters', () => {
    const parent = currentSnapshot(before.metadata)!
    expect(replace['parent-snapshot-id']).toBe(parent['snapshot-id'])
    expect(replace.summary).toMatchObject({
      operation: 'replace',
      'deleted-data-files': String(beforeFiles.length),
      'added-data-files': '2',
      'added-records': String(rows.length),
      'deleted-records': String(rows.length),
      'total-records': parent.summary['total-records'],
      'total-data-files': '2',
      'added-files-size': String(result.bytesAfter),
      'removed-files-size': String(result.bytesBefore),
    })
    expect(replace.summary['total-records']).toBe(String(rows.length))
  })

  it('is read exactly by pyiceberg and DuckDB, time travel to before it included', () => {
    const pre = String(currentSnapshot(before.metadata)!['snapshot-id'])
    const expected = canonicalRows(schema, rows)
    const py = readWithPyiceberg(python, wh.dir, TRADES, [
      { rows: true, files: true },
      { snapshot_id: pre, rows: true },
    ])
    expect(py.current_snapshot_id).toBe(String(replace['snapshot-id']))
    expect(py.snapshots.at(-1)?.operation).toBe('replace')
    const [now, then] = py.scans as [OracleScanResult, OracleScanResult]
    expect(now.files).toHaveLength(2)
    expectRows(expected, now.rows)
    expectRows(expected, then.rows)
    const duck = readWithDuckdbIceberg(python, after.metadataLocation, [
      { rows: true },
      { snapshot_id: pre, rows: true },
    ])
    expectRows(expected, duck.scans[0]!.rows)
    expectRows(expected, duck.scans[1]!.rows)
  })

  it('leaves the old files for time travel until expiry', async () => {
    expect(missingOnDisk(pathsOf(beforeFiles))).toEqual([])
    const pre = currentSnapshot(before.metadata)!['snapshot-id']
    const old = await planScan(wh.ctx.io, after.metadata, { snapshotId: pre })
    expect(pathsOf(old.files).sort()).toEqual(pathsOf(beforeFiles).sort())
    expectRows(beforeRows, await readAll(old.files))
  })
})

describe('snapshot expiry after compaction (D4)', { timeout: 300_000 }, () => {
  let expiry: ExpireResult
  let expired: IcebergTable

  beforeAll(async () => {
    await sleep(5) // every snapshot strictly older than "now"
    const started = performance.now()
    expiry = await expireSnapshots(wh.ctx, id, { olderThanMs: Date.now(), retainLast: 1 })
    console.log(
      `expiry: ${expiry.expiredSnapshotIds.length} snapshots, ${expiry.deletedDataFiles} data ` +
        `files, ${expiry.deletedManifests} manifests, ${expiry.deletedManifestLists} lists in ` +
        `${Math.round(performance.now() - started)} ms`,
    )
    expired = await loadTable(wh.ctx, id)
  })

  it('removes every snapshot but the current one', () => {
    expect(expiry.expiredSnapshotIds).toHaveLength(before.metadata.snapshots.length)
    expect(expired.metadata.snapshots.map((s) => s['snapshot-id'])).toEqual([
      replace['snapshot-id'],
    ])
    expect(expired.metadata['current-snapshot-id']).toBe(replace['snapshot-id'])
  })

  it('deletes the pre-compaction files and keeps every file the table lists', async () => {
    expect(expiry.deletedDataFiles).toBe(beforeFiles.length)
    expect(missingOnDisk(pathsOf(beforeFiles))).toHaveLength(beforeFiles.length)
    const refs = await referencedFiles(wh.ctx.io, expired.metadata)
    expect(missingOnDisk([...refs.lists, ...refs.manifests, ...refs.liveDataFiles])).toEqual([])
    const disk = await filesOnDisk(wh.ctx.io, expired.metadata)
    // Exactly the files the remaining snapshot reaches are left: no orphan, nothing missing.
    expect(disk.data.sort()).toEqual([...refs.currentDataFiles].sort())
    expect(disk.avro.sort()).toEqual([...refs.lists, ...refs.manifests].sort())
    const expiredLists = before.metadata.snapshots.map((s) => s['manifest-list'])
    expect(missingOnDisk(expiredLists)).toHaveLength(expiredLists.length)
    expect(expiry.deletedManifestLists).toBe(expiredLists.length)
  })

  it('still reads exactly: ours, pyiceberg and DuckDB', async () => {
    const expected = canonicalRows(schema, rows)
    expectRows(expected, await readAll((await planScan(wh.ctx.io, expired.metadata)).files))
    const py = readWithPyiceberg(python, wh.dir, TRADES, [{ rows: true }])
    expect(py.snapshots).toHaveLength(1)
    expectRows(expected, py.scans[0]!.rows)
    const duck = readWithDuckdbIceberg(python, expired.metadataLocation, [{ rows: true }])
    expectRows(expected, duck.scans[0]!.rows)
  })

  it('has nothing more to do, and commits nothing then', async () => {
    const again = await expireSnapshots(wh.ctx, id, { olderThanMs: Date.now() + 1 })
    expect(again.expiredSnapshotIds).toEqual([])
    expect((await loadTable(wh.ctx, id)).metadataLocation).toBe(expired.metadataLocation)
  })
})
