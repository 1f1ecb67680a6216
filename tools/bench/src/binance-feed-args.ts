import { parseArgs } from 'node:util'

import { FEED_MODES, type FeedMode } from './binance-feed.protocol.js'

/** Options of the Binance feed benchmark, from its command line. */
export interface FeedBenchOptions {
  /** Frames timed per run (after the warm-up). */
  readonly frames: number
  /** Frames consumed before timing starts (JIT warm-up, connection ramp-up). */
  readonly warmup: number
  /** Runs per mode; each with a fresh exchange process and a fresh consumer process. */
  readonly runs: number
  /** Symbols on the one combined-stream connection. */
  readonly symbols: number
  /** Seed of the replay exchange's generated trades. */
  readonly seed: number
  /** Modes to run, in order. */
  readonly modes: readonly FeedMode[]
  /** Where to write the JSON results; undefined = `reports/bench/binance-feed.json`. */
  readonly out: string | undefined
  readonly help: boolean
}

/** Defaults of {@link FeedBenchOptions} (issue 4: 1,000,000 frames, 3 runs, median). */
export const FEED_BENCH_DEFAULTS = {
  frames: 1_000_000,
  warmup: 200_000,
  runs: 3,
  symbols: 10,
  seed: 1,
} as const

/** Usage text of the benchmark. */
export const FEED_BENCH_USAGE = `Usage: npm run bench:binance-feed -- [options]

Streams trades from the replay exchange (tools/binance-replay, separate process, rate 0 = full
speed) over one combined-stream WebSocket and, in a separate consumer process, parses each frame
the way the Binance feed does. Reports frames per second of the consuming thread's CPU time, for
each stage: receive (socket + UTF-8 decode), json (+ JSON.parse), validate (+ D9 checks), full
(+ conversion to TradeV2).

  --frames N    frames timed per run (default ${FEED_BENCH_DEFAULTS.frames})
  --warmup N    frames consumed before timing starts (default ${FEED_BENCH_DEFAULTS.warmup})
  --runs N      runs per mode (default ${FEED_BENCH_DEFAULTS.runs})
  --symbols N   symbols on the connection (default ${FEED_BENCH_DEFAULTS.symbols})
  --seed N      seed of the generated trades (default ${FEED_BENCH_DEFAULTS.seed})
  --modes LIST  comma list of ${FEED_MODES.join(',')} (default all)
  --out FILE    JSON results file (default reports/bench/binance-feed.json)
  --help        this text`

/** Parses and validates the command line; throws a RangeError naming the bad flag. */
export function parseFeedBenchArgs(argv: readonly string[]): FeedBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      frames: { type: 'string', default: String(FEED_BENCH_DEFAULTS.frames) },
      warmup: { type: 'string', default: String(FEED_BENCH_DEFAULTS.warmup) },
      runs: { type: 'string', default: String(FEED_BENCH_DEFAULTS.runs) },
      symbols: { type: 'string', default: String(FEED_BENCH_DEFAULTS.symbols) },
      seed: { type: 'string', default: String(FEED_BENCH_DEFAULTS.seed) },
      modes: { type: 'string', default: FEED_MODES.join(',') },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  const modes = values.modes.split(',').map((m) => m.trim())
  const unknown = modes.find((m) => !(FEED_MODES as readonly string[]).includes(m))
  if (unknown !== undefined || modes.length === 0) {
    throw new RangeError(
      `--modes must be a comma list of ${FEED_MODES.join(', ')}, got ${JSON.stringify(values.modes)}`,
    )
  }
  return {
    frames: positiveInt('--frames', values.frames),
    warmup: nonNegativeInt('--warmup', values.warmup),
    runs: positiveInt('--runs', values.runs),
    symbols: positiveInt('--symbols', values.symbols),
    seed: nonNegativeInt('--seed', values.seed),
    modes: [...new Set(modes)] as FeedMode[],
    out: values.out,
    help: values.help,
  }
}

/** The command line that reproduces `options` (flags that differ from the defaults). */
export function feedBenchCommand(options: FeedBenchOptions): string {
  const words: string[] = []
  for (const key of ['frames', 'warmup', 'runs', 'symbols', 'seed'] as const) {
    if (options[key] !== FEED_BENCH_DEFAULTS[key]) words.push(`--${key}`, String(options[key]))
  }
  if (options.modes.join(',') !== FEED_MODES.join(','))
    words.push('--modes', options.modes.join(','))
  const base = 'npm run bench:binance-feed'
  return words.length === 0 ? base : `${base} -- ${words.join(' ')}`
}

function positiveInt(flag: string, text: string): number {
  const n = nonNegativeInt(flag, text)
  if (n === 0) throw new RangeError(`${flag} must be a positive integer, got ${text}`)
  return n
}

function nonNegativeInt(flag: string, text: string): number {
  const clean = text.replaceAll('_', '')
  const n = Number(clean)
  if (!/^\d+$/.test(clean) || !Number.isSafeInteger(n)) {
    throw new RangeError(`${flag} must be a non-negative integer, got ${JSON.stringify(text)}`)
  }
  return n
}
