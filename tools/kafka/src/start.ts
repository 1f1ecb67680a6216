import { START_USAGE, parseStartArgs } from './cli-args.js'
import { isMainModule, printProgress, runCli } from './cli.js'
import { runFiles } from './paths.js'
import { startKafka } from './start-kafka.js'

/** `npm run kafka:start [-- --port P --data-dir DIR --timeout-ms MS]`; resolves the exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const parsed = parseStartArgs(argv, process.env, process.env['INIT_CWD'] ?? process.cwd())
  if (parsed.help) {
    console.log(START_USAGE)
    return 0
  }
  const result = await startKafka({ ...parsed.options, log: printProgress })
  const how = result.alreadyRunning
    ? 'already running'
    : `${(result.startupMs / 1000).toFixed(1)} s`
  console.log(`kafka ready on ${result.brokers} (pid ${result.pid}, ${how})`)
  console.log(`logs: ${runFiles(result.dataDir).serverLog}`)
  return 0
}

if (isMainModule(import.meta.url)) await runCli(() => main())
