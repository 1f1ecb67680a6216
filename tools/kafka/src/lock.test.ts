import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

import { describe, expect, it } from 'vitest'

import { withStartLock } from './lock.js'
import { lockFilePath } from './paths.js'

// Ports no broker of this repo uses; only the lock file name depends on them.
const PORT_A = 65011
const PORT_B = 65013

describe('withStartLock', () => {
  it('runs concurrent starts on the same port one after the other', async () => {
    const events: string[] = []
    const task = (name: string) => async () => {
      events.push(`${name} in`)
      await new Promise((resolve) => setTimeout(resolve, 100))
      events.push(`${name} out`)
      return name
    }
    const results = await Promise.all([
      withStartLock(PORT_A, () => undefined, task('a')),
      withStartLock(PORT_A, () => undefined, task('b')),
    ])
    expect(results).toEqual(['a', 'b'])
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out'])
    expect(existsSync(lockFilePath(PORT_A))).toBe(false)
  })

  it('takes over a lock whose owner process is gone', async () => {
    // The PID of a process that has exited (and been reaped) by the time we look.
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
      .stdout.toString()
      .trim()
    mkdirSync(dirname(lockFilePath(PORT_B)), { recursive: true })
    writeFileSync(lockFilePath(PORT_B), `${deadPid}\n`)
    await expect(
      withStartLock(
        PORT_B,
        () => undefined,
        async () => 'ran',
      ),
    ).resolves.toBe('ran')
    expect(existsSync(lockFilePath(PORT_B))).toBe(false)
  })

  it('releases the lock when the start fails', async () => {
    await expect(
      withStartLock(
        PORT_A,
        () => undefined,
        async () => Promise.reject(new Error('boom')),
      ),
    ).rejects.toThrow('boom')
    expect(existsSync(lockFilePath(PORT_A))).toBe(false)
  })
})
