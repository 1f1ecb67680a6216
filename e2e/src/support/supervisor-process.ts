import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { SUPERVISOR_NODE_FLAGS } from '@k2/config'

/** The repository root (e2e/src/support -> ../../..). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** A supervisor started as its own OS process, the way `nx serve supervisor` runs it. */
export interface SupervisorProcess {
  readonly child: ChildProcess
  readonly adminUrl: string
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  readonly exited: Promise<number | string>
  /** GET /admin/actors (names, states, restarts, stats). */
  actors(): Promise<AdminActorView[]>
  /** POST /admin/actors/{name}/kill: terminates that actor's worker (no cleanup). */
  killActor(name: string): Promise<void>
}

/** One actor as the admin endpoint shows it. */
export interface AdminActorView {
  readonly name: string
  readonly state: string
  readonly restarts: number
  readonly stats: Record<string, unknown> | null
}

/**
 * Starts `apps/supervisor/src/main.ts` with `env` added to this process's environment (one Node
 * process: `node --import tsx`, so signals reach the supervisor itself), appending its output to
 * `logFile`, and waits until its admin endpoint (`K2_ADMIN_PORT`, required) answers with every
 * actor running.
 */
export async function startSupervisor(
  env: Record<string, string>,
  logFile: string,
  readyTimeoutMs = 120_000,
): Promise<SupervisorProcess> {
  const port = env['K2_ADMIN_PORT']
  if (port === undefined) throw new Error('startSupervisor needs K2_ADMIN_PORT in env')
  const log = createWriteStream(logFile, { flags: 'a' })
  const child = spawn(
    process.execPath,
    [...SUPERVISOR_NODE_FLAGS, '--import', 'tsx', 'apps/supervisor/src/main.ts'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  child.stdout!.pipe(log, { end: false })
  child.stderr!.pipe(log, { end: false })
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      log.end()
      resolve(code ?? signal ?? 'unknown')
    })
  })
  const adminUrl = `http://127.0.0.1:${port}/admin`
  const proc: SupervisorProcess = {
    child,
    adminUrl,
    exited,
    async actors() {
      const res = await fetch(`${adminUrl}/actors`)
      if (!res.ok) throw new Error(`GET /admin/actors: ${res.status}`)
      return ((await res.json()) as { actors: AdminActorView[] }).actors
    },
    async killActor(name) {
      const res = await fetch(`${adminUrl}/actors/${name}/kill`, { method: 'POST' })
      if (res.status !== 202) throw new Error(`kill ${name}: ${res.status} ${await res.text()}`)
    },
  }
  const deadline = Date.now() + readyTimeoutMs
  let gone = false
  void exited.then(() => (gone = true))
  for (;;) {
    if (gone) throw new Error(`supervisor exited before it was ready; see ${logFile}`)
    try {
      const actors = await proc.actors()
      if (actors.length > 0 && actors.every((a) => a.state === 'running')) return proc
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`supervisor not ready within ${readyTimeoutMs} ms; see ${logFile}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
