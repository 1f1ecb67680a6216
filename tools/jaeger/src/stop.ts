import { STOP_USAGE, parseStopArgs } from './cli-args.js'
import { isMainModule, printProgress, runCli } from './cli.js'
import { stopJaeger } from './stop-jaeger.js'

/** `npm run jaeger:stop [-- --query-port P --timeout-ms MS]`; resolves the exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const parsed = parseStopArgs(argv)
  if (parsed.help) {
    console.log(STOP_USAGE)
    return 0
  }
  await stopJaeger({ ...parsed.options, log: printProgress })
  return 0
}

if (isMainModule(import.meta.url)) await runCli(() => main())
