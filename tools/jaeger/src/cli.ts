import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { JaegerToolError } from './errors.js'

/**
 * True when the module at `moduleUrl` is the process entry point (`tsx tools/jaeger/src/start.ts`),
 * false when it is imported (index.ts, tests), so importing never starts or stops anything.
 */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1]
  if (entry === undefined) return false
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl))
  } catch {
    return false
  }
}

/** Exit code for bad command-line input, distinct from a failed start/stop. */
export const EXIT_USAGE = 2

/**
 * Runs a CLI main function and turns its outcome into `process.exitCode`: tool errors print as
 * `jaeger: <CODE>: <message>` without a stack trace, anything unexpected with one.
 */
export async function runCli(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main()
  } catch (error) {
    if (error instanceof JaegerToolError) {
      console.error(`jaeger: ${error.code}: ${error.message}`)
      process.exitCode = error.code === 'JAEGER_TOOL_INVALID_OPTION' ? EXIT_USAGE : 1
    } else {
      console.error(error)
      process.exitCode = 1
    }
  }
}

/** Progress lines of the CLI commands. */
export function printProgress(line: string): void {
  console.log(`jaeger: ${line}`)
}
