import { parseArgs } from 'node:util'

import { K2Error } from '@k2/core'

import { DEFAULTS, resolveOptions, type ReplayExchangeOptions } from './options.js'

/** Port of the CLI when `--port` is not given: Binance's stream port. */
export const DEFAULT_PORT = 9443

/** `--help` text of the CLI. */
export const USAGE = `Usage: npx tsx tools/binance-replay/src/main.ts [options]

Runs a Binance-compatible spot exchange (a test double) until Ctrl-C: WebSocket Streams
(/stream?streams=..., /ws/<stream>), REST /api/v3/historicalTrades, and /k2/stats, /k2/faults/*.

Options:
  --port P                     port to listen on; default ${DEFAULT_PORT} (0 = any free port)
  --host H                     interface to listen on; default ${DEFAULTS.host}
  --symbols A,B                symbols to generate; default ${DEFAULTS.symbols.join(',')}
  --trades-per-symbol N        stop each symbol after N trades; default: never
  --rate R                     trades per second over all symbols; default ${DEFAULTS.rate} (0 = as fast as clients read)
  --seed S                     seed of the generated trades; default ${DEFAULTS.seed}
  --start-time MS              trade time of the tape's start, ms since the epoch; default: now
  --start-on-listen            start the tape at once, not at the first subscription
  --ping-interval-ms MS        server ping interval; default ${DEFAULTS.pingIntervalMs}
  --pong-timeout-ms MS         drop clients that have not answered a ping for MS; default ${DEFAULTS.pongTimeoutMs}
  --max-connection-age-ms MS   close connections at this age; default ${DEFAULTS.maxConnectionAgeMs}
  --rest-weight-per-minute W   REST weight budget per minute; default ${DEFAULTS.restWeightPerMinute}
  --max-incoming-per-second N  client messages per second before a close; default ${DEFAULTS.maxIncomingMessagesPerSecond} (0 = no limit)
  --play FILE                  play a recording (JSONL {"recv_ts","frame"}) instead of generating
  --speed X                    playback speed; default ${DEFAULTS.speed} (0 = as fast as clients read)
  -h, --help                   show this help`

/** A parsed command line: a request for help, or the exchange's options. */
export type CliCommand =
  | { readonly help: true }
  | { readonly help: false; readonly options: ReplayExchangeOptions }

/** A command line that cannot be run; the CLI prints it with the usage and exits 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError'
}

const INTEGER_FLAGS = {
  port: 'port',
  'trades-per-symbol': 'tradesPerSymbol',
  seed: 'seed',
  'start-time': 'startTime',
  'ping-interval-ms': 'pingIntervalMs',
  'pong-timeout-ms': 'pongTimeoutMs',
  'max-connection-age-ms': 'maxConnectionAgeMs',
  'rest-weight-per-minute': 'restWeightPerMinute',
  'max-incoming-per-second': 'maxIncomingMessagesPerSecond',
} as const satisfies Record<string, keyof ReplayExchangeOptions>

const NUMBER_FLAGS = { rate: 'rate', speed: 'speed' } as const

const FLAG_OF_OPTION: Readonly<Record<string, string>> = Object.fromEntries(
  [...Object.entries(INTEGER_FLAGS), ...Object.entries(NUMBER_FLAGS)]
    .map(([flag, option]) => [option, flag])
    .concat([
      ['symbols', 'symbols'],
      ['host', 'host'],
      ['play', 'play'],
    ]),
)

type Values = Record<string, string | boolean | undefined>

/** Parses the CLI flags (see {@link USAGE}); throws {@link CliUsageError} naming the flag. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values: Values
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(
          [
            ...Object.keys(INTEGER_FLAGS),
            ...Object.keys(NUMBER_FLAGS),
            'host',
            'symbols',
            'play',
          ].map((flag) => [flag, { type: 'string' as const }]),
        ),
        'start-on-listen': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    // node:util's messages suggest `--` tricks that do not apply here; keep only the problem.
    throw new CliUsageError((error as Error).message.split('. ')[0] ?? 'invalid arguments')
  }
  if (values.help === true) return { help: true }
  const options: Record<string, unknown> = { port: DEFAULT_PORT }
  for (const [flag, option] of Object.entries(INTEGER_FLAGS)) {
    const text = values[flag]
    if (typeof text !== 'string') continue
    if (!/^\d{1,16}$/.test(text.trim())) {
      throw new CliUsageError(
        `--${flag} must be a non-negative integer (got ${JSON.stringify(text)})`,
      )
    }
    options[option] = Number(text)
  }
  for (const [flag, option] of Object.entries(NUMBER_FLAGS)) {
    const text = values[flag]
    if (typeof text !== 'string') continue
    if (!/^\d+(\.\d+)?$/.test(text.trim())) {
      throw new CliUsageError(
        `--${flag} must be a non-negative number (got ${JSON.stringify(text)})`,
      )
    }
    options[option] = Number(text)
  }
  if (typeof values.host === 'string') options.host = values.host
  if (typeof values.symbols === 'string') {
    options.symbols = values.symbols.split(',').map((symbol) => symbol.trim().toUpperCase())
  }
  if (typeof values.play === 'string') options.play = values.play
  if (values['start-on-listen'] === true) options.startOnListen = true
  try {
    resolveOptions(options as ReplayExchangeOptions)
  } catch (error) {
    if (!(error instanceof K2Error)) throw error
    const option = String(error.context.option ?? '')
    const flag = FLAG_OF_OPTION[option]
    throw new CliUsageError(
      flag === undefined ? error.message : `--${flag}${error.message.slice(option.length)}`,
    )
  }
  return { help: false, options: options as ReplayExchangeOptions }
}
