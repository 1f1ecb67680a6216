/**
 * Row group size trade-offs (issue 6 item 7): one UTC day of generated trades (the query latency
 * benchmark's day: 10,000,000 / 30 rows, 20 symbols) appended by K2's writer into a fresh
 * `market_data.trades_v2` once per row group size, all in one process with the same code, then:
 * the file's size and row groups, compressed bytes per column, the append's time, and the
 * DuckDB CPU time (one thread, process CPU time, so other jobs on a shared machine disturb it
 * less than wall time) of the query latency benchmark's statements over that file, plus a
 * whole-day scan. Run: `npx tsx tools/bench/src/query-row-groups.ts [--sizes 8192,16384,...]`.
 * Table on stdout, JSON in `reports/bench/query-row-groups.json`. See tools/bench/README.md.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api'
import { appendRows, createParquetWriter, quoteString, toLocalPath } from '@k2/iceberg'

import { REPO_ROOT } from './bench-oracle.js'
import { BENCH_TABLE, openBenchTable } from './bench-table.js'
import { percentile } from './latency-stats.js'
import { QUERY_CASES, queryInstances, type QueryDataShape } from './query-cases.js'
import {
  MIN_ROW_GROUP_SIZE,
  QUERY_LATENCY_DAYS,
  QUERY_LATENCY_DEFAULTS,
} from './query-latency-args.js'
import { TRADE_GENERATOR_DEFAULTS, generateTrades } from './trade-generator.js'

const OUT_DIR = join(REPO_ROOT, 'reports', 'bench')
const RUNS = 21

/** A whole-day scan of every symbol (what a replay or a full-day export decodes). */
const FULL_DAY_SQL = (relation: string) =>
  `SELECT symbol, count(*)::VARCHAR AS n, sum(quantity)::VARCHAR AS volume, ` +
  `max(length(message_id)) AS m FROM ${relation} GROUP BY symbol`

interface SizeResult {
  readonly rowGroupSize: number
  readonly rowGroups: number
  readonly fileBytes: number
  /** Wall time and process CPU time (all threads, encoding workers included) of the append. */
  readonly appendMs: number
  readonly appendCpuMs: number
  /** Compressed bytes per top-level column. */
  readonly columnBytes: Readonly<Record<string, number>>
  /** p50 DuckDB CPU ms per statement (one thread). */
  readonly cpuP50Ms: Readonly<Record<string, number>>
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: `8192,16384,32768,${122_880}` },
      trades: {
        type: 'string',
        default: String(Math.floor(QUERY_LATENCY_DEFAULTS.trades / QUERY_LATENCY_DAYS)),
      },
    },
  })
  const sizes = values.sizes.split(',').map((s) => Number(s))
  if (sizes.some((s) => !Number.isInteger(s) || s < MIN_ROW_GROUP_SIZE)) {
    throw new RangeError(`--sizes must be integers of at least ${MIN_ROW_GROUP_SIZE}`)
  }
  const rows = Number(values.trades)
  const startMicros = TRADE_GENERATOR_DEFAULTS.startMicros
  const trades = generateTrades({
    rows,
    seed: QUERY_LATENCY_DEFAULTS.seed,
    days: 1,
    startMicros,
    markets: TRADE_GENERATOR_DEFAULTS.markets,
  })
  const shape: QueryDataShape = {
    symbols: TRADE_GENERATOR_DEFAULTS.markets.map((m) => m.symbol),
    startMicros,
    days: 1,
  }
  const loadBefore = loadavg()[0] ?? 0
  const results: SizeResult[] = []
  const duck = await DuckDBInstance.create(':memory:', { threads: '1' })
  const conn = await duck.connect()
  await conn.run("SET TimeZone = 'UTC'")
  const append = async (rowGroupSize: number, name: string) => {
    const warehouse = join(OUT_DIR, 'query-row-groups', name)
    await rm(warehouse, { recursive: true, force: true })
    await mkdir(warehouse, { recursive: true })
    const ctx = await openBenchTable(warehouse)
    const parquet = await createParquetWriter({ rowGroupSize })
    try {
      const started = performance.now()
      const cpu = process.cpuUsage()
      const { files } = await appendRows({ ...ctx, parquet }, BENCH_TABLE.identifier, trades)
      const used = process.cpuUsage(cpu)
      return {
        appendMs: performance.now() - started,
        appendCpuMs: (used.user + used.system) / 1000,
        path: toLocalPath(files[0]!.file_path),
      }
    } finally {
      await parquet.close()
      await ctx.catalog.close()
    }
  }
  try {
    // An untimed append first, so the first size does not pay for cold code.
    await append(sizes[0]!, 'warm-up')
    await rm(join(OUT_DIR, 'query-row-groups', 'warm-up'), { recursive: true, force: true })
    for (const rowGroupSize of sizes) {
      const { path, ...timing } = await append(rowGroupSize, `rg${rowGroupSize}`)
      results.push({ rowGroupSize, ...timing, ...(await measure(conn, path, shape)) })
      process.stderr.write(`row groups of ${rowGroupSize}: done\n`)
    }
  } finally {
    conn.closeSync()
    duck.closeSync()
  }
  const report = {
    benchmark: 'query-row-groups',
    startedAt: new Date().toISOString(),
    trades: rows,
    runs: RUNS,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg()[0] ?? 0,
    results,
  }
  await writeFile(join(OUT_DIR, 'query-row-groups.json'), `${JSON.stringify(report, null, 2)}\n`)
  console.log(format(report))
}

async function measure(
  conn: DuckDBConnection,
  path: string,
  shape: QueryDataShape,
): Promise<Omit<SizeResult, 'rowGroupSize' | 'appendMs' | 'appendCpuMs'>> {
  const file = quoteString(path)
  const meta = await conn.runAndReadAll(
    `SELECT split_part(path_in_schema, ',', 1) AS col, sum(total_compressed_size)::BIGINT AS b, ` +
      `count(DISTINCT row_group_id)::BIGINT AS g FROM parquet_metadata(${file}) GROUP BY 1`,
  )
  const columnBytes: Record<string, number> = {}
  let rowGroups = 0
  for (const row of meta.getRowObjectsJson()) {
    columnBytes[String(row['col'])] = Number(row['b'])
    rowGroups = Math.max(rowGroups, Number(row['g']))
  }
  const size = await conn.runAndReadAll(`SELECT size::BIGINT AS s FROM read_blob(${file})`)
  const fileBytes = Number(size.getRowObjectsJson()[0]?.['s'])
  const relation = `read_parquet(${file})`
  const cpuP50Ms: Record<string, number> = {}
  for (const c of QUERY_CASES) {
    const instances = queryInstances(c.name, shape, RUNS, QUERY_LATENCY_DEFAULTS.seed)
    const prepared = await conn.prepare(c.sql(relation))
    try {
      cpuP50Ms[c.name] = await cpuP50(async (i) => {
        prepared.bind(instances[i]!.params as Record<string, DuckDBValue>)
        ;(await prepared.runAndReadAll()).getRowObjectsJson()
      })
    } finally {
      prepared.destroySync()
    }
  }
  cpuP50Ms['full day'] = await cpuP50(async () => {
    ;(await conn.runAndReadAll(FULL_DAY_SQL(relation))).getRowObjectsJson()
  })
  return { rowGroups, fileBytes, columnBytes, cpuP50Ms }
}

/** p50 of the process CPU time (ms) of `run`, after two untimed runs. */
async function cpuP50(run: (i: number) => Promise<void>): Promise<number> {
  await run(0)
  await run(1)
  const ms: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const before = process.cpuUsage()
    await run(i)
    const used = process.cpuUsage(before)
    ms.push((used.user + used.system) / 1000)
  }
  return percentile(ms, 50)
}

function format(r: {
  trades: number
  runs: number
  loadAverageBefore: number
  loadAverageAfter: number
  results: readonly SizeResult[]
}): string {
  const columns = Object.keys(r.results[0]?.columnBytes ?? {}).sort(
    (a, b) => (r.results[0]!.columnBytes[b] ?? 0) - (r.results[0]!.columnBytes[a] ?? 0),
  )
  const queries = Object.keys(r.results[0]?.cpuP50Ms ?? {})
  const header = [
    'rows/group',
    'groups',
    'file MB',
    'append ms',
    'append cpu ms',
    ...queries.map((q) => `${q} cpu ms`),
  ]
  const lines = r.results.map((s) => [
    String(s.rowGroupSize),
    String(s.rowGroups),
    (s.fileBytes / 1e6).toFixed(2),
    s.appendMs.toFixed(0),
    s.appendCpuMs.toFixed(0),
    ...queries.map((q) => (s.cpuP50Ms[q] ?? 0).toFixed(1)),
  ])
  const colHeader = ['rows/group', ...columns]
  const colLines = r.results.map((s) => [
    String(s.rowGroupSize),
    ...columns.map((c) => ((s.columnBytes[c] ?? 0) / 1e6).toFixed(2)),
  ])
  return [
    `Row group sizes: ${r.trades} trades (one UTC day, 20 symbols), p50 of ${r.runs} runs, ` +
      `DuckDB 1 thread, CPU time; load average ${r.loadAverageBefore.toFixed(2)} before, ` +
      `${r.loadAverageAfter.toFixed(2)} after`,
    '',
    table(header, lines),
    '',
    'compressed MB per column:',
    table(colHeader, colLines),
  ].join('\n')
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => cell.padStart(widths[i]!)).join('  ')
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

await main()
