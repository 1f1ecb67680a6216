import type { Environment } from './bench-results.js'
import type { CommitPoint, SteadyThroughput } from './ingest-progress.js'
import type { PipelineBenchOptions } from './pipeline-ingest-args.js'
import type { ProcessThreadCpu } from './proc-status.js'
import type { Freshness, SymbolCount } from './table-analysis.js'

/** One run of the end-to-end ingest benchmark. Times are ms since the epoch unless named. */
export interface PipelineIngestResult {
  readonly benchmark: 'pipeline-ingest'
  readonly command: string
  readonly options: PipelineBenchOptions
  readonly machine: Environment
  /** 1-minute load average at the end of the run (the start is in `machine`). */
  readonly loadAverageAfter: number
  readonly expectedRows: number
  /** Spawn of the supervisor -> its "running" log line (tables ensured, actors started). */
  readonly startupSeconds: number | undefined
  /** Spawn -> the poll that saw every row committed; undefined when the run timed out. */
  readonly secondsToAllCommitted: number | undefined
  /** Rows/s between the commits at 10% and 90% of the total (snapshot times). */
  readonly steady: SteadyThroughput | undefined
  /** Rows / (last commit - first commit) over the whole run. */
  readonly firstToLastCommitRowsPerSecond: number | undefined
  readonly freshness: Freshness | undefined
  readonly peakRssBytes: number | undefined
  /** Largest `VmRSS` seen by the 250 ms polls. */
  readonly maxSampledRssBytes: number
  /** CPU seconds (all threads) of the supervisor, spawn -> before SIGTERM. */
  readonly supervisorCpuSeconds: number | undefined
  /**
   * CPU seconds of the other processes on the machine, from their start to the supervisor's
   * SIGTERM: the replay exchange, and the Kafka broker's JVM (kafka transport with a broker of
   * the run; undefined otherwise). They share the cores with the supervisor.
   */
  readonly exchangeCpuSeconds?: number | undefined
  readonly brokerCpuSeconds?: number | undefined
  /** `VmHWM` of the run's Kafka broker. */
  readonly brokerPeakRssBytes?: number | undefined
  /** Busiest threads of the supervisor by CPU seconds, read before SIGTERM. */
  readonly threads: readonly ProcessThreadCpu[]
  readonly exitCode: number | string
  readonly snapshots: number
  readonly appendCommits: number
  readonly appendedFiles: number
  readonly liveFiles: number
  readonly totalRecords: number
  readonly symbols: readonly SymbolCount[]
  /** Per-symbol problems of the exactly-once check; empty = passed. */
  readonly exactlyOnceProblems: readonly string[]
  /** The supervisor's log events by name (resyncs, REST throttling, slow writes, ...). */
  readonly logEvents: Readonly<Record<string, number>>
  /** `total-records` as the 250 ms polls saw it (ms since spawn). */
  readonly polls: readonly CommitPoint[]
  readonly commits: readonly CommitPoint[]
}

/** Problems of the exactly-once check: per symbol rows == distinct ids == trades, ids 1..N. */
export function exactlyOnceProblems(
  symbols: readonly string[],
  tradesPerSymbol: number,
  counts: readonly SymbolCount[],
): string[] {
  const problems: string[] = []
  const bySymbol = new Map(counts.map((c) => [c.symbol, c]))
  for (const symbol of symbols) {
    const c = bySymbol.get(symbol)
    if (c === undefined) {
      problems.push(`${symbol}: no rows`)
      continue
    }
    if (c.rows !== tradesPerSymbol || c.distinctIds !== tradesPerSymbol) {
      problems.push(
        `${symbol}: ${c.rows} rows, ${c.distinctIds} distinct ids, expected ${tradesPerSymbol}`,
      )
    }
    if (c.minSequence !== 1 || c.maxSequence !== tradesPerSymbol) {
      problems.push(`${symbol}: sequences ${c.minSequence}..${c.maxSequence}`)
    }
  }
  for (const c of counts) {
    if (!symbols.includes(c.symbol)) problems.push(`${c.symbol}: unexpected symbol`)
  }
  return problems
}

const int = (n: number) => Math.round(n).toLocaleString('en-US')
const mib = (b: number | undefined) => (b === undefined ? 'n/a' : `${int(b / 2 ** 20)} MiB`)
const secs = (s: number | undefined) => (s === undefined ? 'n/a' : `${s.toFixed(2)} s`)
const ms = (v: number) => `${int(v)} ms`

/** The human-readable summary of a run. */
export function formatPipelineIngest(r: PipelineIngestResult): string {
  const o = r.options
  const f = r.freshness
  const lines = [
    `End-to-end ingest: ${o.symbols} symbols x ${int(o.tradesPerSymbol)} trades, rate ${
      o.rate === 0 ? 'unpaced (0)' : `${int(o.rate)}/s`
    }, transport ${o.transport}${o.writers ? `, ${o.writers} writers` : ''}`,
    `machine: ${r.machine.cpus} x ${r.machine.cpuModel}, Node ${r.machine.node}; load average ${r.machine.loadAverageBefore.toFixed(2)} before, ${r.loadAverageAfter.toFixed(2)} after`,
    '',
    `supervisor start-up           ${secs(r.startupSeconds)}`,
    `all rows committed after      ${secs(r.secondsToAllCommitted)} (from spawn)`,
    `steady throughput (10%-90%)   ${
      r.steady
        ? `${int(r.steady.rowsPerSecond)} rows/s (${int(r.steady.from.rows)} -> ${int(r.steady.to.rows)} rows in ${secs((r.steady.to.atMs - r.steady.from.atMs) / 1000)})`
        : 'n/a (too few commits)'
    }`,
    `first -> last commit          ${
      r.firstToLastCommitRowsPerSecond === undefined
        ? 'n/a'
        : `${int(r.firstToLastCommitRowsPerSecond)} rows/s`
    }`,
    `freshness (receipt->commit)   ${
      f
        ? `p50 ${ms(f.p50Ms)}, p99 ${ms(f.p99Ms)}, max ${ms(f.maxMs)} over ${int(f.rows)} rows`
        : 'n/a'
    }`,
    `supervisor peak RSS (VmHWM)   ${mib(r.peakRssBytes)} (max sampled VmRSS ${mib(r.maxSampledRssBytes)})`,
    `supervisor CPU (all threads)  ${secs(r.supervisorCpuSeconds)}`,
    `other processes' CPU          exchange ${secs(r.exchangeCpuSeconds)}, Kafka broker ${
      r.brokerCpuSeconds === undefined
        ? 'n/a'
        : `${secs(r.brokerCpuSeconds)} (peak RSS ${mib(r.brokerPeakRssBytes)})`
    }`,
    `busiest threads               ${r.threads
      .slice(0, 8)
      .map((t) => `${t.name}:${t.cpuSeconds.toFixed(1)}s`)
      .join(', ')}`,
    `commits / files               ${r.appendCommits} appends, ${r.snapshots} snapshots, ${r.appendedFiles} files appended, ${r.liveFiles} live`,
    `supervisor exit               ${r.exitCode}`,
    `supervisor log events         ${
      Object.entries(r.logEvents)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    }`,
    `exactly-once                  ${
      r.exactlyOnceProblems.length === 0
        ? `ok (${r.symbols.length} symbols, rows == distinct ids == ${int(o.tradesPerSymbol)})`
        : `FAILED: ${r.exactlyOnceProblems.join('; ')}`
    }`,
  ]
  return lines.join('\n')
}
