import { setTimeout as sleep } from 'node:timers/promises'

import type { TradeV2 } from '@k2/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { IcebergError } from '../errors.js'
import { planScan, type ScanFilter } from '../scan/index.js'
import type { DataFile } from '../spec/data-file.js'
import type { Snapshot } from '../spec/snapshot.js'
import { appendRows, ensureTable, loadTable, type IcebergTable } from '../table/index.js'
import { TRADES_V2_TABLE } from '../tables/index.js'
import { canonicalRows, compareCodePoints, describeDiff, diffRows } from './canonical-rows.js'
import { dayStartMicros, DAY_MICROS, generateTrades, HOUR_MICROS } from './market-data-generator.js'
import { createParquetRowsReader, type ParquetRowsReader } from './parquet-rows-reader.js'
import { findPython, readWithPyiceberg, requireTableOracle } from './table-oracle.js'
import { openTestWarehouse, type TestWarehouse } from './test-warehouse.js'

/**
 * D4's read path: "a test shows the number of files read for a one-symbol, one-hour query".
 *
 * Data: 10 symbols x 3 days in 12 appends (each append writes one file per day it touches, rows
 * sorted by symbol then time inside):
 * - appends 0..8 each cover all three days, one of three contiguous symbol groups (in byte order,
 *   so a file's symbol bounds exclude the other groups) and one 8-hour window of every day
 *   (append a: group a % 3, hours 8 * floor(a / 3) .. +8), as a backfill by symbol range would;
 * - appends 9..11 each cover one whole day and all symbols, one day each, so manifests of other
 *   days are skipped from the manifest list's partition summaries alone.
 * That is 30 files in 12 manifests. The one-symbol, one-hour query reads 2 of them.
 *
 * For every filter, the expected files are derived from the rows themselves (a file must be read
 * iff its partition day, symbol range and time range overlap the filter: our bounds are exact for
 * these short strings), and reading the planned files with DuckDB must give exactly the rows that
 * reading every file with the same filter gives (no false negatives).
 */

const SYMBOLS = [
  'ADAUSDT',
  'AVAXUSDT',
  'BNBUSDT',
  'BTCUSDT',
  'DOGEUSDT',
  'DOTUSDT',
  'ETHUSDT',
  'LINKUSDT',
  'SOLUSDT',
  'XRPUSDT',
] as const
const GROUPS = [SYMBOLS.slice(0, 4), SYMBOLS.slice(4, 7), SYMBOLS.slice(7)] as const
const DAYS = ['2025-03-10', '2025-03-11', '2025-03-12'] as const
const id = TRADES_V2_TABLE.identifier
const schema = TRADES_V2_TABLE.schema

/** A written file with what the test knows of its rows. */
interface FileFacts {
  readonly append: number
  readonly file: DataFile
  readonly day: string
  readonly rows: TradeV2[]
}

let python = ''
let wh: TestWarehouse
let reader: ParquetRowsReader
let table: IcebergTable
const appended: Array<{ snapshot: Snapshot; rows: TradeV2[]; files: DataFile[] }> = []
const facts: FileFacts[] = []

beforeAll(async () => {
  python = findPython()
  requireTableOracle(python)
  wh = await openTestWarehouse('interop-scan-pruning')
  reader = await createParquetRowsReader()
  expect([...SYMBOLS].sort(compareCodePoints)).toEqual(SYMBOLS)
  await ensureTable(wh.ctx, TRADES_V2_TABLE, wh.dir)
  for (let a = 0; a < 12; a++) {
    const rows =
      a < 9
        ? generateTrades({
            seed: 100 + a,
            count: 900,
            symbols: GROUPS[a % 3]!,
            days: DAYS,
            hours: [8 * Math.floor(a / 3), 8 * Math.floor(a / 3) + 8],
            idPrefix: `A${a}`,
          })
        : generateTrades({
            seed: 100 + a,
            count: 1_000,
            symbols: SYMBOLS,
            days: [DAYS[a - 9]!],
            idPrefix: `A${a}`,
          })
    const { snapshot, files } = await appendRows(wh.ctx, id, rows)
    appended.push({ snapshot, rows, files })
    for (const file of files) {
      const day = new Date(Number(file.partition.get(1000)) * 86_400_000).toISOString().slice(0, 10)
      const inFile = rows.filter((r) => new Date(r.timestamp / 1000).toISOString().startsWith(day))
      expect(String(file.record_count)).toBe(String(inFile.length))
      facts.push({ append: a, file, day, rows: inFile })
    }
    // Distinct commit times, so that `asOfMs` of a snapshot names that snapshot alone.
    await sleep(5)
  }
  table = await loadTable(wh.ctx, id)
}, 600_000)

afterAll(async () => {
  reader?.close()
  await wh?.close()
})

/** The row predicate a filter stands for (what the query engine applies after pruning). */
function rowMatches(row: TradeV2, filter: ScanFilter): boolean {
  const symbols = filter.in?.['symbol']
  if (symbols && !symbols.includes(row.symbol)) return false
  const ts = filter.range?.['timestamp']
  if (ts?.min !== undefined && row.timestamp < Number(ts.min)) return false
  if (ts?.max !== undefined && row.timestamp >= Number(ts.max)) return false
  return true
}

/** The same predicate as DuckDB SQL. */
function sqlOf(filter: ScanFilter): string {
  const parts: string[] = []
  const symbols = filter.in?.['symbol']
  if (symbols) parts.push(`symbol IN (${symbols.map((s) => `'${String(s)}'`).join(', ')})`)
  const ts = filter.range?.['timestamp']
  if (ts?.min !== undefined) parts.push(`epoch_us("timestamp") >= ${String(ts.min)}`)
  if (ts?.max !== undefined) parts.push(`epoch_us("timestamp") < ${String(ts.max)}`)
  return parts.join(' AND ') || 'true'
}

/** Files whose real rows overlap the filter's symbols and time range (by min/max, as bounds do). */
function filesThatMayMatch(filter: ScanFilter, live: readonly FileFacts[] = facts): string[] {
  const symbols = filter.in?.['symbol']?.map(String)
  const ts = filter.range?.['timestamp']
  return live
    .filter(({ rows }) => {
      const syms = rows.map((r) => r.symbol).sort(compareCodePoints)
      const times = rows.map((r) => r.timestamp)
      const [lo, hi] = [syms[0]!, syms[syms.length - 1]!]
      if (
        symbols &&
        !symbols.some((s) => compareCodePoints(s, lo) >= 0 && compareCodePoints(s, hi) <= 0)
      )
        return false
      if (ts?.min !== undefined && Math.max(...times) < Number(ts.min)) return false
      if (ts?.max !== undefined && Math.min(...times) >= Number(ts.max)) return false
      return true
    })
    .map((f) => f.file.file_path)
    .sort()
}

async function expectNoFalseNegatives(files: readonly DataFile[], filter: ScanFilter) {
  const where = sqlOf(filter)
  const fromPlanned = await reader.read(
    files.map((f) => f.file_path),
    schema,
    where,
  )
  const fromAll = await reader.read(
    facts.map((f) => f.file.file_path),
    schema,
    where,
  )
  const expected = canonicalRows(
    schema,
    facts.flatMap((f) => f.rows).filter((r) => rowMatches(r, filter)),
  )
  const d1 = diffRows(fromAll, fromPlanned)
  expect(d1.missing.length + d1.extra.length, describeDiff(d1)).toBe(0)
  const d2 = diffRows(expected, fromAll)
  expect(d2.missing.length + d2.extra.length, describeDiff(d2)).toBe(0)
  return fromPlanned.length
}

const paths = (files: readonly DataFile[]) => files.map((f) => f.file_path).sort()

describe('scan planning prunes by partition and column bounds (D4)', { timeout: 300_000 }, () => {
  it('lays out 30 files in 12 manifests', async () => {
    const plan = await planScan(wh.ctx.io, table.metadata)
    expect(plan.metrics).toEqual({
      manifests: 12,
      manifestsSkipped: 0,
      dataFiles: 30,
      dataFilesSkipped: 0,
    })
    expect(paths(plan.files)).toEqual(paths(facts.map((f) => f.file)))
  })

  it('reads 2 of 30 files for one symbol and one hour', async () => {
    const start = dayStartMicros(DAYS[1]) + 10 * HOUR_MICROS
    const filter: ScanFilter = {
      in: { symbol: ['DOTUSDT'] },
      range: { timestamp: { min: start, max: start + HOUR_MICROS } },
    }
    const plan = await planScan(wh.ctx.io, table.metadata, { filter })
    console.log(
      `one symbol (DOTUSDT), one hour (${DAYS[1]} 10:00-11:00 UTC): reads ${plan.files.length} ` +
        `files, metrics ${JSON.stringify(plan.metrics)}`,
    )
    // Manifests of appends 9 and 11 hold only other days; 28 files are looked at, 26 skipped.
    expect(plan.metrics).toEqual({
      manifests: 12,
      manifestsSkipped: 2,
      dataFiles: 28,
      dataFilesSkipped: 26,
    })
    expect(paths(plan.files)).toEqual(filesThatMayMatch(filter))
    // Append 4 (group DOGE..ETH, hours 8-16) and append 10 (the whole day, every symbol).
    const planned = facts.filter((f) => paths(plan.files).includes(f.file.file_path))
    expect(planned.map((f) => [f.append, f.day])).toEqual([
      [4, DAYS[1]],
      [10, DAYS[1]],
    ])
    for (const file of plan.files) expect(file.file_path).toContain(`timestamp_day=${DAYS[1]}/`)
    const rows = await expectNoFalseNegatives(plan.files, filter)
    expect(rows).toBeGreaterThan(0)
  })

  it('prunes an IN filter on several symbols over two days', async () => {
    const filter: ScanFilter = {
      in: { symbol: ['AVAXUSDT', 'SOLUSDT'] },
      range: {
        timestamp: { min: dayStartMicros(DAYS[1]), max: dayStartMicros(DAYS[2]) + DAY_MICROS },
      },
    }
    const plan = await planScan(wh.ctx.io, table.metadata, { filter })
    // Groups 0 and 2 (6 appends x 2 days) and the whole-day appends of those days.
    expect(paths(plan.files)).toEqual(filesThatMayMatch(filter))
    expect(plan.files).toHaveLength(14)
    expect(plan.metrics).toMatchObject({ manifestsSkipped: 1, dataFiles: 29, dataFilesSkipped: 15 })
    await expectNoFalseNegatives(plan.files, filter)
  })

  it('plans no file for a filter that matches nothing', async () => {
    const noSymbol = await planScan(wh.ctx.io, table.metadata, {
      filter: { in: { symbol: ['ZRXUSDT', 'AAVEUSDT'] } },
    })
    expect(noSymbol.files).toHaveLength(0)
    expect(noSymbol.metrics).toMatchObject({ dataFiles: 30, dataFilesSkipped: 30 })
    await expectNoFalseNegatives(noSymbol.files, { in: { symbol: ['ZRXUSDT', 'AAVEUSDT'] } })

    const start = dayStartMicros('2024-12-31')
    const noTime = await planScan(wh.ctx.io, table.metadata, {
      filter: { range: { timestamp: { min: start, max: start + DAY_MICROS } } },
    })
    expect(noTime.files).toHaveLength(0)
    expect(noTime.metrics).toEqual({
      manifests: 12,
      manifestsSkipped: 12,
      dataFiles: 0,
      dataFilesSkipped: 0,
    })
  })

  it("agrees with pyiceberg's planner on the files to read", () => {
    const start = dayStartMicros(DAYS[1]) + 10 * HOUR_MICROS
    const iso = (micros: number) => new Date(micros / 1000).toISOString().replace('Z', '+00:00')
    const py = readWithPyiceberg(python, wh.dir, 'market_data.trades_v2', [
      {
        row_filter: `symbol == 'DOTUSDT' and timestamp >= '${iso(start)}' and timestamp < '${iso(start + HOUR_MICROS)}'`,
        files: true,
      },
      { row_filter: `symbol in ('AVAXUSDT', 'SOLUSDT')`, files: true },
    ])
    expect(py.scans[0]!.files).toEqual(
      filesThatMayMatch({
        in: { symbol: ['DOTUSDT'] },
        range: { timestamp: { min: start, max: start + HOUR_MICROS } },
      }),
    )
    expect(py.scans[1]!.files).toEqual(
      filesThatMayMatch({ in: { symbol: ['AVAXUSDT', 'SOLUSDT'] } }),
    )
  })
})

describe('time travel in scan planning', { timeout: 300_000 }, () => {
  it('plans the files of an older snapshot, by id and as of its commit time', async () => {
    const k = 4
    const snapshot = appended[k]!.snapshot
    const expected = paths(appended.slice(0, k + 1).flatMap((a) => a.files))
    expect(expected).toHaveLength(15)
    const byId = await planScan(wh.ctx.io, table.metadata, { snapshotId: snapshot['snapshot-id'] })
    expect(byId.snapshot?.['snapshot-id']).toBe(snapshot['snapshot-id'])
    expect(paths(byId.files)).toEqual(expected)
    expect(byId.metrics).toMatchObject({ manifests: k + 1, dataFiles: 15 })

    expect(appended[k + 1]!.snapshot['timestamp-ms']).toBeGreaterThan(snapshot['timestamp-ms'])
    const asOf = await planScan(wh.ctx.io, table.metadata, { asOfMs: snapshot['timestamp-ms'] })
    expect(asOf.snapshot?.['snapshot-id']).toBe(snapshot['snapshot-id'])
    expect(paths(asOf.files)).toEqual(expected)
    const justBefore = await planScan(wh.ctx.io, table.metadata, {
      asOfMs: appended[k + 1]!.snapshot['timestamp-ms'] - 1,
    })
    expect(justBefore.snapshot?.['snapshot-id']).toBe(snapshot['snapshot-id'])

    // Time travel and pruning together: the old snapshot's files for the one-symbol query.
    const filter: ScanFilter = { in: { symbol: ['DOTUSDT'] } }
    const old = await planScan(wh.ctx.io, table.metadata, {
      snapshotId: snapshot['snapshot-id'],
      filter,
    })
    expect(paths(old.files)).toEqual(
      filesThatMayMatch(
        filter,
        facts.filter((f) => f.append <= k),
      ),
    )
  })

  it('refuses an unknown snapshot id and a time before the first snapshot (ICEBERG_NOT_FOUND)', async () => {
    const notFound = (p: Promise<unknown>) =>
      expect(p).rejects.toSatisfy(
        (err: unknown) => err instanceof IcebergError && err.code === 'ICEBERG_NOT_FOUND',
      )
    await notFound(planScan(wh.ctx.io, table.metadata, { snapshotId: 1234567890123456789n }))
    await notFound(
      planScan(wh.ctx.io, table.metadata, {
        asOfMs: appended[0]!.snapshot['timestamp-ms'] - 1,
      }),
    )
  })
})
