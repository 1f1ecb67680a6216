import { parseArgs } from 'node:util'

import type { K2Input } from './k2-append.protocol.js'
import { TRADE_GENERATOR_DEFAULTS } from './trade-generator.js'

/** K2's inputs in the order each round runs them (`--k2-inputs`). */
export const K2_INPUTS: readonly K2Input[] = ['rows', 'columns']

/** Options of the Iceberg append benchmark, from its command line. */
export interface BenchOptions {
  /** Trades per append. */
  readonly rows: number
  /** Runs per side; each in a fresh warehouse. */
  readonly runs: number
  /** Run only K2's writer (verification still reads the tables with pyiceberg). */
  readonly skipPyiceberg: boolean
  /** What K2 appends from, each its own side (in {@link K2_INPUTS} order, at least one). */
  readonly k2Inputs: readonly K2Input[]
  /** Keep the work directory (warehouses, NDJSON, Arrow input) instead of deleting it. */
  readonly keep: boolean
  /** Where to write the JSON results; undefined = `reports/bench/iceberg-append.json`. */
  readonly out: string | undefined
  /** Days the trades span (one partition each). */
  readonly days: number
  /** Seed of the trade generator. */
  readonly seed: number
  readonly help: boolean
}

/** Usage text of the benchmark. */
export const BENCH_USAGE = `Usage: npm run bench:iceberg-append -- [options]

Appends generated trades to market_data.trades_v2 with K2's writer (from TradeV2 objects, and
from rows read into TableColumns) and with pyiceberg, each run in a fresh warehouse, verifies
every table, and prints a comparison.

  --rows N          trades per append (default 1000000)
  --runs N          runs per side (default 3)
  --k2-inputs LIST  K2 sides, comma-separated: rows (appendRows), columns (appendColumns)
                    (default rows,columns)
  --skip-pyiceberg  run only K2's writer
  --keep            keep the work directory (warehouses and inputs)
  --out FILE        JSON results file (default reports/bench/iceberg-append.json)
  --days N          days the trades span, one partition each (default ${TRADE_GENERATOR_DEFAULTS.days})
  --seed N          trade generator seed (default ${TRADE_GENERATOR_DEFAULTS.seed})
  --help            this text`

/** Parses and validates the command line (`node:util` parseArgs); throws naming the bad flag. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      'skip-pyiceberg': { type: 'boolean', default: false },
      'k2-inputs': { type: 'string', default: K2_INPUTS.join(',') },
      keep: { type: 'boolean', default: false },
      out: { type: 'string' },
      days: { type: 'string', default: String(TRADE_GENERATOR_DEFAULTS.days) },
      seed: { type: 'string', default: String(TRADE_GENERATOR_DEFAULTS.seed) },
      help: { type: 'boolean', default: false },
    },
  })
  return {
    rows: positiveInt('--rows', values.rows),
    runs: positiveInt('--runs', values.runs),
    skipPyiceberg: values['skip-pyiceberg'],
    k2Inputs: k2Inputs(values['k2-inputs']),
    keep: values.keep,
    out: values.out,
    days: positiveInt('--days', values.days),
    seed: nonNegativeInt('--seed', values.seed),
    help: values.help,
  }
}

/** `rows,columns` -> the inputs named, in {@link K2_INPUTS} order; throws on an unknown or none. */
function k2Inputs(text: string): K2Input[] {
  const words = text.split(',').map((w) => w.trim())
  const unknown = words.filter((w) => !(K2_INPUTS as readonly string[]).includes(w))
  if (unknown.length > 0) {
    throw new RangeError(
      `--k2-inputs takes ${K2_INPUTS.join(', ')} (comma-separated), got ${JSON.stringify(text)}`,
    )
  }
  return K2_INPUTS.filter((input) => words.includes(input))
}

function positiveInt(flag: string, text: string): number {
  const n = nonNegativeInt(flag, text)
  if (n === 0) throw new RangeError(`${flag} must be a positive integer, got ${text}`)
  return n
}

function nonNegativeInt(flag: string, text: string): number {
  // Underscores allowed for readability: --rows 1_000_000.
  const clean = text.replaceAll('_', '')
  const n = Number(clean)
  if (!/^\d+$/.test(clean) || !Number.isSafeInteger(n)) {
    throw new RangeError(`${flag} must be a non-negative integer, got ${JSON.stringify(text)}`)
  }
  return n
}

/**
 * The command line that reproduces `options`' data and runs (flags that change the numbers and
 * differ from the defaults), for the results file and BENCHMARKS.md.
 */
export function benchCommand(options: BenchOptions): string {
  const defaults = parseBenchArgs([])
  const words: string[] = []
  if (options.rows !== defaults.rows) words.push('--rows', String(options.rows))
  if (options.runs !== defaults.runs) words.push('--runs', String(options.runs))
  if (options.k2Inputs.join(',') !== defaults.k2Inputs.join(',')) {
    words.push('--k2-inputs', options.k2Inputs.join(','))
  }
  if (options.skipPyiceberg) words.push('--skip-pyiceberg')
  if (options.days !== defaults.days) words.push('--days', String(options.days))
  if (options.seed !== defaults.seed) words.push('--seed', String(options.seed))
  const base = 'npm run bench:iceberg-append'
  return words.length === 0 ? base : `${base} -- ${words.join(' ')}`
}
