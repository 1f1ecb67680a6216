// CLI entry point: `npx tsx tools/binance-replay/src/main.ts [--port P] [--symbols A,B] ...`.
// Runs in the foreground until SIGINT/SIGTERM; importing anything else of this package never
// starts an exchange.
import { K2Error } from '@k2/core'

import { CliUsageError, USAGE, parseCliArgs, type CliCommand } from './cli-args.js'
import { startReplayExchange, type ReplayExchange } from './exchange.js'

/** Exit code for bad command-line input, distinct from a failed start. */
const EXIT_USAGE = 2

async function main(argv: readonly string[]): Promise<void> {
  let command: CliCommand
  try {
    command = parseCliArgs(argv)
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error
    console.error(`binance-replay: ${error.message}\n\n${USAGE}`)
    process.exitCode = EXIT_USAGE
    return
  }
  if (command.help) {
    console.log(USAGE)
    return
  }
  const { options } = command
  let exchange: ReplayExchange
  try {
    exchange = await startReplayExchange(options)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason =
      code === 'EADDRINUSE'
        ? `cannot listen on ${options.host ?? '127.0.0.1'}:${options.port}: address already in use`
        : error instanceof K2Error
          ? error.message
          : `cannot start: ${(error as Error).message}`
    console.error(`binance-replay: ${reason}`)
    process.exitCode = 1
    return
  }
  const stats = exchange.stats()
  const what =
    stats.mode === 'play'
      ? `playing ${options.play}`
      : `generating ${Object.keys(stats.symbols).join(',')}`
  console.log(`binance replay exchange ${what}`)
  console.log(`websocket ${exchange.url} (/stream?streams=<symbol>@trade, /ws/<symbol>@trade)`)
  console.log(`rest ${exchange.restUrl} (/api/v3/historicalTrades, /k2/stats, POST /k2/faults/*)`)
  const stop = (signal: NodeJS.Signals) => {
    void exchange.close().then(() => console.log(`binance replay exchange stopped (${signal})`))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

await main(process.argv.slice(2))
