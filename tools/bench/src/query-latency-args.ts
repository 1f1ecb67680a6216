import { parseArgs } from 'node:util'

import { PARQUET_WRITER_DEFAULTS } from '@k2/iceberg'

import { TRADE_GENERATOR_DEFAULTS } from './trade-generator.js'

/** Options of the query latency benchmark, from its command line. */
export interface QueryLatencyOptions {
  /** Trades in the table (and in the single sorted file). */
  readonly trades: number
  /** Seed of the generated trades; the query parameters use their own seed derived from it. */
  readonly seed: number
  /**
   * Rows per Parquet row group of the table's files and of the single sorted file (the same, so
   * the bound stays comparable); default: the writer's default (`PARQUET_WRITER_DEFAULTS`).
   */
  readonly rowGroupSize: number
  /** Timed runs of each query per side. */
  readonly iterations: number
  /** Untimed runs of each query per side before the timed ones. */
  readonly warmup: number
  /** Build the cached warehouse again even if a complete one exists. */
  readonly rebuild: boolean
  /** Where to write the JSON results; undefined = `reports/bench/query-latency.json`. */
  readonly out: string | undefined
  /** Print the JSON results to stdout instead of the table. */
  readonly json: boolean
  readonly help: boolean
}

/** Defaults of {@link QueryLatencyOptions}: issue 6 item 7. */
export const QUERY_LATENCY_DEFAULTS = {
  trades: 10_000_000,
  seed: TRADE_GENERATOR_DEFAULTS.seed,
  rowGroupSize: PARQUET_WRITER_DEFAULTS.rowGroupSize,
  iterations: 50,
  warmup: 5,
} as const

/** The Parquet writer's smallest row group (`validateParquetWriterOptions`). */
export const MIN_ROW_GROUP_SIZE = 2048

/** UTC days the generated trades span (issue 6: 30 days), one `timestamp_day` partition each. */
export const QUERY_LATENCY_DAYS = 30

/** Usage text of the benchmark. */
export const QUERY_LATENCY_USAGE = `Usage: npm run bench:query-latency -- [options]

Issue 6 item 7: latency of four queries through K2's HTTP API (startApiServer in-process, real
HTTP with fetch) over market_data.trades_v2, and of the same SQL run by DuckDB directly on one
Parquet file of the same rows sorted by (symbol, timestamp) (the lower bound). Queries: point
(one symbol, one minute), 1-minute bars of one symbol-day, daily summary, multi-symbol range
(5 symbols, 1 hour, limit 1000). p50/p99 in ms over the timed runs, and API p50 / bound p50.

The warehouse (${QUERY_LATENCY_DAYS} UTC days, 20 symbols, one append per day) and the sorted
file, both written with the same rows per row group, are cached in
reports/bench/query-warehouse-<trades>-<seed>-rg<rows> and reused when complete.

  --trades N      trades (default ${QUERY_LATENCY_DEFAULTS.trades})
  --seed N        seed of the generated trades (default ${QUERY_LATENCY_DEFAULTS.seed})
  --row-group-size N
                  rows per Parquet row group of the table's files and of the sorted file
                  (default: the writer's, ${QUERY_LATENCY_DEFAULTS.rowGroupSize};
                  at least ${MIN_ROW_GROUP_SIZE})
  --iterations N  timed runs per query and side (default ${QUERY_LATENCY_DEFAULTS.iterations})
  --warmup N      untimed runs first (default ${QUERY_LATENCY_DEFAULTS.warmup})
  --rebuild       build the cached warehouse again
  --out FILE      JSON results file (default reports/bench/query-latency.json)
  --json          print the JSON results instead of the table
  --help          this text`

/** Parses and validates the command line; throws a RangeError naming the bad flag. */
export function parseQueryLatencyArgs(argv: readonly string[]): QueryLatencyOptions {
  const d = QUERY_LATENCY_DEFAULTS
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      trades: { type: 'string', default: String(d.trades) },
      seed: { type: 'string', default: String(d.seed) },
      'row-group-size': { type: 'string', default: String(d.rowGroupSize) },
      iterations: { type: 'string', default: String(d.iterations) },
      warmup: { type: 'string', default: String(d.warmup) },
      rebuild: { type: 'boolean', default: false },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  return {
    trades: positiveInt('--trades', values.trades),
    seed: nonNegativeInt('--seed', values.seed),
    rowGroupSize: rowGroupSize(values['row-group-size']),
    iterations: positiveInt('--iterations', values.iterations),
    warmup: nonNegativeInt('--warmup', values.warmup),
    rebuild: values.rebuild,
    out: values.out,
    json: values.json,
    help: values.help,
  }
}

/** The command line that reproduces `options` (flags that differ from the defaults). */
export function queryLatencyCommand(options: QueryLatencyOptions): string {
  const d = QUERY_LATENCY_DEFAULTS
  const words: string[] = []
  if (options.trades !== d.trades) words.push('--trades', String(options.trades))
  if (options.seed !== d.seed) words.push('--seed', String(options.seed))
  if (options.rowGroupSize !== d.rowGroupSize) {
    words.push('--row-group-size', String(options.rowGroupSize))
  }
  if (options.iterations !== d.iterations) words.push('--iterations', String(options.iterations))
  if (options.warmup !== d.warmup) words.push('--warmup', String(options.warmup))
  const base = 'npm run bench:query-latency'
  return words.length === 0 ? base : `${base} -- ${words.join(' ')}`
}

function rowGroupSize(text: string): number {
  const n = nonNegativeInt('--row-group-size', text)
  if (n < MIN_ROW_GROUP_SIZE) {
    throw new RangeError(`--row-group-size must be at least ${MIN_ROW_GROUP_SIZE}, got ${text}`)
  }
  return n
}

function positiveInt(flag: string, text: string): number {
  const n = nonNegativeInt(flag, text)
  if (n === 0) throw new RangeError(`${flag} must be a positive integer, got ${text}`)
  return n
}

function nonNegativeInt(flag: string, text: string): number {
  // Underscores allowed for readability: --trades 2_000_000.
  const clean = text.replaceAll('_', '')
  const n = Number(clean)
  if (!/^\d+$/.test(clean) || !Number.isSafeInteger(n)) {
    throw new RangeError(`${flag} must be a non-negative integer, got ${JSON.stringify(text)}`)
  }
  return n
}
