import { K2Error } from '@k2/core'
import {
  DEFAULTS,
  startReplayExchange,
  type ReplayExchange,
  type ReplayExchangeOptions,
} from '@k2/tools-binance-replay'

import { defineCommand } from '../command.js'
import { CliError, EXIT_CODES, invalidFlag } from '../errors.js'
import {
  flagName,
  integerFlag,
  numberFlag,
  stringFlag,
  symbolListFlag,
  type FlagValues,
} from '../flags.js'
import { whenAborted } from '../when-aborted.js'

/** Port when `--port` is not given: Binance's stream port, so URLs look familiar. */
export const EXCHANGE_DEFAULT_PORT = 9443

const FLAGS = {
  port: integerFlag({
    description: 'port of the WebSocket, REST and control endpoints (0 = any free port)',
    placeholder: 'P',
    min: 0,
    max: 65_535,
    default: EXCHANGE_DEFAULT_PORT,
  }),
  host: stringFlag({
    description: 'interface to listen on',
    placeholder: 'H',
    default: DEFAULTS.host,
  }),
  symbols: symbolListFlag({
    description: `symbols to generate (default ${DEFAULTS.symbols.join(',')})`,
  }),
  tradesPerSymbol: integerFlag({ description: 'stop each symbol after N trades (default: never)' }),
  rate: numberFlag({
    description: `trades per second over all symbols, 0 = as fast as clients read (default ${DEFAULTS.rate})`,
    placeholder: 'R',
  }),
  seed: integerFlag({
    description: `seed of the generated trades (default ${DEFAULTS.seed})`,
    placeholder: 'S',
  }),
  pingIntervalMs: integerFlag({
    description: `server ping interval (default ${DEFAULTS.pingIntervalMs})`,
    placeholder: 'MS',
    min: 1,
  }),
  play: stringFlag({
    description: 'play a recording (JSONL {"recv_ts","frame"}, as `k2 record` writes) instead',
    placeholder: 'FILE',
  }),
  speed: numberFlag({
    description: `playback speed, 0 = as fast as clients read (default ${DEFAULTS.speed})`,
  }),
} as const

/** `--flag` of each replay-exchange option, to name the flag in its validation errors. */
const FLAG_OF_OPTION: Readonly<Record<string, string>> = Object.fromEntries(
  Object.keys(FLAGS).map((key) => [key, flagName(key)]),
)

/** The replay exchange's options: only the flags given, so its own defaults apply. */
function replayOptions(values: FlagValues<typeof FLAGS>): ReplayExchangeOptions {
  const options: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) options[key] = value
  }
  return options as ReplayExchangeOptions
}

/**
 * `k2 exchange`: runs the Binance-compatible replay exchange of `tools/binance-replay` in the
 * foreground (generated trades or a recording), prints where to point K2, stops on Ctrl-C.
 */
export const exchangeCommand = defineCommand({
  name: 'exchange',
  summary: 'run the Binance-compatible replay exchange (generated trades or a recording)',
  description:
    'Runs a local Binance-compatible spot exchange until Ctrl-C: WebSocket Streams\n' +
    '(/stream?streams=..., /ws/<stream>), REST /api/v3/historicalTrades, /k2/stats and\n' +
    'POST /k2/faults/{drop,silence,malformed,skip,shutdown}. Trades are generated (deterministic\n' +
    'for a seed, ids from 1 per symbol) or played from a recording made with `k2 record`.',
  flags: FLAGS,
  examples: [
    'exchange --port 9443 --symbols BTCUSDT,ETHUSDT --rate 100 --seed 7',
    'exchange --port 0 --symbols BTCUSDT --trades-per-symbol 1000000 --rate 0',
    'exchange --play session.jsonl --speed 10',
  ],
  async run(values, context) {
    let exchange: ReplayExchange
    try {
      exchange = await startReplayExchange(replayOptions(values))
    } catch (error) {
      throw startFailure(error, values)
    }
    const stats = exchange.stats()
    const what =
      stats.mode === 'play'
        ? `playing ${values.play} at speed ${values.speed ?? DEFAULTS.speed}`
        : `generating ${Object.keys(stats.symbols).join(',')} ${rateText(values.rate ?? DEFAULTS.rate)}`
    const firstStream = `${Object.keys(stats.symbols)[0]?.toLowerCase() ?? 'btcusdt'}@trade`
    context.out(`binance replay exchange ${what}`)
    context.out(
      `websocket ${exchange.url} (${exchange.url}/stream?streams=${firstStream}, /ws/${firstStream})`,
    )
    context.out(
      `rest ${exchange.restUrl} (/api/v3/historicalTrades, /k2/stats, POST /k2/faults/<kind>)`,
    )
    context.out(
      `point K2 at it: K2_BINANCE_WS_URL=${exchange.url}/stream K2_BINANCE_REST_URL=${exchange.restUrl}`,
    )
    context.err('Ctrl-C stops it')
    await whenAborted(context.signal)
    await exchange.close()
    context.out('binance replay exchange stopped')
    return EXIT_CODES.ok
  },
})

function rateText(rate: number): string {
  return rate === 0 ? 'as fast as clients read (rate 0)' : `at ${rate} trades/s`
}

/** A failed start as a coded error: bad option -> usage error naming the flag; else failed. */
function startFailure(error: unknown, values: FlagValues<typeof FLAGS>): K2Error {
  if (error instanceof K2Error && error.code === 'REPLAY_INVALID_OPTIONS') {
    const option = String(error.context.option ?? '')
    const flag = FLAG_OF_OPTION[option]
    if (flag !== undefined) return invalidFlag(flag, error.message.slice(option.length).trim())
    return new CliError('CLI_INVALID_ARGUMENT', error.message, { cause: error })
  }
  if (error instanceof K2Error) return error
  const code = (error as NodeJS.ErrnoException).code
  const message =
    code === 'EADDRINUSE'
      ? `cannot listen on ${values.host}:${values.port}: address already in use (try --port 0)`
      : `cannot start the replay exchange: ${(error as Error).message}`
  return new CliError('CLI_COMMAND_FAILED', message, { cause: error })
}
