// CLI entry point: `npm run schema-registry -- [--port P] [--host H]` (tsx). Runs in the foreground
// until SIGINT/SIGTERM; importing anything else of this package never starts a server.
import { CliUsageError, USAGE, parseCliArgs, type CliCommand } from './cli-args.js'
import { startSchemaRegistry } from './server.js'

/** Exit code for bad command-line input, distinct from a failed start. */
const EXIT_USAGE = 2

async function main(argv: readonly string[]): Promise<void> {
  let command: CliCommand
  try {
    command = parseCliArgs(argv)
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error
    console.error(`schema-registry: ${error.message}\n\n${USAGE}`)
    process.exitCode = EXIT_USAGE
    return
  }
  if (command.help) {
    console.log(USAGE)
    return
  }
  const { port, host } = command
  let registry: Awaited<ReturnType<typeof startSchemaRegistry>>
  try {
    registry = await startSchemaRegistry({ port, host })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'EADDRINUSE' ? 'address already in use' : (error as Error).message
    console.error(`schema-registry: cannot listen on ${host}:${port}: ${reason}`)
    process.exitCode = 1
    return
  }
  console.log(`schema registry listening on ${registry.url}`)
  const stop = (signal: NodeJS.Signals) => {
    void registry.close().then(() => console.log(`schema registry stopped (${signal})`))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

await main(process.argv.slice(2))
