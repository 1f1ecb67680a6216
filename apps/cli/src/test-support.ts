import { loadConfig, type Env } from '@k2/config'

import type { CliContext } from './command.js'

/** A {@link CliContext} that collects output, for in-process tests of commands. */
export interface TestContext {
  readonly context: CliContext
  readonly out: string[]
  readonly err: string[]
  /** Stops the running command, as Ctrl-C does. */
  abort(): void
  /** Resolves with the first stdout line matching `pattern` (polls; fails after `timeoutMs`). */
  waitForOut(pattern: RegExp, timeoutMs?: number): Promise<string>
}

/** A fresh context; `env` is the environment `loadConfig` sees (default: empty = defaults). */
export function testContext(env: Env = {}): TestContext {
  const out: string[] = []
  const err: string[] = []
  const controller = new AbortController()
  return {
    out,
    err,
    context: {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      signal: controller.signal,
      loadConfig: () => loadConfig(env),
    },
    abort: () => controller.abort('test'),
    async waitForOut(pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const line = out.find((l) => pattern.test(l))
        if (line !== undefined) return line
        if (Date.now() > deadline) {
          throw new Error(
            `no stdout line matched ${pattern}; stdout: ${out.join(' | ')}; stderr: ${err.join(' | ')}`,
          )
        }
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    },
  }
}
