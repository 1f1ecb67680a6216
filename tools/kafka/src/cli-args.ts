import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

import { KafkaToolError } from './errors.js'
import type { StartKafkaOptions, StopKafkaOptions } from './options.js'

/** `--help` text of `npm run kafka:start`. */
export const START_USAGE = `Usage: npm run kafka:start -- [options]

Starts a single-node KRaft Kafka broker on 127.0.0.1 in the background.

Options:
  --port P             client (PLAINTEXT) port; default $K2_KAFKA_PORT or 9092
  --controller-port P  KRaft controller port; default port + 1
  --data-dir DIR       per-run dir, wiped at each start; default .k2/kafka/run-<port>
  --timeout-ms MS      how long to wait for the broker to answer; default 60000
  -h, --help           show this help`

/** `--help` text of `npm run kafka:stop`. */
export const STOP_USAGE = `Usage: npm run kafka:stop -- [options]

Stops the broker started by kafka:start on that port (SIGTERM, then SIGKILL).

Options:
  --port P             port the broker was started on; default $K2_KAFKA_PORT or 9092
  --timeout-ms MS      how long to wait after SIGTERM before SIGKILL; default 20000
  -h, --help           show this help`

/** Parsed command line: either a request for help or the options to run with. */
export type ParsedCommand<T> = { help: true } | { help: false; options: T }

/** Environment variable that sets the default port of both commands. */
export const PORT_ENV = 'K2_KAFKA_PORT'

/**
 * Parses `kafka:start` flags. `cwd` anchors a relative `--data-dir`: npm runs scripts from the
 * repo root, so callers pass INIT_CWD (where the user typed the command).
 */
export function parseStartArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): ParsedCommand<StartKafkaOptions> {
  const values = parseFlags(argv, START_USAGE, {
    port: { type: 'string' },
    'controller-port': { type: 'string' },
    'data-dir': { type: 'string' },
    'timeout-ms': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values['help'] === true) return { help: true }
  const options: StartKafkaOptions = {}
  const port = portFrom(values, env)
  if (port !== undefined) options.port = port
  const controllerPort = integerFlag('--controller-port', values['controller-port'])
  if (controllerPort !== undefined) options.controllerPort = controllerPort
  const dataDir = values['data-dir']
  if (typeof dataDir === 'string') options.dataDir = resolve(cwd, dataDir)
  const timeoutMs = integerFlag('--timeout-ms', values['timeout-ms'])
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs
  return { help: false, options }
}

/** Parses `kafka:stop` flags. */
export function parseStopArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedCommand<StopKafkaOptions> {
  const values = parseFlags(argv, STOP_USAGE, {
    port: { type: 'string' },
    'timeout-ms': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values['help'] === true) return { help: true }
  const options: StopKafkaOptions = {}
  const port = portFrom(values, env)
  if (port !== undefined) options.port = port
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
    throw new KafkaToolError('KAFKA_TOOL_INVALID_OPTION', `${problem}\n\n${usage}`)
  }
}

function portFrom(values: FlagValues, env: Readonly<Record<string, string | undefined>>) {
  return (
    integerFlag('--port', values['port']) ?? integerFlag(PORT_ENV, emptyToUndefined(env[PORT_ENV]))
  )
}

function integerFlag(name: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) {
    throw new KafkaToolError(
      'KAFKA_TOOL_INVALID_OPTION',
      `invalid option ${name}: expected a non-negative integer (got ${JSON.stringify(value)})`,
    )
  }
  return Number(value.trim())
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}
