/**
 * The query latency benchmark (`npm run bench:query-latency -- --help`, issue 6 item 7): four
 * queries (point, 1-minute bars of a symbol-day, daily summary, multi-symbol range) through K2's
 * HTTP API over `market_data.trades_v2`, and the same SQL by DuckDB directly on one Parquet file
 * of the same rows sorted by (symbol, timestamp), the lower bound. The data (10,000,000 generated
 * trades by default, 20 symbols, 30 UTC days, one append per day; the table's files and the
 * sorted file with the same rows per row group) is built once and cached under
 * `reports/bench/query-warehouse-<trades>-<seed>-rg<rows>`. Table on stdout (`--json`: the JSON),
 * progress on stderr, JSON to `reports/bench/query-latency.json`. See tools/bench/README.md.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'

import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api'
import { createApiApp, startApiServer } from '@k2/api'
import { loadConfig } from '@k2/config'
import { createCatalog, createLocalFileIO, quoteString } from '@k2/iceberg'
import { createQueryEngine, type QueryEngine } from '@k2/query'

import { REPO_ROOT } from './bench-oracle.js'
import { machineInfo } from './machine-info.js'
import {
  QUERY_CASES,
  queryInstances,
  type QueryCase,
  type QueryDataShape,
  type QueryInstance,
} from './query-cases.js'
import {
  parseQueryLatencyArgs,
  QUERY_LATENCY_DAYS,
  QUERY_LATENCY_USAGE,
  queryLatencyCommand,
  type QueryLatencyOptions,
} from './query-latency-args.js'
import {
  formatQueryLatency,
  queryCaseResult,
  type QueryCaseResult,
  type QueryLatencyResult,
} from './query-latency-results.js'
import { prepareQueryWarehouse, queryWarehouseDirName } from './query-warehouse.js'

const DEFAULT_OUT = join(REPO_ROOT, 'reports', 'bench', 'query-latency.json')

const progress = (text: string) => process.stderr.write(`${text}\n`)

async function main(argv: readonly string[]): Promise<number> {
  let options: QueryLatencyOptions
  try {
    options = parseQueryLatencyArgs(argv)
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${QUERY_LATENCY_USAGE}`)
    return 2
  }
  if (options.help) {
    console.log(QUERY_LATENCY_USAGE)
    return 0
  }
  const result = await benchmark(options)
  const out = resolve(options.out ?? DEFAULT_OUT)
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`)
  console.log(options.json ? JSON.stringify(result, null, 2) : formatQueryLatency(result))
  progress(`results: ${out}`)
  return 0
}

async function benchmark(options: QueryLatencyOptions): Promise<QueryLatencyResult> {
  const startedAt = new Date().toISOString()
  const dir = join(REPO_ROOT, 'reports', 'bench', queryWarehouseDirName(options))
  progress(`data: ${dir}`)
  const data = await prepareQueryWarehouse({
    dir,
    trades: options.trades,
    seed: options.seed,
    days: QUERY_LATENCY_DAYS,
    rowGroupSize: options.rowGroupSize,
    rebuild: options.rebuild,
    progress,
  })
  const m = data.manifest
  progress(
    data.reused
      ? `data: reusing the cached warehouse and sorted file (built ${m.builtAt})`
      : `data: built in ${(m.appendSeconds + m.sortedFileSeconds).toFixed(0)} s ` +
          `(appends ${m.appendSeconds.toFixed(0)} s, sorted file ${m.sortedFileSeconds.toFixed(0)} s)`,
  )
  // Taken after the build: the build's own load should not count as "other jobs".
  const machine = machineInfo()
  if (machine.loadAverageBefore > 0.5) {
    progress(`warning: load average ${machine.loadAverageBefore.toFixed(2)}: the machine is busy`)
  }

  const catalog = await createCatalog({ warehouse: data.warehouse })
  const engine = await createQueryEngine({ catalog, io: createLocalFileIO() })
  const key = loadConfig({}).api.keys[0] as string
  const app = createApiApp({
    engine,
    // The default 100 requests/minute would answer 429 after the first hundred requests.
    config: { keys: [key], rateLimitPerMinute: 1_000_000 },
    health: async () => ({ status: 'healthy', dependencies: [] }),
    metrics: async () => '',
  })
  const server = await startApiServer(app, { port: 0, host: '127.0.0.1' })
  const duck = await DuckDBInstance.create(':memory:')
  const conn = await duck.connect()
  try {
    await conn.run("SET TimeZone = 'UTC'")
    const shape: QueryDataShape = { symbols: m.symbols, startMicros: m.startMicros, days: m.days }
    const api = { base: `http://127.0.0.1:${server.port}`, key }
    const relation = `read_parquet(${quoteString(data.sortedFile)})`
    const cases: QueryCaseResult[] = []
    for (const c of QUERY_CASES) {
      const instances = queryInstances(
        c.name,
        shape,
        options.warmup + options.iterations,
        options.seed,
      )
      cases.push(await runCase(c, instances, options.warmup, api, conn, relation, engine))
      const last = cases[cases.length - 1]!
      progress(
        `${c.title}: API p50 ${last.api.p50Ms.toFixed(1)} ms, file p50 ${last.bound.p50Ms.toFixed(1)} ms`,
      )
    }
    return {
      benchmark: 'query-latency',
      command: queryLatencyCommand(options),
      startedAt,
      machine,
      loadAverageAfter: loadavg()[0] ?? 0,
      data: { ...m, dir, reused: data.reused },
      iterations: options.iterations,
      warmup: options.warmup,
      cases,
    }
  } finally {
    conn.closeSync()
    duck.closeSync()
    await server.close()
    await engine.close()
    await catalog.close()
  }
}

/**
 * Runs every instance on both sides, alternating which side goes first, and checks that both
 * return the same number of rows (trades or bars) or trades (summary); the first `warmup` runs
 * are not timed.
 */
async function runCase(
  c: QueryCase,
  instances: readonly QueryInstance[],
  warmup: number,
  api: { readonly base: string; readonly key: string },
  conn: DuckDBConnection,
  relation: string,
  engine: QueryEngine,
): Promise<QueryCaseResult> {
  const prepared = await conn.prepare(c.sql(relation))
  const apiMs: number[] = []
  const boundMs: number[] = []
  const apiCpuMs: number[] = []
  const boundCpuMs: number[] = []
  const sizes: number[] = []
  try {
    for (const [i, instance] of instances.entries()) {
      const viaApi = async () => {
        const started = performance.now()
        const cpu = process.cpuUsage()
        const response = await fetch(`${api.base}${instance.path}`, {
          headers: { 'X-API-Key': api.key },
        })
        const body = await response.text()
        const elapsed = performance.now() - started
        const cpuMs = cpuMsSince(cpu)
        if (!response.ok) {
          throw new Error(`${instance.path}: HTTP ${response.status}: ${body.slice(0, 500)}`)
        }
        return { elapsed, cpuMs, size: apiSize(c, JSON.parse(body) as { data: unknown }) }
      }
      const viaFile = async () => {
        const started = performance.now()
        const cpu = process.cpuUsage()
        prepared.bind(instance.params as Record<string, DuckDBValue>)
        const reader = await prepared.runAndReadAll()
        const rows = reader.getRowObjectsJson()
        const elapsed = performance.now() - started
        return { elapsed, cpuMs: cpuMsSince(cpu), size: fileSize(c, rows, instance) }
      }
      let a: { elapsed: number; cpuMs: number; size: number }
      let b: { elapsed: number; cpuMs: number; size: number }
      if (i % 2 === 0) {
        a = await viaApi()
        b = await viaFile()
      } else {
        b = await viaFile()
        a = await viaApi()
      }
      if (a.size !== b.size) {
        throw new Error(
          `${c.name} ${instance.path}: the API returned ${a.size}, the file ${b.size}`,
        )
      }
      if (i >= warmup) {
        apiMs.push(a.elapsed)
        boundMs.push(b.elapsed)
        apiCpuMs.push(a.cpuMs)
        boundCpuMs.push(b.cpuMs)
        sizes.push(a.size)
      }
    }
  } finally {
    prepared.destroySync()
  }
  const last = instances[instances.length - 1]!
  return queryCaseResult(c, apiMs, boundMs, sizes, await filesOf(engine, c, last), {
    api: apiCpuMs,
    bound: boundCpuMs,
  })
}

/**
 * Process CPU time (user + system, every thread: DuckDB's workers, the HTTP server and the
 * client) since `before`, in ms. Other jobs on a shared machine stretch wall time far more than
 * the CPU time a request needs, so both are reported.
 */
function cpuMsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000
}

/** Rows of an API answer: trades or bars, or the summary's trade count. */
function apiSize(c: QueryCase, body: { data: unknown }): number {
  if (c.name === 'summary') return Number((body.data as { trade_count: unknown }).trade_count)
  return (body.data as unknown[]).length
}

/** The same from the file's rows: pages are cut to `limit` (the engine asked for one more). */
function fileSize(
  c: QueryCase,
  rows: readonly Record<string, unknown>[],
  q: QueryInstance,
): number {
  if (c.name === 'summary') return Number(rows[0]?.['trade_count'] ?? 0)
  if (c.name === 'bars') return rows.length
  return Math.min(rows.length, Number(q.params['limit']) - 1)
}

/** Data files the engine reads and skips for `q` (the HTTP envelope does not carry them). */
async function filesOf(
  engine: QueryEngine,
  c: QueryCase,
  q: QueryInstance,
): Promise<{ read: number; skipped: number; manifestsSkipped: number }> {
  const p = q.params
  const symbols = Object.keys(p)
    .filter((k) => /^s\d+$/.test(k))
    .map((k) => String(p[k]))
  const start = p['start'] as bigint
  const end = p['end'] as bigint
  const meta =
    c.name === 'bars'
      ? (await engine.bars({ symbol: symbols[0]!, interval: '1m', start, end })).meta
      : c.name === 'summary'
        ? (
            await engine.dailySummary({
              symbol: symbols[0]!,
              date: new Date(Number(start / 1000n)).toISOString().slice(0, 10),
            })
          ).meta
        : (await engine.trades({ symbols, start, end, limit: Number(p['limit']) - 1 })).meta
  return {
    read: meta.filesRead,
    skipped: meta.filesSkipped,
    manifestsSkipped: meta.manifestsSkipped,
  }
}

process.exitCode = await main(process.argv.slice(2))
