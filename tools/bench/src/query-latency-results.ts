import type { Environment } from './bench-results.js'
import type { QueryCase, QueryCaseName } from './query-cases.js'
import { summarizeLatency, type LatencySummary } from './latency-stats.js'
import type { QueryWarehouseManifest } from './query-warehouse.js'

/** The issue's bound goal: the API's p50 within this factor of the single sorted file's. */
export const BOUND_RATIO_GOAL = 2

/** One query's numbers on both sides. */
export interface QueryCaseResult {
  readonly name: QueryCaseName
  readonly title: string
  /** Through the HTTP API (request sent -> body read). */
  readonly api: LatencySummary
  /** The same SQL by DuckDB on the single sorted Parquet file (bind, run, rows read). */
  readonly bound: LatencySummary
  /**
   * Process CPU time of the same runs (all threads; for the API: server, DuckDB and client), ms;
   * undefined in results written before it was measured.
   */
  readonly apiCpu?: LatencySummary
  readonly boundCpu?: LatencySummary
  /** API p50 / bound p50. */
  readonly ratioP50: number
  readonly goalP50Ms: number | undefined
  /** API p50 under the goal; undefined when the issue sets none for this query. */
  readonly goalMet: boolean | undefined
  readonly withinBoundRatio: boolean
  /** Rows (trades, bars, or the summary's trade count) per timed run, smallest and largest. */
  readonly resultSize: { readonly min: number; readonly max: number }
  /**
   * Pruning of the engine's scan for the last run's parameters: data files read, data files
   * skipped by bounds, manifests skipped by partition summaries (one manifest per daily append).
   */
  readonly filesRead: number | undefined
  readonly filesSkipped: number | undefined
  readonly manifestsSkipped: number | undefined
}

/** Everything the benchmark writes to its JSON results file. */
export interface QueryLatencyResult {
  readonly benchmark: 'query-latency'
  readonly command: string
  readonly startedAt: string
  readonly machine: Environment
  readonly loadAverageAfter: number
  readonly data: QueryWarehouseManifest & { readonly dir: string; readonly reused: boolean }
  readonly iterations: number
  readonly warmup: number
  readonly cases: readonly QueryCaseResult[]
}

/** The {@link QueryCaseResult} of a case's timed latencies (ms) and result sizes. */
export function queryCaseResult(
  c: QueryCase,
  apiMs: readonly number[],
  boundMs: readonly number[],
  sizes: readonly number[],
  files?: { readonly read: number; readonly skipped: number; readonly manifestsSkipped: number },
  cpuMs?: { readonly api: readonly number[]; readonly bound: readonly number[] },
): QueryCaseResult {
  const api = summarizeLatency(apiMs)
  const bound = summarizeLatency(boundMs)
  const ratioP50 = api.p50Ms / bound.p50Ms
  return {
    name: c.name,
    title: c.title,
    api,
    bound,
    ...(cpuMs === undefined
      ? {}
      : { apiCpu: summarizeLatency(cpuMs.api), boundCpu: summarizeLatency(cpuMs.bound) }),
    ratioP50,
    goalP50Ms: c.goalP50Ms,
    goalMet: c.goalP50Ms === undefined ? undefined : api.p50Ms < c.goalP50Ms,
    withinBoundRatio: ratioP50 <= BOUND_RATIO_GOAL,
    resultSize: { min: Math.min(...sizes), max: Math.max(...sizes) },
    filesRead: files?.read,
    filesSkipped: files?.skipped,
    manifestsSkipped: files?.manifestsSkipped,
  }
}

/** The table printed on stdout. */
export function formatQueryLatency(r: QueryLatencyResult): string {
  const d = r.data
  const header = [
    'query',
    'API p50',
    'API p99',
    'file p50',
    'file p99',
    'API/file',
    'API cpu p50',
    'file cpu p50',
    'goal',
    'rows/run',
    'files read',
  ]
  const rows = r.cases.map((c) => [
    c.title,
    ms(c.api.p50Ms),
    ms(c.api.p99Ms),
    ms(c.bound.p50Ms),
    ms(c.bound.p99Ms),
    `${c.ratioP50.toFixed(2)}x`,
    c.apiCpu === undefined ? '-' : ms(c.apiCpu.p50Ms),
    c.boundCpu === undefined ? '-' : ms(c.boundCpu.p50Ms),
    goalText(c),
    c.resultSize.min === c.resultSize.max
      ? String(c.resultSize.min)
      : `${c.resultSize.min}-${c.resultSize.max}`,
    c.filesRead === undefined
      ? '-'
      : `${c.filesRead} (skipped ${c.filesSkipped ?? 0} + ${c.manifestsSkipped ?? 0} manifests)`,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
  return [
    `Query latency: ${int(d.trades)} trades, ${d.symbols.length} symbols, ${d.days} UTC days ` +
      `(seed ${d.seed}); ${r.iterations} timed runs after ${r.warmup} warm-ups per query and side`,
    `data: ${d.reused ? 'reused cached' : 'built'} ${d.dir}`,
    `row groups of ${int(d.rowGroupSize)} rows: ${d.tableFiles} table files, ` +
      `${mb(d.tableBytes)} in ${int(d.tableRowGroups)} row groups; sorted single file ` +
      `${mb(d.sortedFileBytes)} in ${int(d.sortedFileRowGroups)} row groups`,
    `machine: ${r.machine.cpus} x ${r.machine.cpuModel}, Node ${r.machine.node}; load average ` +
      `${r.machine.loadAverageBefore.toFixed(2)} before, ${r.loadAverageAfter.toFixed(2)} after`,
    `command: ${r.command}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `goals: API p50 < 20 ms (point), < 100 ms (bars); API p50 within ${BOUND_RATIO_GOAL}x of the file (all)`,
    'cpu: process CPU time per run (all threads; API: server + DuckDB + client), p50',
  ].join('\n')
}

function goalText(c: QueryCaseResult): string {
  const bound = c.withinBoundRatio ? `<=${BOUND_RATIO_GOAL}x ok` : `>${BOUND_RATIO_GOAL}x MISSED`
  if (c.goalMet === undefined) return bound
  return `${c.goalMet ? `<${c.goalP50Ms} ms ok` : `<${c.goalP50Ms} ms MISSED`}; ${bound}`
}

const ms = (v: number) => `${v.toFixed(1)} ms`
const int = (v: number) => v.toLocaleString('en-US')
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`
