/**
 * The end-to-end ingest benchmark (`npm run bench:pipeline-ingest -- --help`, issue 5
 * "Benchmarks"): the replay exchange (tools/binance-replay, own process) -> the supervisor
 * (`apps/supervisor`, own process, fresh temporary warehouse, `K2_FEED_START=earliest`) ->
 * committed rows of `market_data.trades_v2`, measured from outside as a user would see them:
 * committed rows over time (the current snapshot's `total-records`, polled every 250 ms; the
 * steady rate from the snapshot log), freshness per row (commit time of the snapshot that added
 * its file - `ingestion_timestamp`), the supervisor's peak RSS (`VmHWM`, worker threads included)
 * and an exactly-once check per symbol. Table on stdout (`--json`: the JSON), progress on
 * stderr, JSON to `reports/bench/pipeline-ingest.json`. See tools/bench/README.md.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir, loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'

import {
  createCatalog,
  createLocalFileIO,
  currentSnapshot,
  loadTable,
  TRADES_V2_TABLE,
  type Catalog,
} from '@k2/iceberg'

import { startBenchKafka, type BenchKafka } from './bench-kafka.js'
import { REPO_ROOT } from './bench-oracle.js'
import { startExchangeProcess } from './feed-children.js'
import { steadyThroughput, type CommitPoint } from './ingest-progress.js'
import { countLogFileEvents } from './log-events.js'
import { machineInfo } from './machine-info.js'
import {
  benchSymbols,
  parsePipelineBenchArgs,
  PIPELINE_BENCH_USAGE,
  pipelineBenchCommand,
  type PipelineBenchOptions,
} from './pipeline-ingest-args.js'
import {
  exactlyOnceProblems,
  formatPipelineIngest,
  type PipelineIngestResult,
} from './pipeline-ingest-results.js'
import { readProcCpu, readProcMemory, readThreadCpu } from './proc-status.js'
import { startSupervisorChild } from './supervisor-child.js'
import { analyzeTradesTable } from './table-analysis.js'

const DEFAULT_OUT = join(REPO_ROOT, 'reports', 'bench', 'pipeline-ingest.json')
const POLL_MS = 250
const PROGRESS_EVERY_MS = 2_000
/** Bound of the supervisor's orderly stop (its own bound is 10 s) before SIGKILL. */
const STOP_TIMEOUT_MS = 20_000

const progress = (text: string) => process.stderr.write(`${text}\n`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** A sleep that does not keep the process alive (for races whose other side usually wins). */
const unrefSleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)).unref())

async function main(argv: readonly string[]): Promise<number> {
  let options: PipelineBenchOptions
  try {
    options = parsePipelineBenchArgs(argv)
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${PIPELINE_BENCH_USAGE}`)
    return 2
  }
  if (options.help) {
    console.log(PIPELINE_BENCH_USAGE)
    return 0
  }
  const dir = mkdtempSync(join(tmpdir(), 'k2-bench-pipeline-'))
  let ok = false
  try {
    const result = await benchmark(options, dir)
    const out = resolve(options.out ?? DEFAULT_OUT)
    await mkdir(dirname(out), { recursive: true })
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`)
    console.log(options.json ? JSON.stringify(result, null, 2) : formatPipelineIngest(result))
    progress(`results: ${out}`)
    ok = result.secondsToAllCommitted !== undefined && result.exactlyOnceProblems.length === 0
    return ok ? 0 : 1
  } finally {
    if (options.keep || !ok) progress(`warehouse and supervisor.log kept in ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

async function benchmark(
  options: PipelineBenchOptions,
  dir: string,
): Promise<PipelineIngestResult> {
  const machine = machineInfo()
  if (machine.loadAverageBefore > 0.5) {
    progress(`warning: load average ${machine.loadAverageBefore.toFixed(2)}: the machine is busy`)
  }
  if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true })
  const exchange = await startExchangeProcess({
    symbols: benchSymbols(options.symbols),
    tradesPerSymbol: options.tradesPerSymbol,
    seed: options.seed,
    rate: options.rate,
  })
  progress(`replay exchange at ${exchange.url}; run directory ${dir}`)
  let kafka: BenchKafka | undefined
  try {
    if (options.transport === 'kafka' && options.kafkaBrokers === undefined) {
      kafka = await startBenchKafka(dir, progress)
    }
    return await run(options, dir, machine, exchange, kafka)
  } finally {
    await kafka?.stop()
    await exchange.stop()
  }
}

async function run(
  options: PipelineBenchOptions,
  dir: string,
  machine: ReturnType<typeof machineInfo>,
  exchange: Awaited<ReturnType<typeof startExchangeProcess>>,
  kafka: BenchKafka | undefined,
): Promise<PipelineIngestResult> {
  const kafkaBrokers = kafka?.brokers ?? options.kafkaBrokers
  const symbols = benchSymbols(options.symbols)
  const expectedRows = options.symbols * options.tradesPerSymbol
  const warehouse = join(dir, 'warehouse')
  const env: Record<string, string> = {
    K2_TRANSPORT: options.transport,
    K2_WAREHOUSE: warehouse,
    K2_BINANCE_WS_URL: `${exchange.url}/stream`,
    K2_BINANCE_FAILOVER_URLS: '',
    K2_BINANCE_REST_URL: exchange.restUrl,
    K2_BINANCE_SYMBOLS: symbols.join(','),
    K2_FEED_START: 'earliest',
    K2_LOG_LEVEL: options.logLevel,
  }
  if (kafkaBrokers !== undefined) env['K2_KAFKA_BROKERS'] = kafkaBrokers
  if (options.writers !== undefined) env['K2_WRITERS'] = String(options.writers)
  if (options.commitIntervalMs !== undefined) {
    env['K2_COMMIT_INTERVAL_MS'] = String(options.commitIntervalMs)
  }
  if (options.commitMaxRows !== undefined) env['K2_COMMIT_MAX_ROWS'] = String(options.commitMaxRows)
  if (options.commitMaxBytes !== undefined) {
    env['K2_COMMIT_MAX_BYTES'] = String(options.commitMaxBytes)
  }
  if (options.traceRatio !== undefined) env['K2_TRACE_SAMPLE_RATIO'] = String(options.traceRatio)
  if (options.otlpEndpoint !== undefined) {
    env['K2_OTEL_EXPORTER_OTLP_ENDPOINT'] = options.otlpEndpoint
  }

  const spawnedAt = Date.now()
  const logFile = join(dir, 'supervisor.log')
  const supervisor = startSupervisorChild({
    env,
    logFile,
    cpuProfDir: options.cpuProfDir,
  })
  let exited: number | string | undefined
  void supervisor.exited.then((code) => (exited = code))
  const deadline = spawnedAt + options.timeoutSeconds * 1000
  const runningAt = await Promise.race([
    supervisor.running,
    supervisor.exited.then(() => undefined),
    unrefSleep(deadline - Date.now()).then(() => undefined),
  ])
  if (runningAt !== undefined) progress(`supervisor running after ${runningAt - spawnedAt} ms`)

  const polls: CommitPoint[] = []
  let maxSampledRssBytes = 0
  let allCommittedAt: number | undefined
  let memory: ReturnType<typeof readProcMemory>
  let supervisorCpuSeconds: number | undefined
  let exchangeCpuSeconds: number | undefined
  let brokerCpuSeconds: number | undefined
  let brokerPeakRssBytes: number | undefined
  let threads: ReturnType<typeof readThreadCpu> = []
  let loadAverageAfter = 0
  let exitCode: number | string
  try {
    const catalog = runningAt === undefined ? undefined : await createCatalog({ warehouse })
    let lastProgress = 0
    let rows = 0
    while (catalog !== undefined && exited === undefined && Date.now() < deadline) {
      rows = (await committedRows(catalog)) ?? rows
      const now = Date.now()
      polls.push({ atMs: now - spawnedAt, rows })
      const rss = readProcMemory(supervisor.pid)?.rssBytes ?? 0
      maxSampledRssBytes = Math.max(maxSampledRssBytes, rss)
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now
        progress(`${((now - spawnedAt) / 1000).toFixed(1)} s: ${rows} / ${expectedRows} rows`)
      }
      if (rows >= expectedRows) {
        allCommittedAt = now
        break
      }
      await sleep(POLL_MS)
    }
    await catalog?.close()
    memory = readProcMemory(supervisor.pid)
    supervisorCpuSeconds = readProcCpu(supervisor.pid)
    exchangeCpuSeconds = readProcCpu(exchange.pid)
    if (kafka !== undefined) {
      brokerCpuSeconds = readProcCpu(kafka.pid)
      brokerPeakRssBytes = readProcMemory(kafka.pid)?.hwmBytes
    }
    // Node names every JS thread `node`: tell the main thread (tid = pid) from the workers.
    threads = readThreadCpu(supervisor.pid).map((t) =>
      t.tid === supervisor.pid ? { ...t, name: 'main' } : t,
    )
    loadAverageAfter = loadavg()[0] ?? 0
    progress(
      allCommittedAt ? 'every row committed; stopping the supervisor' : 'stopping (incomplete)',
    )
  } finally {
    supervisor.child.kill('SIGTERM')
    const stopped = await Promise.race([supervisor.exited, unrefSleep(STOP_TIMEOUT_MS)])
    if (stopped === undefined) supervisor.child.kill('SIGKILL')
    exitCode = await supervisor.exited
  }

  const table = await analyzeTradesTable(warehouse).catch((err: unknown) => {
    progress(`could not read the table back: ${(err as Error).message}`)
    return undefined
  })
  const commits = table?.commits ?? []
  const first = commits[0]
  const last = commits[commits.length - 1]
  return {
    benchmark: 'pipeline-ingest',
    command: pipelineBenchCommand(options),
    options,
    machine,
    loadAverageAfter,
    expectedRows,
    startupSeconds: runningAt === undefined ? undefined : (runningAt - spawnedAt) / 1000,
    secondsToAllCommitted:
      allCommittedAt === undefined ? undefined : (allCommittedAt - spawnedAt) / 1000,
    steady: steadyThroughput(commits, expectedRows),
    firstToLastCommitRowsPerSecond:
      first && last && last.atMs > first.atMs
        ? ((last.rows - first.rows) * 1000) / (last.atMs - first.atMs)
        : undefined,
    freshness: table?.freshness,
    peakRssBytes: memory?.hwmBytes,
    maxSampledRssBytes,
    supervisorCpuSeconds,
    exchangeCpuSeconds,
    brokerCpuSeconds,
    brokerPeakRssBytes,
    threads: threads.slice(0, 16),
    exitCode,
    snapshots: table?.snapshots ?? 0,
    appendCommits: commits.length,
    appendedFiles: table?.appendedFiles ?? 0,
    liveFiles: table?.liveFiles ?? 0,
    totalRecords: table?.totalRecords ?? 0,
    symbols: table?.symbols ?? [],
    exactlyOnceProblems: exactlyOnceProblems(
      symbols,
      options.tradesPerSymbol,
      table?.symbols ?? [],
    ),
    logEvents: countLogFileEvents(logFile),
    polls,
    commits,
  }
}

/**
 * `total-records` of the current snapshot of the trades table (0 before the first commit);
 * undefined when the read failed (e.g. a metadata file replaced under it).
 */
async function committedRows(catalog: Catalog): Promise<number | undefined> {
  try {
    const table = await loadTable({ catalog, io: createLocalFileIO() }, TRADES_V2_TABLE.identifier)
    return Number(currentSnapshot(table.metadata)?.summary['total-records'] ?? 0)
  } catch {
    return undefined
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err)
  return 1
})
