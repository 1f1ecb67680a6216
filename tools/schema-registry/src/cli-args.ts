import { parseArgs } from 'node:util'

import { DEFAULT_HOST } from './server.js'

/** Port of the CLI when `--port` is not given: upstream's default. */
export const DEFAULT_PORT = 8081

/** `--help` text of `npm run schema-registry`. */
export const USAGE = `Usage: npm run schema-registry -- [options]

Runs an in-memory Confluent-compatible schema registry (a test double) until Ctrl-C.

Options:
  --port P      port to listen on; default ${DEFAULT_PORT} (0 = any free port)
  --host H      interface to listen on; default ${DEFAULT_HOST}
  -h, --help    show this help`

/** A parsed command line: a request for help, or where to listen. */
export type CliCommand =
  | { readonly help: true }
  | { readonly help: false; readonly port: number; readonly host: string }

/** A command line that cannot be run; the CLI prints it with the usage and exits 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError'
}

/** Parses the CLI flags (`--port`, `--host`, `--help`); throws {@link CliUsageError}. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values: { port?: string; host?: string; help?: boolean }
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
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
  const host = values.host ?? DEFAULT_HOST
  if (host.trim() === '') throw new CliUsageError('--host must not be empty')
  return { help: false, port: parsePort(values.port), host }
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT
  const port = Number(value)
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    throw new CliUsageError(
      `--port must be an integer from 0 to 65535 (got ${JSON.stringify(value)})`,
    )
  }
  return port
}
