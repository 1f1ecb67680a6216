import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { childEnvironment, SUPERVISOR_NODE_FLAGS } from '@k2/config'

import { CliError } from '../errors.js'

/** The repository root (apps/cli/src/demo -> ../../../..): the supervisor runs from there. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))

/** The supervisor's entry point, as `nx serve supervisor` runs it. */
export const SUPERVISOR_MAIN = fileURLToPath(
  new URL('../../../supervisor/src/main.ts', import.meta.url),
)

/** How a child process ended. */
export interface ChildExit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
}

/** A supervisor started as a child process of the demo. */
export interface SupervisorChild {
  readonly pid: number
  /** Where its stdout and stderr (pino JSON lines) go. */
  readonly logFile: string
  /** Resolves once the process is gone. */
  readonly exited: Promise<ChildExit>
  /** The exit once it happened, else undefined. */
  exit(): ChildExit | undefined
  /**
   * SIGTERM (the supervisor's orderly shutdown, D5), then waits up to `timeoutMs` for the exit;
   * past it, SIGKILL. Resolves with the exit and whether it had to be killed.
   */
  stop(timeoutMs: number): Promise<{ readonly exit: ChildExit; readonly killed: boolean }>
  /** SIGKILL, at once (a second Ctrl-C). */
  kill(): void
  /** The last `n` lines of its log, for error messages. */
  logTail(n: number): string[]
}

/** Options of {@link startSupervisorChild}. */
export interface SupervisorChildOptions {
  /** Variables set for the supervisor on top of the inherited environment. */
  readonly env: Readonly<Record<string, string>>
  /** Inherited variables removed for the supervisor (e.g. `K2_ADMIN_PORT`). */
  readonly unset: readonly string[]
  readonly logFile: string
}

/**
 * Starts `apps/supervisor/src/main.ts` as `node --import tsx` (one process: signals reach the
 * supervisor itself, and its actors are threads of it, so its pid is the whole supervisor).
 *
 * Environment: this process's, without `unset` and with `env` added (`childEnvironment` of
 * `@k2/config`, the one reader of `process.env`): the user's `K2_OTEL_EXPORTER_OTLP_ENDPOINT`, API
 * keys, proxies and `PATH` reach the supervisor.
 *
 * The child gets an IPC channel that it never uses for messages: when the demo process ends, however
 * it ends, the channel closes and the supervisor shuts down in order (`parent-gone`).
 *
 * The child gets its own process group (`detached`): Ctrl-C in a terminal signals the whole
 * foreground group, and a supervisor that got SIGINT from the terminal and then SIGTERM from the
 * demo would take the second signal for "exit now" (exit 130). The demo alone stops it.
 */
export function startSupervisorChild(options: SupervisorChildOptions): SupervisorChild {
  const log = openSync(options.logFile, 'a')
  let child
  try {
    child = spawn(
      process.execPath,
      [...SUPERVISOR_NODE_FLAGS, '--import', 'tsx', SUPERVISOR_MAIN],
      // The IPC channel is the supervisor's lifeline: if the demo dies (even by SIGKILL), the
      // channel closes and the supervisor stops itself instead of running on as an orphan.
      {
        cwd: REPO_ROOT,
        env: childEnvironment(options.env, options.unset),
        detached: true,
        stdio: ['ignore', log, log, 'ipc'],
      },
    )
  } finally {
    closeSync(log)
  }
  const pid = child.pid
  if (pid === undefined) {
    throw new CliError('CLI_COMMAND_FAILED', 'cannot start the supervisor')
  }
  let ended: ChildExit | undefined
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = { code, signal }
      resolve(ended)
    })
  })
  return {
    pid,
    logFile: options.logFile,
    exited,
    exit: () => ended,
    async stop(timeoutMs) {
      if (ended !== undefined) return { exit: ended, killed: false }
      child.kill('SIGTERM')
      let timer: ReturnType<typeof setTimeout> | undefined
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs)
      })
      const first = await Promise.race([exited, timedOut])
      clearTimeout(timer)
      if (first !== 'timeout') return { exit: first, killed: false }
      child.kill('SIGKILL')
      return { exit: await exited, killed: true }
    },
    kill: () => {
      if (ended === undefined) child.kill('SIGKILL')
    },
    logTail(n) {
      try {
        return readFileSync(options.logFile, 'utf8').trimEnd().split('\n').slice(-n)
      } catch {
        return []
      }
    },
  }
}

/** `code 0`, `code 2`, `signal SIGKILL`. */
export function describeExit(exit: ChildExit): string {
  return exit.code !== null ? `code ${exit.code}` : `signal ${exit.signal ?? 'unknown'}`
}

/**
 * Polls `GET {apiUrl}/health/ready` until it answers 200 (resolves true), the signal aborts
 * (false), the supervisor exits or `timeoutMs` passes (both throw `CLI_COMMAND_FAILED` with the
 * end of the supervisor's log).
 */
export async function waitUntilReady(
  apiUrl: string,
  child: SupervisorChild,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (signal.aborted) return false
    const exit = child.exit()
    if (exit !== undefined) {
      throw failure(`the supervisor exited before it was ready (${describeExit(exit)})`, child)
    }
    try {
      const res = await fetch(`${apiUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) })
      await res.arrayBuffer()
      if (res.status === 200) return true
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw failure(`the API at ${apiUrl} was not ready within ${timeoutMs / 1000} s`, child)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** A CLI_COMMAND_FAILED naming the log file, with its last lines. */
export function failure(message: string, child: SupervisorChild): CliError {
  const tail = child.logTail(8).map((line) => `  ${line.slice(0, 400)}`)
  return new CliError(
    'CLI_COMMAND_FAILED',
    [`${message}; its log ${child.logFile} ends with:`, ...tail].join('\n'),
  )
}
