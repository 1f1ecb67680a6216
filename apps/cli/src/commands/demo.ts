import { DEFAULTS as REPLAY_DEFAULTS } from '@k2/tools-binance-replay'

import { defineCommand } from '../command.js'
import { invalidFlag } from '../errors.js'
import { booleanFlag, integerFlag, numberFlag, stringFlag, symbolListFlag } from '../flags.js'
import { runDemo } from '../demo/run-demo.js'

/** Trades per second (over all symbols) the replay exchange generates unless `--rate` says. */
export const DEMO_DEFAULT_RATE = 50

/** Seconds of streaming unless `--duration` says. */
export const DEMO_DEFAULT_DURATION_S = 20

const FLAGS = {
  duration: numberFlag({
    description: 'seconds to stream and watch before the queries',
    placeholder: 'S',
    min: 0,
    minInclusive: false,
    default: DEMO_DEFAULT_DURATION_S,
  }),
  symbols: symbolListFlag({
    description: `symbols to stream (default ${REPLAY_DEFAULTS.symbols.join(',')}; with --live K2_BINANCE_SYMBOLS)`,
  }),
  live: booleanFlag({
    description:
      'stream from Binance (K2_BINANCE_WS_URL, K2_BINANCE_REST_URL) instead of the replay exchange',
  }),
  rate: numberFlag({
    description: `replay exchange: trades per second over all symbols (default ${DEMO_DEFAULT_RATE})`,
    placeholder: 'R',
    min: 0,
    minInclusive: false,
  }),
  seed: integerFlag({
    description: `replay exchange: seed of the generated trades (default ${REPLAY_DEFAULTS.seed})`,
    placeholder: 'S',
  }),
  warehouse: stringFlag({
    description: 'Iceberg warehouse directory to write (default: a temporary one, removed after)',
    placeholder: 'DIR',
  }),
  apiPort: integerFlag({
    description: "port of the supervisor's REST API (default: a free port)",
    placeholder: 'P',
    min: 1,
    max: 65_535,
  }),
  keep: booleanFlag({ description: 'keep the temporary warehouse and the supervisor log' }),
} as const

/**
 * `k2 demo`: the whole pipeline in one terminal. Starts the replay exchange in-process (or uses
 * Binance with `--live`) and the supervisor as a child process (embedded transport), shows a
 * live view from the API's `/metrics` every second, then asks the REST API a few questions and
 * stops everything (SIGTERM: the supervisor's orderly shutdown).
 */
export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'stream, store and query live: a terminal tour of the whole pipeline',
  description:
    'Starts the Binance-compatible replay exchange (or uses Binance with --live) and the\n' +
    'supervisor as a child process (embedded transport, writing a temporary warehouse unless\n' +
    '--warehouse, trace sampling 1 and traces exported only if K2_OTEL_EXPORTER_OTLP_ENDPOINT is\n' +
    "set). For --duration seconds it reads the API's /metrics every second and shows, per symbol,\n" +
    'the last price and trades/s, and the rows committed to Iceberg with their freshness p50/p99\n' +
    '(redrawn in a terminal, one line per second otherwise). Then it asks the REST API for the\n' +
    'latest trades, 1-minute bars, the daily summary and the snapshots, prints the answers and\n' +
    'stops the supervisor (SIGTERM, orderly shutdown) and the exchange. Ctrl-C stops everything.\n' +
    'Exit 1 if the supervisor fails, a query fails or the shutdown is not clean.',
  flags: FLAGS,
  examples: [
    'demo',
    'demo --duration 60 --symbols BTCUSDT,ETHUSDT --rate 200',
    'demo --live --symbols BTCUSDT,ETHUSDT',
  ],
  async run(values, context) {
    if (values.live && values.rate !== undefined) {
      throw invalidFlag('rate', 'applies to the replay exchange, not to --live')
    }
    if (values.live && values.seed !== undefined) {
      throw invalidFlag('seed', 'applies to the replay exchange, not to --live')
    }
    const config = context.loadConfig()
    const symbols =
      values.symbols ?? (values.live ? config.binance.symbols : REPLAY_DEFAULTS.symbols)
    if (symbols.length === 0)
      throw invalidFlag('symbols', 'is required (K2_BINANCE_SYMBOLS is empty)')
    if (new Set(symbols).size !== symbols.length)
      throw invalidFlag('symbols', 'must not repeat a symbol')
    return runDemo(
      {
        durationS: values.duration,
        symbols,
        source: values.live
          ? { kind: 'live' }
          : { kind: 'replay', rate: values.rate ?? DEMO_DEFAULT_RATE, seed: values.seed },
        warehouse: values.warehouse,
        apiPort: values.apiPort,
        keep: values.keep,
      },
      config,
      context,
    )
  },
})
