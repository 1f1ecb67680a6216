import { summarize, type Stat } from './stats.js'
import type { TradeChecksums } from './trade-checksums.js'

/**
 * The writers compared: K2 appending `TradeV2` objects (`appendRows`), K2 appending rows already
 * read into `TableColumns` as a buffering writer keeps them (`appendColumns`), and pyiceberg.
 */
export type Side = 'k2' | 'k2-columns' | 'pyiceberg'

/** One verified run of one side. Seconds are wall-clock, sizes and memory in bytes. */
export interface RunMeasurement {
  readonly side: Side
  readonly run: number
  /** The timed append: K2 `appendRows` / `appendColumns`, pyiceberg `table.append`. */
  readonly seconds: number
  readonly rowsPerSecond: number
  /** Part of `seconds` spent writing Parquet data files. */
  readonly writeSeconds: number
  /** The rest: manifests, manifest list, table metadata, catalog swap. */
  readonly commitSeconds: number
  /** CPU time of the appending process, all threads, during the append. */
  readonly cpuSeconds: number
  /**
   * Time the main thread worked during the append: K2 the event loop's active time (JS encoding
   * rows for DuckDB), pyiceberg `time.thread_time()` of the calling thread.
   */
  readonly mainThreadSeconds: number
  /** `.parquet` files under the table's `data/`. */
  readonly dataFiles: number
  readonly dataBytes: number
  /** Bytes the append added under `metadata/` (metadata JSON, manifest list, manifests). */
  readonly metadataBytes: number
  /** Resident set size right before the timed call (the input already in memory). */
  readonly rssBeforeBytes: number
  /** Peak resident set size of the process that ran the append. */
  readonly peakRssBytes: number
  /**
   * K2 only, not timed: seconds to build the input `TradeV2` objects with `createTrade` (UUID v5
   * message ids, decimal validation), for comparison with the append itself.
   */
  readonly generationSeconds?: number
  /**
   * `k2-columns` only, not timed: seconds to read the `TradeV2` objects into `TableColumns` in
   * batches of 1,000 (the CPU a buffering writer spends as batches arrive, before its commit).
   */
  readonly readSeconds?: number
  /** What pyiceberg read back: `scan().count()` and the snapshot's `total-records`. */
  readonly scanCount: number
  readonly totalRecords: number
}

/**
 * The measurements summarized over runs, by metric; `readSeconds` when every run has one
 * (`k2-columns`).
 */
export type SideSummary = { readonly [K in SummaryMetric]: Stat } & { readonly readSeconds?: Stat }

/** The metrics summarized per side. */
export const SUMMARY_METRICS = [
  'seconds',
  'rowsPerSecond',
  'writeSeconds',
  'commitSeconds',
  'cpuSeconds',
  'mainThreadSeconds',
  'dataFiles',
  'dataBytes',
  'metadataBytes',
  'rssBeforeBytes',
  'peakRssBytes',
] as const

/** One of {@link SUMMARY_METRICS}. */
export type SummaryMetric = (typeof SUMMARY_METRICS)[number]

/** Where and with what the benchmark ran. */
export interface Environment {
  readonly cpuModel: string
  readonly cpus: number
  readonly memoryBytes: number
  readonly os: string
  readonly node: string
  /**
   * 1-minute load average before the benchmark started: other work on the machine competes for
   * its cores and inflates both sides' times (noisy runs also show a wide min-max). Taken before
   * the first run because later the benchmark's own processes count in it.
   */
  readonly loadAverageBefore: number
  readonly python?: string
  readonly pyiceberg?: string
  readonly pyarrow?: string
  readonly pyicebergCore?: string
}

/** Everything the benchmark writes to its JSON results file. */
export interface BenchResults {
  readonly benchmark: 'iceberg-append'
  /** ISO time the benchmark finished. */
  readonly date: string
  readonly command: string
  readonly environment: Environment
  readonly data: {
    readonly rows: number
    readonly symbols: number
    readonly days: number
    readonly seed: number
    readonly checksums: TradeChecksums
  }
  readonly runs: readonly RunMeasurement[]
  readonly summary: ResultsSummary
  /**
   * K2 (from rows) rows/s over pyiceberg rows/s: of the medians, and the worst and best pairing
   * of runs.
   */
  readonly ratio?: Stat
  /** The same for K2 from columns over pyiceberg. */
  readonly columnsRatio?: Stat
}

/** Each side's summary, by side (`k2Columns` is side `k2-columns`). */
export interface ResultsSummary {
  readonly k2?: SideSummary
  readonly k2Columns?: SideSummary
  readonly pyiceberg?: SideSummary
}

/** Summarizes the runs of one side; undefined when it has none. */
export function summarizeSide(
  runs: readonly RunMeasurement[],
  side: Side,
): SideSummary | undefined {
  const mine = runs.filter((r) => r.side === side)
  if (mine.length === 0) return undefined
  const summary = Object.fromEntries(
    SUMMARY_METRICS.map((metric) => [metric, summarize(mine.map((r) => r[metric]))]),
  ) as SideSummary
  const reads = mine.flatMap((r) => (r.readSeconds === undefined ? [] : [r.readSeconds]))
  return reads.length === mine.length ? { ...summary, readSeconds: summarize(reads) } : summary
}

/** Every side's summary and the throughput ratios of the K2 sides over pyiceberg. */
export function summarizeRuns(
  runs: readonly RunMeasurement[],
): Pick<BenchResults, 'summary' | 'ratio' | 'columnsRatio'> {
  const k2 = summarizeSide(runs, 'k2')
  const k2Columns = summarizeSide(runs, 'k2-columns')
  const pyiceberg = summarizeSide(runs, 'pyiceberg')
  return {
    summary: {
      ...(k2 ? { k2 } : {}),
      ...(k2Columns ? { k2Columns } : {}),
      ...(pyiceberg ? { pyiceberg } : {}),
    },
    ...(k2 && pyiceberg ? { ratio: throughputRatio(k2, pyiceberg) } : {}),
    ...(k2Columns && pyiceberg ? { columnsRatio: throughputRatio(k2Columns, pyiceberg) } : {}),
  }
}

/** A K2 side's throughput over pyiceberg's: median over median, and min/max over max/min. */
export function throughputRatio(k2: SideSummary, pyiceberg: SideSummary): Stat {
  const a = k2.rowsPerSecond
  const b = pyiceberg.rowsPerSecond
  return { median: a.median / b.median, min: a.min / b.max, max: a.max / b.min }
}
