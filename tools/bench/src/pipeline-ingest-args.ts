import { parseArgs } from 'node:util'

import { BINANCE_MARKETS } from './binance-markets.js'

/** Feed -> writer transports of the supervisor (D5). */
export const PIPELINE_TRANSPORTS = ['embedded', 'kafka'] as const

/** One of {@link PIPELINE_TRANSPORTS}. */
export type PipelineTransport = (typeof PIPELINE_TRANSPORTS)[number]

/** Options of the end-to-end ingest benchmark, from its command line. */
export interface PipelineBenchOptions {
  /** Symbols the replay exchange generates and the supervisor streams. */
  readonly symbols: number
  readonly tradesPerSymbol: number
  /** Trades/s over all symbols; 0 = as fast as the supervisor reads (the ceiling). */
  readonly rate: number
  readonly transport: PipelineTransport
  /**
   * Kafka transport: an existing broker to use (its topics may hold an earlier run's trades, which
   * the writers then consume as well); undefined = a fresh broker started for this run.
   */
  readonly kafkaBrokers: string | undefined
  /** `K2_WRITERS`; undefined = the supervisor's default. */
  readonly writers: number | undefined
  /** `K2_COMMIT_INTERVAL_MS` / `K2_COMMIT_MAX_ROWS`; undefined = the supervisor's defaults. */
  readonly commitIntervalMs: number | undefined
  readonly commitMaxRows: number | undefined
  readonly commitMaxBytes: number | undefined
  /** `K2_TRACE_SAMPLE_RATIO` (0..1); undefined = the supervisor's default. */
  readonly traceRatio: number | undefined
  /** `K2_OTEL_EXPORTER_OTLP_ENDPOINT` (tracing on); undefined = tracing off. */
  readonly otlpEndpoint: string | undefined
  /** Seed of the replay exchange's generated trades. */
  readonly seed: number
  /** Give up when the table has not reached every trade after this many seconds. */
  readonly timeoutSeconds: number
  /** Directory for V8 CPU profiles of the supervisor (`--cpu-prof`, every thread); none if unset. */
  readonly cpuProfDir: string | undefined
  /** `K2_LOG_LEVEL` of the supervisor. */
  readonly logLevel: string
  /** Keep the temporary warehouse and the supervisor log. */
  readonly keep: boolean
  /** Where to write the JSON results; undefined = `reports/bench/pipeline-ingest.json`. */
  readonly out: string | undefined
  /** Print the JSON results to stdout instead of the table. */
  readonly json: boolean
  readonly help: boolean
}

/** Defaults of {@link PipelineBenchOptions}: the ceiling run of issue 5. */
export const PIPELINE_BENCH_DEFAULTS = {
  symbols: 4,
  tradesPerSymbol: 250_000,
  rate: 0,
  transport: 'embedded',
  seed: 1,
  timeoutSeconds: 600,
  logLevel: 'info',
} as const

/** Usage text of the benchmark. */
export const PIPELINE_BENCH_USAGE = `Usage: npm run bench:pipeline-ingest -- [options]

Runs the whole ingest path as a user would: the replay exchange (tools/binance-replay, own
process) -> the supervisor (apps/supervisor, own process, fresh temporary warehouse,
K2_FEED_START=earliest) -> committed rows of market_data.trades_v2. Reports sustained throughput
(committed rows/s between 10% and 90% of the total), freshness (per row: commit time of the
snapshot that added its file - ingestion_timestamp), peak RSS of the supervisor and an
exactly-once check (per symbol: rows == distinct trade ids == trades per symbol).

  --symbols N            symbols (default ${PIPELINE_BENCH_DEFAULTS.symbols})
  --trades-per-symbol N  trades per symbol (default ${PIPELINE_BENCH_DEFAULTS.tradesPerSymbol})
  --rate R               trades/s over all symbols; 0 = as fast as the supervisor reads (default 0)
  --transport T          embedded or kafka (default embedded); kafka starts a fresh local broker
                         for the run (tools/kafka) and stops it afterwards
  --kafka-brokers B      kafka: use this running broker instead (topics must not hold an
                         earlier run's trades: they would be consumed and counted too)
  --writers N            K2_WRITERS (default: the supervisor's)
  --commit-interval-ms N K2_COMMIT_INTERVAL_MS (default: the supervisor's)
  --commit-max-rows N    K2_COMMIT_MAX_ROWS (default: the supervisor's)
  --commit-max-bytes N   K2_COMMIT_MAX_BYTES (default: the supervisor's)
  --trace-ratio R        K2_TRACE_SAMPLE_RATIO, 0..1 (default: the supervisor's)
  --otlp-endpoint URL    K2_OTEL_EXPORTER_OTLP_ENDPOINT: tracing on, spans to this collector
  --seed N               seed of the generated trades (default ${PIPELINE_BENCH_DEFAULTS.seed})
  --timeout S            give up after S seconds (default ${PIPELINE_BENCH_DEFAULTS.timeoutSeconds})
  --cpu-prof DIR         write V8 CPU profiles of the supervisor's threads into DIR
  --log-level L          K2_LOG_LEVEL of the supervisor (default ${PIPELINE_BENCH_DEFAULTS.logLevel})
  --keep                 keep the warehouse and the supervisor log
  --out FILE             JSON results file (default reports/bench/pipeline-ingest.json)
  --json                 print the JSON results instead of the table
  --help                 this text`

/** Parses and validates the command line; throws a RangeError naming the bad flag. */
export function parsePipelineBenchArgs(argv: readonly string[]): PipelineBenchOptions {
  const d = PIPELINE_BENCH_DEFAULTS
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      symbols: { type: 'string', default: String(d.symbols) },
      'trades-per-symbol': { type: 'string', default: String(d.tradesPerSymbol) },
      rate: { type: 'string', default: String(d.rate) },
      transport: { type: 'string', default: d.transport },
      'kafka-brokers': { type: 'string' },
      writers: { type: 'string' },
      'commit-interval-ms': { type: 'string' },
      'commit-max-rows': { type: 'string' },
      'commit-max-bytes': { type: 'string' },
      'trace-ratio': { type: 'string' },
      'otlp-endpoint': { type: 'string' },
      seed: { type: 'string', default: String(d.seed) },
      timeout: { type: 'string', default: String(d.timeoutSeconds) },
      'cpu-prof': { type: 'string' },
      'log-level': { type: 'string', default: d.logLevel },
      keep: { type: 'boolean', default: false },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  const transport = values.transport
  if (!(PIPELINE_TRANSPORTS as readonly string[]).includes(transport)) {
    throw new RangeError(
      `--transport must be one of ${PIPELINE_TRANSPORTS.join(', ')}, got ${JSON.stringify(transport)}`,
    )
  }
  const kafkaBrokers = values['kafka-brokers']
  if (kafkaBrokers !== undefined && transport !== 'kafka') {
    throw new RangeError('--kafka-brokers needs --transport kafka')
  }
  if (kafkaBrokers !== undefined && !/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/.test(kafkaBrokers)) {
    throw new RangeError(
      `--kafka-brokers must be host:port[,host:port...], got ${JSON.stringify(kafkaBrokers)}`,
    )
  }
  const optional = (flag: string, text: string | undefined) =>
    text === undefined ? undefined : positiveInt(flag, text)
  return {
    symbols: positiveInt('--symbols', values.symbols),
    tradesPerSymbol: positiveInt('--trades-per-symbol', values['trades-per-symbol']),
    rate: nonNegativeInt('--rate', values.rate),
    transport: transport as PipelineTransport,
    kafkaBrokers,
    writers: optional('--writers', values.writers),
    commitIntervalMs: optional('--commit-interval-ms', values['commit-interval-ms']),
    commitMaxRows: optional('--commit-max-rows', values['commit-max-rows']),
    commitMaxBytes: optional('--commit-max-bytes', values['commit-max-bytes']),
    traceRatio: ratio('--trace-ratio', values['trace-ratio']),
    otlpEndpoint: httpUrl('--otlp-endpoint', values['otlp-endpoint']),
    seed: nonNegativeInt('--seed', values.seed),
    timeoutSeconds: positiveInt('--timeout', values.timeout),
    cpuProfDir: values['cpu-prof'],
    logLevel: values['log-level'],
    keep: values.keep,
    out: values.out,
    json: values.json,
    help: values.help,
  }
}

/** The command line that reproduces `options` (flags that differ from the defaults). */
export function pipelineBenchCommand(options: PipelineBenchOptions): string {
  const d = PIPELINE_BENCH_DEFAULTS
  const words: string[] = []
  const add = (flag: string, value: string | number | undefined, def?: string | number) => {
    if (value !== undefined && value !== def) words.push(flag, String(value))
  }
  add('--symbols', options.symbols, d.symbols)
  add('--trades-per-symbol', options.tradesPerSymbol, d.tradesPerSymbol)
  add('--rate', options.rate, d.rate)
  add('--transport', options.transport, d.transport)
  add('--kafka-brokers', options.kafkaBrokers)
  add('--writers', options.writers)
  add('--commit-interval-ms', options.commitIntervalMs)
  add('--commit-max-rows', options.commitMaxRows)
  add('--commit-max-bytes', options.commitMaxBytes)
  add('--trace-ratio', options.traceRatio)
  add('--otlp-endpoint', options.otlpEndpoint)
  add('--seed', options.seed, d.seed)
  const base = 'npm run bench:pipeline-ingest'
  return words.length === 0 ? base : `${base} -- ${words.join(' ')}`
}

/** `n` Binance USDT symbols: the benchmarks' twenty markets (BTCUSDT first), then made-up ones. */
export function benchSymbols(n: number): string[] {
  return Array.from(
    { length: n },
    (_, i) => BINANCE_MARKETS[i]?.symbol ?? `X${String(i).padStart(3, '0')}USDT`,
  )
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

function ratio(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new RangeError(`${flag} must be a number from 0 to 1, got ${JSON.stringify(text)}`)
  }
  return n
}

function httpUrl(flag: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  if (!/^https?:\/\/[^\s/]+/.test(text)) {
    throw new RangeError(`${flag} must be an http(s) URL, got ${JSON.stringify(text)}`)
  }
  return text
}
