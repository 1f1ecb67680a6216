import { summarize, type Stat } from './stats.js'
import type { TradeChecksums } from './trade-checksums.js'

/** The two writers compared. */
export type Side = 'k2' | 'pyiceberg'

/** One verified run of one side. Seconds are wall-clock, sizes and memory in bytes. */
export interface RunMeasurement {
  readonly side: Side
  readonly run: number
  /** The timed append: K2 `appendRows`, pyiceberg `table.append`. */
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
  /** What pyiceberg read back: `scan().count()` and the snapshot's `total-records`. */
  readonly scanCount: number
  readonly totalRecords: number
}

/** The measurements summarized over runs, by metric. */
export type SideSummary = { readonly [K in SummaryMetric]: Stat }

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
  readonly summary: { readonly k2?: SideSummary; readonly pyiceberg?: SideSummary }
  /** K2 rows/s over pyiceberg rows/s: of the medians, and the worst and best pairing of runs. */
  readonly ratio?: Stat
}

/** Summarizes the runs of one side; undefined when it has none. */
export function summarizeSide(
  runs: readonly RunMeasurement[],
  side: Side,
): SideSummary | undefined {
  const mine = runs.filter((r) => r.side === side)
  if (mine.length === 0) return undefined
  return Object.fromEntries(
    SUMMARY_METRICS.map((metric) => [metric, summarize(mine.map((r) => r[metric]))]),
  ) as SideSummary
}

/** K2's throughput over pyiceberg's: median over median, and min/max over max/min. */
export function throughputRatio(k2: SideSummary, pyiceberg: SideSummary): Stat {
  const a = k2.rowsPerSecond
  const b = pyiceberg.rowsPerSecond
  return { median: a.median / b.median, min: a.min / b.max, max: a.max / b.min }
}
