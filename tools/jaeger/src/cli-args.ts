import { parseArgs } from 'node:util'

import { JaegerToolError } from './errors.js'
import type { StartJaegerOptions, StopJaegerOptions } from './options.js'

/** `--help` text of `npm run jaeger:start`. */
export const START_USAGE = `Usage: npm run jaeger:start -- [options]

Builds Jaeger v2 with Go once (cached in .k2/jaeger/bin), then starts it on 127.0.0.1 in the
background: all-in-one, in-memory storage.

Options:
  --otlp-http-port P   OTLP/HTTP receiver (POST /v1/traces); default 4318
  --otlp-grpc-port P   OTLP/gRPC receiver; default otlp-http-port - 1
  --query-port P       query API (GET /api/traces); default 16686; keys the PID file
  --query-grpc-port P  query gRPC API; default query-port - 1
  --timeout-ms MS      how long to wait for the started process to answer; default 30000
  --build-only         build (or find) the binary, print its path and exit
  -h, --help           show this help`

/** `--help` text of `npm run jaeger:stop`. */
export const STOP_USAGE = `Usage: npm run jaeger:stop -- [options]

Stops the Jaeger started by jaeger:start with that query port (SIGTERM, then SIGKILL).

Options:
  --query-port P       query port it was started with; default 16686
  --timeout-ms MS      how long to wait after SIGTERM before SIGKILL; default 10000
  -h, --help           show this help`

/** Parsed command line: a request for help, or the options to run with. */
export type ParsedCommand<T> = { help: true } | { help: false; options: T }

/** Parsed `jaeger:start` flags. */
export type StartCommand = ParsedCommand<StartJaegerOptions> & { buildOnly?: boolean }

const PORT_FLAGS = {
  'otlp-http-port': 'otlpHttpPort',
  'otlp-grpc-port': 'otlpGrpcPort',
  'query-port': 'queryPort',
  'query-grpc-port': 'queryGrpcPort',
} as const

/** Parses `jaeger:start` flags. */
export function parseStartArgs(argv: readonly string[]): StartCommand {
  const values = parseFlags(argv, START_USAGE, {
    'otlp-http-port': { type: 'string' },
    'otlp-grpc-port': { type: 'string' },
    'query-port': { type: 'string' },
    'query-grpc-port': { type: 'string' },
    'timeout-ms': { type: 'string' },
    'build-only': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values['help'] === true) return { help: true }
  const options: StartJaegerOptions = {}
  for (const [flag, key] of Object.entries(PORT_FLAGS)) {
    const port = integerFlag(`--${flag}`, values[flag])
    if (port !== undefined) options[key] = port
  }
  const timeoutMs = integerFlag('--timeout-ms', values['timeout-ms'])
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs
  return { help: false, options, buildOnly: values['build-only'] === true }
}

/** Parses `jaeger:stop` flags. */
export function parseStopArgs(argv: readonly string[]): ParsedCommand<StopJaegerOptions> {
  const values = parseFlags(argv, STOP_USAGE, {
    'query-port': { type: 'string' },
    'timeout-ms': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values['help'] === true) return { help: true }
  const options: StopJaegerOptions = {}
  const queryPort = integerFlag('--query-port', values['query-port'])
  if (queryPort !== undefined) options.queryPort = queryPort
  const timeoutMs = integerFlag('--timeout-ms', values['timeout-ms'])
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs
  return { help: false, options }
}

type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>
type FlagValues = Record<string, string | boolean | undefined>

// node:util's own messages suggest "--" positional tricks that make no sense here; rephrase them
// and always append the usage so a typo is easy to fix.
function parseFlags(argv: readonly string[], usage: string, spec: FlagSpec): FlagValues {
  try {
    const { values } = parseArgs({ args: [...argv], options: spec, strict: true })
    return values as FlagValues
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    if (!code.startsWith('ERR_PARSE_ARGS')) throw error
    const quoted = /'([^']+)'/.exec((error as Error).message)?.[1] ?? ''
    const problem =
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? `unknown option ${quoted}`
        : code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
          ? `unexpected argument ${quoted}`
          : (error as Error).message
    throw new JaegerToolError('JAEGER_TOOL_INVALID_OPTION', `${problem}\n\n${usage}`)
  }
}

function integerFlag(name: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) {
    throw new JaegerToolError(
      'JAEGER_TOOL_INVALID_OPTION',
      `invalid option ${name}: expected a non-negative integer (got ${JSON.stringify(value)})`,
    )
  }
  return Number(value.trim())
}
