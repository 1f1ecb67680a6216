import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

import { JaegerToolError } from './errors.js'
import type { JaegerToolLogger } from './options.js'
import { isProcessAlive } from './process.js'

const LOCK_POLL_MS = 250
/** An empty lock is normally one being written right now; only an old empty one is stale. */
const UNWRITTEN_LOCK_MS = 5_000

/**
 * Runs `fn` while holding the lock file at `path`, created exclusively and holding our PID. A lock
 * whose owner process is gone (killed mid-build) is stale and taken over; a live owner is waited
 * for (at most `waitMs`), after which `fn` normally finds its work done.
 */
export async function withFileLock<T>(
  path: string,
  what: string,
  options: { waitMs: number; log: JaegerToolLogger },
  fn: () => Promise<T>,
): Promise<T> {
  mkdirSync(dirname(path), { recursive: true })
  const deadline = Date.now() + options.waitMs
  let waiting = false
  while (!tryCreate(path)) {
    const owner = readOwner(path)
    if (owner === undefined ? lockAgeMs(path) > UNWRITTEN_LOCK_MS : !isProcessAlive(owner)) {
      // Re-read right before removing, to narrow the window in which two waiters both take over.
      if (readOwner(path) === owner) rmSync(path, { force: true })
      continue
    }
    if (Date.now() >= deadline) {
      throw new JaegerToolError(
        'JAEGER_TOOL_START_TIMEOUT',
        `another ${what} (pid ${owner ?? '?'}) has held ${path} for over ` +
          `${Math.round(options.waitMs / 1000)} s; stop that process or delete the file`,
      )
    }
    if (!waiting) options.log(`waiting for another ${what} (pid ${owner ?? '?'}) to finish`)
    waiting = true
    await sleep(LOCK_POLL_MS)
  }
  try {
    return await fn()
  } finally {
    if (readOwner(path) === process.pid) rmSync(path, { force: true })
  }
}

function tryCreate(path: string): boolean {
  try {
    writeFileSync(path, `${process.pid}\n`, { flag: 'wx' })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

function readOwner(path: string): number | undefined {
  try {
    const text = readFileSync(path, 'utf8').trim()
    return /^\d+$/.test(text) ? Number(text) : undefined
  } catch {
    return undefined
  }
}

function lockAgeMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs
  } catch {
    return Number.POSITIVE_INFINITY
  }
}
