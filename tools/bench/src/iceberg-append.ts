/**
 * The Iceberg append benchmark (`npm run bench:iceberg-append -- --help`): appends the same
 * generated trades to `market_data.trades_v2` with K2's writer from `TradeV2` objects
 * (`appendRows`, side `k2`) and from rows read into `TableColumns` as a buffering writer keeps
 * them (`appendColumns`, side `k2-columns`), and with pyiceberg (`table.append`), `--runs` times
 * each, a round of every side per run, every run in a fresh warehouse and a fresh process;
 * verifies every table by reading it back with pyiceberg; prints a table on stdout (progress on
 * stderr) and writes the JSON results under `reports/bench/`. Only the append call is timed:
 * generating the trades, reading them into columns (reported apart), building pyiceberg's Arrow
 * table and opening the catalog and writers happen before. See tools/bench/README.md and
 * BENCHMARKS.md.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

import type { TradeV2 } from '@k2/core'

import { BENCH_USAGE, benchCommand, parseBenchArgs, type BenchOptions } from './bench-args.js'
import {
  findPython,
  oracleAppend,
  oraclePrepare,
  oracleVerify,
  REPO_ROOT,
  type PyAppendReply,
} from './bench-oracle.js'
import {
  summarizeRuns,
  type BenchResults,
  type Environment,
  type RunMeasurement,
  type Side,
} from './bench-results.js'
import { BENCH_TABLE, openBenchTable } from './bench-table.js'
import { BINANCE_MARKETS } from './binance-markets.js'
import { formatResults } from './format-results.js'
import { runK2AppendInChild } from './k2-append-child.js'
import { machineInfo } from './machine-info.js'
import { tableUsage } from './table-usage.js'
import { verifyRun } from './run-verification.js'
import { checksumMismatches, tradeChecksums, type TradeChecksums } from './trade-checksums.js'
import { generateTrades } from './trade-generator.js'
import { writeTradesNdjson } from './trade-ndjson.js'

const DEFAULT_OUT = join(REPO_ROOT, 'reports', 'bench', 'iceberg-append.json')
const TABLE_DIR = join(
  `${BENCH_TABLE.identifier.namespace.join('.')}.db`,
  BENCH_TABLE.identifier.name,
)

/** What a run's timed process reports, before the benchmark measures and verifies the table. */
interface Timed {
  readonly seconds: number
  readonly writeSeconds: number
  readonly commitSeconds: number
  readonly cpuSeconds: number
  readonly mainThreadSeconds: number
  readonly files: number
  readonly rssBeforeBytes: number
  readonly peakRssBytes: number
  readonly generationSeconds?: number
  readonly readSeconds?: number
}

const progress = (text: string) => process.stderr.write(`${text}\n`)

async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions
  try {
    options = parseBenchArgs(argv)
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${BENCH_USAGE}`)
    return 2
  }
  if (options.help) {
    console.log(BENCH_USAGE)
    return 0
  }
  const python = findPython()
  const workDir = await mkdtemp(join(tmpdir(), 'k2-bench-iceberg-append-'))
  try {
    const results = await benchmark(options, python, workDir)
    console.log(formatResults(results))
    const out = resolve(options.out ?? DEFAULT_OUT)
    await mkdir(dirname(out), { recursive: true })
    await writeFile(out, `${JSON.stringify(results, null, 2)}\n`)
    progress(`results written to ${out}`)
    return 0
  } finally {
    if (options.keep) progress(`work directory kept: ${workDir}`)
    else await rm(workDir, { recursive: true, force: true })
  }
}

async function benchmark(
  options: BenchOptions,
  python: string,
  workDir: string,
): Promise<BenchResults> {
  const { rows, seed, days } = options
  const env: Environment = machineInfo()
  if (env.loadAverageBefore > 0.5) {
    progress(
      `warning: load average ${env.loadAverageBefore.toFixed(2)} on ${env.cpus} CPUs: other ` +
        'processes compete for the cores and the numbers will be noisy',
    )
  }
  progress(`generating ${rows} trades (seed ${seed}, ${days} day(s))...`)
  let trades: TradeV2[] | undefined = generateTrades({ rows, seed, days })
  const expected = tradeChecksums(trades)
  const arrowInput = join(workDir, 'trades.arrow')
  if (!options.skipPyiceberg) {
    const ndjson = join(workDir, 'trades.ndjson')
    await writeTradesNdjson(trades, ndjson)
    const schemaWarehouse = join(workDir, 'schema')
    await (await openBenchTable(schemaWarehouse)).catalog.close()
    progress('building the pyiceberg input (Arrow IPC with the table schema)...')
    const prepared = await oraclePrepare(python, schemaWarehouse, ndjson, arrowInput)
    requireSame('pyiceberg input', expected, prepared.checksums)
    await rm(ndjson)
  }
  // Each K2 run regenerates the trades in its own process; drop ours.
  trades = undefined

  let versions: PyAppendReply['versions'] | undefined
  const runs: RunMeasurement[] = []
  const measure = async (side: Side, run: number, append: (wh: string) => Promise<Timed>) => {
    const warehouse = join(workDir, `${side}-run${run}`)
    await (await openBenchTable(warehouse)).catalog.close()
    const tableDir = join(warehouse, TABLE_DIR)
    const before = await tableUsage(tableDir)
    const timed = await append(warehouse)
    const after = await tableUsage(tableDir)
    const verified = await oracleVerify(python, warehouse)
    const totalRecords = verifyRun(
      {
        label: `${side} run ${run}`,
        rows,
        expected,
        committedFiles: timed.files,
        filesOnDisk: after.dataFiles,
      },
      verified,
    )
    const m: RunMeasurement = {
      side,
      run,
      seconds: timed.seconds,
      rowsPerSecond: rows / timed.seconds,
      writeSeconds: timed.writeSeconds,
      commitSeconds: timed.commitSeconds,
      cpuSeconds: timed.cpuSeconds,
      mainThreadSeconds: timed.mainThreadSeconds,
      dataFiles: after.dataFiles,
      dataBytes: after.dataBytes,
      metadataBytes: after.metadataBytes - before.metadataBytes,
      rssBeforeBytes: timed.rssBeforeBytes,
      peakRssBytes: timed.peakRssBytes,
      scanCount: verified.scan_count,
      totalRecords,
      ...(timed.generationSeconds === undefined
        ? {}
        : { generationSeconds: timed.generationSeconds }),
      ...(timed.readSeconds === undefined ? {} : { readSeconds: timed.readSeconds }),
    }
    progress(
      `${side} run ${run}: ${m.seconds.toFixed(3)} s, ${Math.round(m.rowsPerSecond)} rows/s, ` +
        `${m.dataFiles} files, ${m.dataBytes} bytes (verified)` +
        (m.readSeconds === undefined
          ? ''
          : `; reading into columns before: ${m.readSeconds.toFixed(3)} s`),
    )
    runs.push(m)
    if (!options.keep) await rm(warehouse, { recursive: true, force: true })
  }

  for (let run = 1; run <= options.runs; run++) {
    for (const input of options.k2Inputs) {
      await measure(input === 'rows' ? 'k2' : 'k2-columns', run, (warehouse) =>
        runK2AppendInChild({ input, rows, seed, days, warehouse }),
      )
    }
    if (options.skipPyiceberg) continue
    await measure('pyiceberg', run, async (warehouse) => {
      const r = await oracleAppend(python, warehouse, arrowInput)
      versions = r.versions
      return {
        seconds: r.seconds,
        writeSeconds: r.write_seconds,
        commitSeconds: r.commit_seconds,
        cpuSeconds: r.cpu_seconds,
        mainThreadSeconds: r.main_thread_seconds,
        files: r.files,
        rssBeforeBytes: r.rss_before_bytes,
        peakRssBytes: r.peak_rss_bytes,
      }
    })
  }

  return {
    benchmark: 'iceberg-append',
    date: new Date().toISOString(),
    command: benchCommand(options),
    environment: { ...env, ...versions },
    data: { rows, symbols: BINANCE_MARKETS.length, days, seed, checksums: expected },
    runs,
    ...summarizeRuns(runs),
  }
}

function requireSame(what: string, expected: TradeChecksums, actual: TradeChecksums): void {
  const mismatches = checksumMismatches(expected, actual)
  if (mismatches.length > 0) {
    throw new Error(`${what} differs from the generated trades:\n  ${mismatches.join('\n  ')}`)
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err)
  return 1
})
