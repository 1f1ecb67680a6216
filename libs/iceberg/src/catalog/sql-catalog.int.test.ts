import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { openSqlCatalog } from './sql-catalog.js'
import { parseTableIdentifier } from './table-identifier.js'
import type { CommitWorkerRequest, CommitWorkerResult } from './testing/commit-worker.protocol.js'

/**
 * Several OS processes committing to one table through one SQLite file: the compare-and-swap must
 * neither lose an update (two writers both "succeeding" from the same base) nor fork the history.
 * The catalog keeps only the last previous location, so every worker reports its successful
 * (from, to) pairs, and together they must form one unbroken chain from the initial location.
 */

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const WORKER = fileURLToPath(new URL('./testing/commit-worker.ts', import.meta.url))
const WORKERS = 4
const COMMITS = 50
const TABLE = 'market_data.trades_v2'

let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'k2-sql-catalog-mp-'))
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** Runs the worker in its own Node process; resolves with its exit code and stderr. */
function runWorker(request: CommitWorkerRequest): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(request)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolveRun({ code, stderr }))
  })
}

async function waitFor(paths: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!paths.every((p) => existsSync(p))) {
    if (Date.now() > deadline) throw new Error(`workers not ready after ${timeoutMs} ms`)
    await sleep(20)
  }
}

describe('SQL catalog shared by several processes', () => {
  it(`${WORKERS} processes x ${COMMITS} commits form one unbroken chain`, async () => {
    const dbPath = join(dir, 'catalog.db')
    const prefix = `file://${dir}/market_data/trades_v2/metadata`
    const initial = `${prefix}/00000-initial.metadata.json`
    const id = parseTableIdentifier(TABLE)
    const catalog = openSqlCatalog({ path: dbPath })
    await catalog.createNamespace(id.namespace)
    await catalog.createTable(id, initial)

    const goFile = join(dir, 'go')
    const requests = Array.from({ length: WORKERS }, (_, w): CommitWorkerRequest => {
      const worker = `w${w}`
      return {
        dbPath,
        table: TABLE,
        worker,
        commits: COMMITS,
        locationPrefix: prefix,
        readyFile: join(dir, `${worker}.ready`),
        goFile,
        resultFile: join(dir, `${worker}.json`),
      }
    })
    const runs = requests.map(runWorker)
    await waitFor(
      requests.map((r) => r.readyFile),
      60_000,
    )
    writeFileSync(goFile, '')
    const exits = await Promise.all(runs)
    exits.forEach((exit, w) =>
      expect(exit, `worker w${w}: ${exit.stderr}`).toEqual({ code: 0, stderr: '' }),
    )

    const results = requests.map(
      (r) => JSON.parse(readFileSync(r.resultFile, 'utf8')) as CommitWorkerResult,
    )
    for (const result of results) expect(result.commits).toHaveLength(COMMITS)
    const pairs = results.flatMap((r) => r.commits)
    expect(pairs).toHaveLength(WORKERS * COMMITS)

    // No fork: no base was replaced twice. No lost update: following the successors from the
    // initial location visits every commit, in one chain of 1 + 200 locations.
    const next = new Map<string, string>()
    for (const { from, to } of pairs) {
      expect(next.has(from), `two commits replaced ${from}`).toBe(false)
      next.set(from, to)
    }
    const chain = [initial]
    for (let at = next.get(initial); at !== undefined; at = next.get(at)) chain.push(at)
    expect(chain).toHaveLength(WORKERS * COMMITS + 1)
    expect(new Set(chain).size).toBe(chain.length)
    expect(new Set(pairs.map((p) => p.to))).toEqual(new Set(chain.slice(1)))

    // Each worker's own commits appear in its order along the chain.
    const position = new Map(chain.map((loc, i) => [loc, i]))
    for (const result of results) {
      const positions = result.commits.map((c) => position.get(c.to) ?? -1)
      expect(positions).toEqual([...positions].sort((a, b) => a - b))
    }

    expect(await catalog.loadTable(id)).toEqual({
      metadataLocation: chain.at(-1),
      previousMetadataLocation: chain.at(-2),
    })
    // The workers really contended: some compare-and-swaps lost and were retried.
    const conflicts = results.reduce((n, r) => n + (r.retries['ICEBERG_COMMIT_CONFLICT'] ?? 0), 0)
    expect(conflicts).toBeGreaterThan(0)
    await catalog.close()
  }, 120_000)
})
