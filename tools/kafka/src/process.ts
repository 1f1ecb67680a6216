import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

import { KafkaToolError } from './errors.js'

const POLL_MS = 100
/** Grace period after SIGKILL: the kernel needs a moment to tear down a large JVM. */
const KILL_WAIT_MS = 5_000
const HAS_PROC = existsSync('/proc/self/cmdline')

/**
 * Starts a long-running process that outlives the caller: its own process group (so Ctrl+C in the
 * terminal that ran `kafka:start` does not kill the broker), stdout+stderr appended to `logFile`
 * (a pipe would fill up and block the JVM once nobody reads it) and unref'd so Node can exit.
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
    // The child has its own copy of the descriptor now.
    closeSync(fd)
  }
}

/**
 * True if `pid` names a running process. A zombie (exited but not reaped, which happens when the
 * container's PID 1 does not reap orphans) counts as gone, otherwise `stop` would wait forever.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  return procState(pid) !== 'Z'
}

/**
 * True if `pid` is alive and is a Kafka broker JVM. PIDs are recycled, so a PID file left over
 * from a crash may point at an unrelated process that we must neither report nor kill. Where
 * /proc is unavailable (macOS) liveness is all we can check.
 */
export function isKafkaBrokerProcess(pid: number): boolean {
  if (!isProcessAlive(pid)) return false
  if (!HAS_PROC) return true
  // Unreadable means it exited between the two checks.
  return readProc(pid, 'cmdline')?.split('\0').includes('kafka.Kafka') ?? false
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
 * SIGTERM (Kafka then closes its logs cleanly, so the next start needs no recovery), then SIGKILL
 * if it has not exited after `timeoutMs`. Resolves with the signal that ended the process; throws
 * `KAFKA_TOOL_STOP_FAILED` if even SIGKILL did not.
 */
export async function terminateProcess(
  pid: number,
  timeoutMs: number,
): Promise<'SIGTERM' | 'SIGKILL'> {
  if (!sendSignal(pid, 'SIGTERM') || (await waitForExit(pid, timeoutMs))) return 'SIGTERM'
  if (!sendSignal(pid, 'SIGKILL') || (await waitForExit(pid, KILL_WAIT_MS))) return 'SIGKILL'
  throw new KafkaToolError(
    'KAFKA_TOOL_STOP_FAILED',
    `process ${pid} is still alive ${KILL_WAIT_MS} ms after SIGKILL`,
  )
}

/** Sends `signal`; false if the process was already gone. */
function sendSignal(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false
    throw new KafkaToolError('KAFKA_TOOL_STOP_FAILED', `cannot send ${signal} to process ${pid}`, {
      cause: error,
    })
  }
}

/** One-letter state from /proc/<pid>/stat (R, S, Z, ...), or undefined without /proc. */
function procState(pid: number): string | undefined {
  const stat = readProc(pid, 'stat')
  // Format: "pid (comm) S ..."; comm may itself contain spaces and parentheses.
  return stat?.slice(stat.lastIndexOf(')') + 1).trim()[0]
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8')
  } catch {
    return undefined
  }
}
