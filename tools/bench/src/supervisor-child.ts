import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'

import { SUPERVISOR_NODE_FLAGS } from '@k2/config'

import { REPO_ROOT } from './bench-oracle.js'

/** The supervisor as its own OS process, the way `nx serve supervisor` runs it. */
export interface SupervisorChild {
  readonly child: ChildProcess
  /** The supervisor's own pid (one Node process: its actors are threads of it). */
  readonly pid: number
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  readonly exited: Promise<number | string>
  /** Resolves with `Date.now()` when the supervisor logs that it is running. */
  readonly running: Promise<number>
}

/** Options of {@link startSupervisorChild}. */
export interface SupervisorChildOptions {
  /** Variables set for the supervisor on top of this environment without its `K2_*` ones. */
  readonly env: Readonly<Record<string, string>>
  /** Where stdout and stderr (pino JSON lines) go. */
  readonly logFile: string
  /** When set, V8 CPU profiles of every thread (`--cpu-prof`) are written into this directory. */
  readonly cpuProfDir?: string | undefined
}

/**
 * Starts `apps/supervisor/src/main.ts` as `node --import tsx` (not the `tsx` CLI, which would
 * put a second process between us and the supervisor: the pid must be the supervisor's for
 * `/proc/<pid>/status`). `K2_*` variables of this process are not passed on, except
 * `K2_KAFKA_BROKERS`, so a developer's settings do not change what is measured.
 */
export function startSupervisorChild(options: SupervisorChildOptions): SupervisorChild {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('K2_') || key === 'K2_KAFKA_BROKERS',
    ),
  )
  const profiling = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []
  const log = createWriteStream(options.logFile, { flags: 'a' })
  const child = spawn(
    process.execPath,
    [...profiling, ...SUPERVISOR_NODE_FLAGS, '--import', 'tsx', 'apps/supervisor/src/main.ts'],
    {
      cwd: REPO_ROOT,
      env: { ...inherited, ...options.env },
      // The IPC channel (never used for messages) stops the supervisor if the benchmark dies.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  )
  if (child.pid === undefined) throw new Error('could not start the supervisor')
  let resolveRunning: (at: number) => void = () => undefined
  const running = new Promise<number>((resolve) => (resolveRunning = resolve))
  let pending: string | undefined = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    log.write(chunk)
    if (pending === undefined) return
    const lines = (pending + chunk.toString('utf8')).split('\n')
    pending = lines.pop() ?? ''
    if (lines.some((l) => l.includes('k2 supervisor running'))) {
      pending = undefined
      resolveRunning(Date.now())
    }
  })
  child.stderr!.pipe(log, { end: false })
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      log.end()
      resolve(code ?? signal ?? 'unknown')
    })
  })
  return { child, pid: child.pid, exited, running }
}
