import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { echoProtocol } from './fixtures/echo.protocol.js'
import { createSupervisor, type Supervisor } from './supervisor.js'

const ECHO = new URL('./fixtures/echo.actor.ts', import.meta.url)

describe('graceful stop and the lifecycle table', { timeout: 20_000 }, () => {
  let supervisor: Supervisor
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'k2-actor-stop-'))
    // Long enough for a graceful stop on a busy CI machine (cleanup, then the worker's final
    // metrics snapshot and tracing flush), short enough for the hanging case to be quick.
    supervisor = createSupervisor({ stopTimeoutMs: 1_500, restart: { initialDelayMs: 1_000 } })
  })
  afterEach(async () => {
    await supervisor.stopAll()
    await rm(dir, { recursive: true, force: true })
  })

  it('runs the actor cleanup on stop, then the actor is stopped and refuses calls', async () => {
    const cleanupFile = join(dir, 'cleanup.txt')
    const echo = await supervisor.spawn({
      name: 'tidy',
      protocol: echoProtocol,
      moduleUrl: ECHO,
      init: { cleanupFile },
    })
    echo.send('record', { note: 'n1' })
    await expect(echo.stop()).resolves.toEqual({ graceful: true })
    expect(echo.state).toBe('stopped')
    expect(await readFile(cleanupFile, 'utf8')).toBe('cleaned n1')
    await expect(echo.call('ping', { n: 1 })).rejects.toMatchObject({ code: 'ACTOR_UNAVAILABLE' })
    await expect(echo.stop()).resolves.toEqual({ graceful: true }) // idempotent
  })

  it('terminates an actor whose cleanup hangs after stopTimeoutMs, rejecting pending calls', async () => {
    const restarts: string[] = []
    supervisor.onRestart((actor) => restarts.push(actor))
    const echo = await supervisor.spawn({
      name: 'stuck',
      protocol: echoProtocol,
      moduleUrl: ECHO,
      init: { hangOnStop: true },
    })
    const pending = echo.call('hang', null).catch((e) => e)
    await expect(echo.stop()).resolves.toEqual({ graceful: false })
    expect(echo.state).toBe('stopped')
    expect(await pending).toMatchObject({ code: 'ACTOR_STOPPED' })
    expect(restarts).toEqual([]) // a stop is not a death
  })

  it('stops an actor waiting for its restart without starting it again', async () => {
    const echo = await supervisor.spawn({
      name: 'between',
      protocol: echoProtocol,
      moduleUrl: ECHO,
      init: {},
    })
    await echo.call('crash', { how: 'exit' }).catch(() => {})
    expect(echo.state).toBe('restarting')
    await expect(echo.stop()).resolves.toEqual({ graceful: true })
    expect(echo.state).toBe('stopped')
  })
})
