import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterEach, describe, expect, it } from 'vitest'

import type { Logger } from '@k2/core'
import { ENCODE_WORKER_MAIN_URL } from '@k2/iceberg'

import { ACTOR_BUNDLES_DIR, prepareActorBundles, SUPERVISOR_ACTORS } from './actor-bundles.js'

/** A logger that keeps the messages of each level. */
function recordingLogger() {
  const lines: Array<{ level: string; msg: string | undefined }> = []
  const at =
    (level: string) =>
    (_obj: object, msg?: string): void =>
      void lines.push({ level, msg })
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  }
  return { logger, lines }
}

/** A pid that was a process a moment ago and is gone now. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(run.stdout.toString())
}

describe('prepareActorBundles', { timeout: 30_000 }, () => {
  const dir = join(ACTOR_BUNDLES_DIR, `..`, `bundles-test-${process.pid}-${Date.now()}`)
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it("compiles every actor the supervisor spawns into <dir>/<pid>, after removing dead processes' directories", async () => {
    const dead = String(deadPid())
    const alive = String(process.ppid)
    for (const name of [dead, alive, 'notes']) mkdirSync(join(dir, name), { recursive: true })
    const { logger, lines } = recordingLogger()
    const bundles = await prepareActorBundles(logger, dir)
    expect(bundles).toBeDefined()
    for (const actor of SUPERVISOR_ACTORS) {
      const bundle = bundles!.bundleOf(actor)
      expect(bundle).toContain(`${dir}/${process.pid}/`)
      expect(existsSync(fileURLToPath(bundle!))).toBe(true)
    }
    // The Parquet encoding workers that writers and the compactor start.
    const encoder = bundles!.workerEntries[ENCODE_WORKER_MAIN_URL.href]
    expect(encoder).toContain(`${dir}/${process.pid}/`)
    expect(existsSync(fileURLToPath(encoder!))).toBe(true)
    expect(existsSync(join(dir, dead))).toBe(false)
    expect(existsSync(join(dir, alive))).toBe(true)
    expect(existsSync(join(dir, 'notes'))).toBe(true)
    expect(lines).toContainEqual({ level: 'info', msg: 'actor workers compiled' })
    bundles!.dispose()
    expect(existsSync(join(dir, String(process.pid)))).toBe(false)
  })

  it('falls back to tsx (undefined, a warning) when the bundles cannot be written', async () => {
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'a-file')
    writeFileSync(file, '')
    const { logger, lines } = recordingLogger()
    expect(await prepareActorBundles(logger, file)).toBeUndefined()
    expect(lines).toContainEqual({
      level: 'warn',
      msg: 'cannot compile the actor workers; they load their sources with tsx',
    })
  })
})
