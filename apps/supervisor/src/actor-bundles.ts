import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { buildWorkerBundles, type WorkerBundles } from '@k2/actor-runtime'
import {
  API_ACTOR_URL,
  COMPACTOR_ACTOR_URL,
  FEED_ACTOR_URL,
  KAFKA_WRITER_ACTOR_URL,
  WRITER_ACTOR_URL,
} from '@k2/actors'
import type { Logger } from '@k2/core'
import { ENCODE_WORKER_MAIN_URL } from '@k2/iceberg'

/** The source tree: bundles live under it so that their package imports find its node_modules. */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** Where each supervisor process keeps its bundles: `<dir>/<pid>`. */
export const ACTOR_BUNDLES_DIR = join(REPO_ROOT, '.k2', 'actor-bundles')

/** Every actor module the supervisor spawns. */
export const SUPERVISOR_ACTORS: readonly URL[] = [
  FEED_ACTOR_URL,
  WRITER_ACTOR_URL,
  KAFKA_WRITER_ACTOR_URL,
  COMPACTOR_ACTOR_URL,
  API_ACTOR_URL,
]

/**
 * Compiles the supervisor's actor workers for this process (`K2_ACTOR_BUNDLES=on`) into
 * `.k2/actor-bundles/<pid>`, after removing the directories of processes that are gone (a
 * supervisor killed with SIGKILL leaves its own). A build that fails is logged and the workers
 * load their sources through tsx instead (undefined).
 */
export async function prepareActorBundles(
  logger: Logger,
  dir = ACTOR_BUNDLES_DIR,
): Promise<WorkerBundles | undefined> {
  removeOrphans(dir)
  const started = performance.now()
  try {
    const bundles = await buildWorkerBundles({
      actors: SUPERVISOR_ACTORS,
      // The writers' and the compactor's Parquet encoding workers.
      workers: [ENCODE_WORKER_MAIN_URL],
      outDir: join(dir, String(process.pid)),
      rootDir: REPO_ROOT,
    })
    logger.info({ ms: Math.round(performance.now() - started) }, 'actor workers compiled')
    return bundles
  } catch (err) {
    logger.warn({ err }, 'cannot compile the actor workers; they load their sources with tsx')
    return undefined
  }
}

/** Removes the bundle directories of processes that no longer run. */
function removeOrphans(dir: string): void {
  let entries: string[]
  try {
    entries = readdirSync(dir)
  } catch {
    return
  }
  for (const name of entries) {
    const pid = Number(name)
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue
    rmSync(join(dir, name), { recursive: true, force: true })
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
