import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { canonicalRows, describeDiff, diffRows } from '../interop/canonical-rows.js'
import { createParquetRowsReader } from '../interop/parquet-rows-reader.js'
import { findPython, readWithPyiceberg, requireTableOracle } from '../interop/table-oracle.js'
import { openTestWarehouse, type TestWarehouse } from '../interop/test-warehouse.js'
import { createParquetWriter, type ParquetRewriter, type ParquetWriter } from '../parquet/index.js'
import { planScan } from '../scan/index.js'
import { currentSnapshot } from '../spec/table-metadata-lookups.js'
import { ensureTable, liveDataFiles, loadTable } from '../table/index.js'
import { TRADES_V2_TABLE } from '../tables/index.js'
import { compactTable, type CompactionResult } from './compact-table.js'
import { expireSnapshots, type ExpireResult } from './expire-snapshots.js'
import { filesOnDisk, missingOnDisk, referencedFiles } from './testing/table-files.js'
import {
  conflictCounter,
  writerBatch,
  type WriterRequest,
  type WriterResult,
} from './testing/writer-batches.js'

/**
 * D4: "compaction ... snapshot expiry ...; both safe while writers are committing". Two writer
 * processes append continuously (40 appends of 50 trades each over two days, random pauses)
 * while this process compacts and expires snapshots in two independent loops (~every 300 ms;
 * expiry keeps the last 2 snapshots and anything younger than 200 ms). Afterwards:
 * - every row of every append is in the table exactly once (count, distinct ids, canonical rows);
 * - compaction really replaced files, and writers retried their lost races and all succeeded;
 * - during the run, after each compaction, every data file of the current snapshot existed
 *   (only the compaction loop removes files from the current snapshot, so this check cannot race
 *   with a legitimate removal);
 * - after everything stopped and a final expiry keeping only the current snapshot, the files on
 *   disk are EXACTLY the files that snapshot references: data files = its live files, Avro
 *   metadata = its manifest list and manifests. Nothing is missing, and no file of a lost commit
 *   attempt, a failed compaction or an expired snapshot is left behind (commits clean up their
 *   own files when they lose; expiry deletes what only expired snapshots reached). Commits in
 *   flight would be the only legitimate exception, and by then there are none.
 */

const WRITERS = 2
const APPENDS = 40
const ROWS = 50
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] as const
const DAYS = ['2025-07-01', '2025-07-02'] as const
const PERIOD_MS = 300
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const WORKER = fileURLToPath(new URL('./testing/maintenance-writer.ts', import.meta.url))
const id = TRADES_V2_TABLE.identifier
const schema = TRADES_V2_TABLE.schema

let python = ''
let wh: TestWarehouse
let rewriter: ParquetWriter & ParquetRewriter

beforeAll(async () => {
  python = findPython()
  requireTableOracle(python)
  wh = await openTestWarehouse('maintenance-under-load')
  rewriter = await createParquetWriter()
})

afterAll(async () => {
  await rewriter?.close()
  await wh?.close()
})

function run(request: WriterRequest): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(request)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

const jitter = () => PERIOD_MS * (0.8 + 0.4 * Math.random())

describe('compaction and expiry while two processes append (D4)', () => {
  it(`${WRITERS} writers x ${APPENDS} appends: every row once, no file lost or left`, async () => {
    const conflicts = conflictCounter()
    const ctx = { ...wh.ctx, parquet: rewriter, logger: conflicts.logger }
    await ensureTable(ctx, TRADES_V2_TABLE, wh.dir)
    const goFile = join(wh.dir, 'go')
    const requests = Array.from(
      { length: WRITERS },
      (_, w): WriterRequest => ({
        worker: `w${w}`,
        warehouse: wh.dir,
        appends: APPENDS,
        rowsPerAppend: ROWS,
        symbols: SYMBOLS,
        days: DAYS,
        maxPauseMs: 40,
        readyFile: join(wh.dir, `w${w}.ready`),
        goFile,
        resultFile: join(wh.dir, `w${w}.json`),
      }),
    )
    const runs = requests.map(run)
    const deadline = Date.now() + 60_000
    while (!requests.every((r) => existsSync(r.readyFile)) && Date.now() < deadline) await sleep(20)
    writeFileSync(goFile, '')
    const started = performance.now()
    let writing = true
    const writers = Promise.all(runs).finally(() => (writing = false))

    const compactions: CompactionResult[] = []
    const expiries: ExpireResult[] = []
    const missingDuringRun: string[] = []
    const compactLoop = async () => {
      while (writing) {
        await sleep(jitter())
        compactions.push(await compactTable(ctx, id))
        missingDuringRun.push(...(await missingInCurrent()))
      }
    }
    const expireLoop = async () => {
      while (writing) {
        await sleep(jitter())
        expiries.push(
          await expireSnapshots(ctx, id, { olderThanMs: Date.now() - 200, retainLast: 2 }),
        )
      }
    }
    /** Data files of the current snapshot missing on disk (re-read if expiry raced the read). */
    const missingInCurrent = async (): Promise<string[]> => {
      for (let attempt = 0; ; attempt++) {
        const md = (await loadTable(ctx, id)).metadata
        try {
          const live = await liveDataFiles(ctx.io, currentSnapshot(md))
          return missingOnDisk(live.map((l) => l.file.file_path))
        } catch (err) {
          if (attempt > 5 || (err as { code?: string }).code !== 'ICEBERG_NOT_FOUND') throw err
        }
      }
    }
    const [outcomes] = await Promise.all([writers, compactLoop(), expireLoop()])
    const runMs = performance.now() - started

    for (const o of outcomes) expect(o.stderr).toBe('')
    expect(outcomes.map((o) => o.code)).toEqual(requests.map(() => 0))
    const results = requests.map(
      (r) => JSON.parse(readFileSync(r.resultFile, 'utf8')) as WriterResult,
    )
    expect(results.map((r) => r.snapshotIds.length)).toEqual(requests.map(() => APPENDS))
    expect(missingDuringRun).toEqual([])
    const compacted = compactions.filter((c) => c.status === 'compacted')
    const sum = (f: (c: CompactionResult) => number) => compacted.reduce((n, c) => n + f(c), 0)
    expect(compacted.length).toBeGreaterThanOrEqual(1)
    expect(compactions.filter((c) => c.status === 'conflict')).toEqual([])
    expect(expiries.some((e) => e.deletedDataFiles > 0)).toBe(true)

    // Final expiry: only the current snapshot remains.
    const last = await expireSnapshots(ctx, id, { olderThanMs: Date.now() + 1, retainLast: 1 })
    const table = await loadTable(ctx, id)
    const md = table.metadata
    expect(md.snapshots).toHaveLength(1)

    // Every row of every append exactly once.
    const expected = canonicalRows(
      schema,
      requests.flatMap((r) => Array.from({ length: APPENDS }, (_, i) => writerBatch(r, i)).flat()),
    )
    expect(currentSnapshot(md)!.summary['total-records']).toBe(String(WRITERS * APPENDS * ROWS))
    const files = (await planScan(ctx.io, md)).files
    const reader = await createParquetRowsReader()
    try {
      const paths = files.map((f) => f.file_path)
      expect(await reader.count(paths)).toBe(WRITERS * APPENDS * ROWS)
      const rows = await reader.read(paths, schema)
      const diff = diffRows(expected, rows)
      expect(diff.missing.length + diff.extra.length, describeDiff(diff)).toBe(0)
      const tradeIds = new Set(rows.map((r) => (JSON.parse(r) as string[])[1]))
      expect(tradeIds.size).toBe(WRITERS * APPENDS * ROWS)
    } finally {
      reader.close()
    }

    // Every data file ever written was deleted exactly once, unless it is live at the end.
    const written =
      sum((c) => c.filesAdded) +
      requests.reduce(
        (n, r) =>
          n +
          Array.from({ length: APPENDS }, (_, i) => {
            const days = writerBatch(r, i).map((t) => Math.floor(t.timestamp / 86_400_000_000))
            return new Set(days).size
          }).reduce((a, b) => a + b, 0),
        0,
      )
    const deleted = [...expiries, last].reduce((n, e) => n + e.deletedDataFiles, 0)
    expect(deleted + files.length).toBe(written)

    // Exactly the referenced files are on disk.
    const refs = await referencedFiles(ctx.io, md)
    const disk = await filesOnDisk(ctx.io, md)
    expect(missingOnDisk([...refs.lists, ...refs.manifests, ...refs.liveDataFiles])).toEqual([])
    expect(disk.data.sort()).toEqual([...refs.currentDataFiles].sort())
    expect(disk.avro.sort()).toEqual([...refs.lists, ...refs.manifests].sort())

    // An independent reader agrees.
    const py = readWithPyiceberg(python, wh.dir, 'market_data.trades_v2', [{ rows: true }])
    const pyDiff = diffRows(expected, py.scans[0]!.rows!)
    expect(pyDiff.missing.length + pyDiff.extra.length, describeDiff(pyDiff)).toBe(0)

    console.log(
      `${WRITERS}x${APPENDS} appends in ${Math.round(runMs)} ms; writer conflicts retried: ` +
        `${results.map((r) => r.conflicts).join(' + ')}, maintenance conflicts retried: ` +
        `${conflicts.count()}; compactions: ${compacted.length} of ${compactions.length} runs ` +
        `rewrote ${sum((c) => c.filesRewritten)} files into ${sum((c) => c.filesAdded)}; ` +
        `expiries: ${expiries.filter((e) => e.expiredSnapshotIds.length > 0).length} of ` +
        `${expiries.length} runs removed ` +
        `${expiries.reduce((n, e) => n + e.expiredSnapshotIds.length, 0)} snapshots and ` +
        `${expiries.reduce((n, e) => n + e.deletedDataFiles, 0)} data files; final expiry ` +
        `${last.expiredSnapshotIds.length} snapshots; ${files.length} live files at the end`,
    )
  }, 300_000)
})
