import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

import { JaegerToolError } from './errors.js'

const POLL_MS = 100
const KILL_WAIT_MS = 5_000
const HAS_PROC = existsSync('/proc/self/cmdline')

/**
 * Starts a long-running process that outlives the caller: its own process group (Ctrl+C in the
 * terminal that ran `jaeger:start` does not kill it), stdout+stderr appended to `logFile` (a pipe
 * would fill up once nobody reads it) and unref'd so Node can exit.
 */
export function spawnDetached(
  command: string,
  args: readonly string[],
  options: { cwd: string; logFile: string },
): ChildProcess {
  const fd = openSync(options.logFile, 'a')
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', fd, fd],
    })
    child.unref()
    return child
  } finally {
    closeSync(fd)
  }
}

/** True if `pid` names a running process; a zombie (exited, not reaped) counts as gone. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  const stat = readProc(pid, 'stat')
  // Format: "pid (comm) S ..."; comm may itself contain spaces and parentheses.
  return stat?.slice(stat.lastIndexOf(')') + 1).trim()[0] !== 'Z'
}

/**
 * True if `pid` is alive and runs a `jaeger` binary. PIDs are recycled, so a PID file left over
 * from a crash may name an unrelated process that we must neither report nor kill. Where /proc is
 * unavailable (macOS) liveness is all we can check.
 */
export function isJaegerProcess(pid: number): boolean {
  if (!isProcessAlive(pid)) return false
  if (!HAS_PROC) return true
  const argv0 = readProc(pid, 'cmdline')?.split('\0')[0]
  return argv0 !== undefined && basename(argv0) === 'jaeger'
}

/** Polls until `pid` is gone; resolves `false` if it is still alive after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false
    await sleep(POLL_MS)
  }
  return true
}

/**
 * SIGTERM (the collector shuts its pipelines down cleanly), then SIGKILL if it has not exited after
 * `timeoutMs`. Resolves with the signal that ended it; throws `JAEGER_TOOL_STOP_FAILED` if even
 * SIGKILL did not.
 */
export async function terminateProcess(
  pid: number,
  timeoutMs: number,
): Promise<'SIGTERM' | 'SIGKILL'> {
  if (!sendSignal(pid, 'SIGTERM') || (await waitForExit(pid, timeoutMs))) return 'SIGTERM'
  if (!sendSignal(pid, 'SIGKILL') || (await waitForExit(pid, KILL_WAIT_MS))) return 'SIGKILL'
  throw new JaegerToolError(
    'JAEGER_TOOL_STOP_FAILED',
    `process ${pid} is still alive ${KILL_WAIT_MS} ms after SIGKILL`,
  )
}

function sendSignal(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false
    throw new JaegerToolError(
      'JAEGER_TOOL_STOP_FAILED',
      `cannot send ${signal} to process ${pid}`,
      {
        cause: error,
      },
    )
  }
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8')
  } catch {
    return undefined
  }
}
