import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

import { afterAll, describe, expect, it } from 'vitest'

import { createCatalog } from '../catalog/index.js'
import { createParquetRowsReader } from '../interop/parquet-rows-reader.js'
import { createLocalFileIO } from '../io/index.js'
import { createParquetWriter } from '../parquet/index.js'
import { planScan } from '../scan/index.js'
import { snapshotAncestry } from '../spec/table-metadata-lookups.js'
import { TRADES_V2_TABLE } from '../tables/index.js'
import { ensureTable } from './create-table.js'
import { loadTable } from './iceberg-table.js'
import type { AppendWorkerRequest, AppendWorkerResult } from './testing/append-worker.js'

const WORKERS = 4
const APPENDS = 50
const ROWS = 20
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const WORKER = fileURLToPath(new URL('./testing/append-worker.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'k2-concurrent-appends-'))

afterAll(() => rmSync(dir, { recursive: true, force: true }))

function run(request: AppendWorkerRequest): Promise<{ code: number | null; stderr: string }> {
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

describe('concurrent appends from separate processes (D4 commit conflicts)', () => {
  it(`${WORKERS} writers x ${APPENDS} appends: every row and every snapshot is there`, async () => {
    const catalog = await createCatalog({ warehouse: dir })
    const io = createLocalFileIO()
    const parquet = await createParquetWriter()
    const ctx = { catalog, io, parquet }
    await ensureTable(ctx, TRADES_V2_TABLE, dir)

    const goFile = join(dir, 'go')
    const requests = Array.from(
      { length: WORKERS },
      (_, w): AppendWorkerRequest => ({
        worker: `w${w}`,
        warehouse: dir,
        appends: APPENDS,
        rowsPerAppend: ROWS,
        readyFile: join(dir, `w${w}.ready`),
        goFile,
        resultFile: join(dir, `w${w}.json`),
      }),
    )
    const runs = requests.map(run)
    const deadline = Date.now() + 60_000
    while (!requests.every((r) => existsSync(r.readyFile)) && Date.now() < deadline) await sleep(20)
    writeFileSync(goFile, '')
    const outcomes = await Promise.all(runs)
    for (const o of outcomes) expect(o.stderr).toBe('')
    expect(outcomes.map((o) => o.code)).toEqual(requests.map(() => 0))
    const results = requests.map(
      (r) => JSON.parse(readFileSync(r.resultFile, 'utf8')) as AppendWorkerResult,
    )

    const table = await loadTable(ctx, TRADES_V2_TABLE.identifier)
    const md = table.metadata
    // Every append is a snapshot, and they form one chain from the current snapshot back.
    const chain = [...snapshotAncestry(md)]
    expect(md.snapshots).toHaveLength(WORKERS * APPENDS)
    expect(chain).toHaveLength(WORKERS * APPENDS)
    const committed = new Set(results.flatMap((r) => r.snapshotIds))
    expect(committed.size).toBe(WORKERS * APPENDS)
    expect(new Set(chain.map((s) => s['snapshot-id'].toString()))).toEqual(committed)
    expect(chain.map((s) => s['sequence-number'])).toEqual(
      Array.from({ length: WORKERS * APPENDS }, (_, i) => BigInt(WORKERS * APPENDS - i)),
    )
    expect(chain[0]?.summary['total-records']).toBe(String(WORKERS * APPENDS * ROWS))
    // Each worker's appends landed in its order.
    for (const r of results) {
      const appendNo = chain
        .filter((s) => s.summary['k2.test.worker'] === r.worker)
        .map((s) => Number(s.summary['k2.test.append']))
        .reverse()
      expect(appendNo).toEqual(Array.from({ length: APPENDS }, (_, i) => i))
    }

    // Every row is readable exactly once.
    const plan = await planScan(io, md)
    expect(plan.files).toHaveLength(WORKERS * APPENDS)
    const reader = await createParquetRowsReader()
    try {
      const paths = plan.files.map((f) => f.file_path)
      expect(await reader.count(paths)).toBe(WORKERS * APPENDS * ROWS)
      expect(await reader.count(paths, "trade_id LIKE 'w3-49-%'")).toBe(ROWS)
      const rows = await reader.read(paths, TRADES_V2_TABLE.schema)
      expect(new Set(rows).size).toBe(WORKERS * APPENDS * ROWS)
    } finally {
      reader.close()
      await parquet.close()
      await catalog.close()
    }
  }, 300_000)
})
