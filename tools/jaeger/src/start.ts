import { ensureJaegerBinary } from './build.js'
import { START_USAGE, parseStartArgs } from './cli-args.js'
import { isMainModule, printProgress, runCli } from './cli.js'
import { resolveStartOptions } from './options.js'
import { startJaeger } from './start-jaeger.js'

/** `npm run jaeger:start [-- --query-port P --otlp-http-port P ...]`; resolves the exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const parsed = parseStartArgs(argv)
  if (parsed.help) {
    console.log(START_USAGE)
    return 0
  }
  if (parsed.buildOnly === true) {
    resolveStartOptions(parsed.options) // flags are still validated
    const binary = await ensureJaegerBinary({ log: printProgress })
    const size = `${(binary.sizeBytes / 1024 / 1024).toFixed(0)} MiB`
    const how = binary.built ? `built in ${(binary.buildMs / 1000).toFixed(0)} s` : 'cached'
    console.log(`jaeger ${binary.version}: ${binary.path} (${size}, ${how})`)
    return 0
  }
  const jaeger = await startJaeger({ ...parsed.options, log: printProgress })
  const how = jaeger.alreadyRunning
    ? 'already running'
    : `${(jaeger.startupMs / 1000).toFixed(1)} s`
  console.log(`jaeger ready (pid ${jaeger.pid}, ${how})`)
  console.log(`  OTLP/HTTP ${jaeger.otlpEndpoint}   OTLP/gRPC ${jaeger.otlpGrpcEndpoint}`)
  console.log(`  query API ${jaeger.queryUrl}/api/traces?service=k2`)
  console.log(`  log       ${jaeger.logFile}`)
  return 0
}

if (isMainModule(import.meta.url)) await runCli(() => main())
