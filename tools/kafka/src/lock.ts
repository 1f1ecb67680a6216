import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

import { KafkaToolError } from './errors.js'
import type { KafkaToolLogger } from './options.js'
import { lockFilePath } from './paths.js'
import { isProcessAlive } from './process.js'

/** Upper bound for waiting on another start, which may be downloading the jars on a slow link. */
const LOCK_WAIT_MS = 10 * 60_000
const LOCK_POLL_MS = 200
/** An empty lock is normally one being written right now; only an old empty one is stale. */
const UNWRITTEN_LOCK_MS = 5_000

/**
 * Runs `fn` while holding `.k2/kafka/kafka-<port>.lock`, created exclusively and holding our PID.
 * A lock whose owner process is gone (killed mid-start) is stale and taken over; a live owner is
 * waited for, after which `fn` normally finds its broker already running.
 */
export async function withStartLock<T>(
  port: number,
  log: KafkaToolLogger,
  fn: () => Promise<T>,
): Promise<T> {
  const path = lockFilePath(port)
  mkdirSync(dirname(path), { recursive: true })
  const deadline = Date.now() + LOCK_WAIT_MS
  let waiting = false
  while (!tryCreate(path)) {
    const owner = readOwner(path)
    if (owner === undefined ? lockAgeMs(path) > UNWRITTEN_LOCK_MS : !isProcessAlive(owner)) {
      // Re-read right before removing, to narrow the window in which two waiters both take over.
      if (readOwner(path) === owner) rmSync(path, { force: true })
      continue
    }
    if (Date.now() >= deadline) {
      throw new KafkaToolError(
        'KAFKA_TOOL_START_TIMEOUT',
        `another start on port ${port} (pid ${owner ?? '?'}) has held ${path} for over ` +
          `${LOCK_WAIT_MS / 60_000} min; stop that process or delete the file`,
      )
    }
    if (!waiting) log(`waiting for another start on port ${port} (pid ${owner ?? '?'}) to finish`)
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
