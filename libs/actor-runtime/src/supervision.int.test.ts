import { afterEach, describe, expect, it } from 'vitest'

import type { ActorExitReason, RestartInfo } from './options.js'
import { echoProtocol, type CrashKind } from './fixtures/echo.protocol.js'
import { waitFor } from './fixtures/wait-for.js'
import { createSupervisor, type Supervisor } from './supervisor.js'

const ECHO = new URL('./fixtures/echo.actor.ts', import.meta.url)

interface Restart {
  readonly actor: string
  readonly reason: ActorExitReason
  readonly info: RestartInfo
}

describe('one-for-one supervision', { timeout: 20_000 }, () => {
  let supervisor: Supervisor
  let restarts: Restart[]
  afterEach(async () => {
    await supervisor.stopAll()
  })

  function create(budget = { maxRestarts: 5, windowMs: 60_000 }) {
    restarts = []
    supervisor = createSupervisor({
      restart: { initialDelayMs: 10, maxDelayMs: 1_000, budget },
      onRestart: (actor, reason, info) => restarts.push({ actor, reason, info }),
    })
  }

  const cases: ReadonlyArray<readonly [CrashKind, Partial<ActorExitReason>]> = [
    ['throw', { kind: 'error', message: 'boom outside any handler' }],
    ['exit', { kind: 'exit', exitCode: 3 }],
    ['oom', { kind: 'oom', errorCode: 'ERR_WORKER_OUT_OF_MEMORY' }],
  ]

  it.each(cases)(
    'detects a death by %s, rejects pending calls, restarts, and the next call works',
    async (how, expected) => {
      create()
      const echo = await supervisor.spawn({
        name: `victim-${how}`,
        protocol: echoProtocol,
        moduleUrl: ECHO,
        init: {},
        resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 },
      })
      const pending = echo.call('hang', null).catch((e) => e)
      const err = await echo.call('crash', { how }).catch((e) => e)
      expect(err).toMatchObject({ code: 'ACTOR_DIED', retriable: true })
      expect(err.context.reason).toMatchObject(expected)
      expect(await pending).toMatchObject({ code: 'ACTOR_DIED' })

      await waitFor(() => echo.state === 'running')
      expect(restarts).toEqual([
        {
          actor: `victim-${how}`,
          reason: expect.objectContaining(expected),
          info: { attempt: 1, delayMs: 10 },
        },
      ])
      expect(echo.restarts).toBe(1)
      await expect(echo.call('ping', { n: 2 })).resolves.toEqual({
        n: 2,
        actor: `victim-${how}`,
        incarnation: 1,
      })
    },
  )

  it('kill() terminates the worker without cleanup, counts a death and restarts it', async () => {
    create()
    const echo = await supervisor.spawn({
      name: 'killed',
      protocol: echoProtocol,
      moduleUrl: ECHO,
      init: {},
    })
    const pending = echo.call('hang', null).catch((e) => e)
    await echo.kill()
    expect(await pending).toMatchObject({ code: 'ACTOR_DIED' })
    await waitFor(() => echo.state === 'running')
    expect(restarts).toEqual([
      {
        actor: 'killed',
        reason: expect.objectContaining({ kind: 'killed' }),
        info: { attempt: 1, delayMs: 10 },
      },
    ])
    await expect(echo.call('ping', { n: 1 })).resolves.toMatchObject({ incarnation: 1 })
    await echo.stop()
    await expect(echo.kill()).rejects.toMatchObject({ code: 'ACTOR_UNAVAILABLE' })
  })

  it('backs off exponentially and reports failure when the budget is spent', async () => {
    create({ maxRestarts: 3, windowMs: 60_000 })
    const spawned = supervisor
      .spawn({ name: 'doomed', protocol: echoProtocol, moduleUrl: ECHO, init: { failStart: true } })
      .catch((e) => e)
    const failure = await supervisor.failure
    expect(restarts.map((r) => r.info)).toEqual([
      { attempt: 1, delayMs: 10 },
      { attempt: 2, delayMs: 20 },
      { attempt: 3, delayMs: 40 },
    ])
    expect(restarts[0]!.reason).toMatchObject({
      kind: 'start-failed',
      errorCode: 'ECHO_START_FAILED',
      message: 'refusing to start',
    })
    expect(failure.actor).toBe('doomed')
    expect(failure.error).toMatchObject({ code: 'ACTOR_RESTART_BUDGET_EXHAUSTED' })
    expect(supervisor.get('doomed')?.state).toBe('failed')
    expect(await spawned).toMatchObject({ code: 'ACTOR_RESTART_BUDGET_EXHAUSTED' })
  })

  it('restarts only the actor that died (one-for-one)', async () => {
    create()
    const a = await supervisor.spawn({
      name: 'a',
      protocol: echoProtocol,
      moduleUrl: ECHO,
      init: {},
    })
    const b = await supervisor.spawn({
      name: 'b',
      protocol: echoProtocol,
      moduleUrl: ECHO,
      init: {},
    })
    await a.call('crash', { how: 'exit' }).catch(() => {})
    await waitFor(() => a.state === 'running')
    expect(restarts.map((r) => r.actor)).toEqual(['a'])
    await expect(b.call('ping', { n: 1 })).resolves.toMatchObject({ incarnation: 0 })
  })

  it('rejects a second actor with a taken name and invalid options', async () => {
    create()
    await supervisor.spawn({ name: 'x', protocol: echoProtocol, moduleUrl: ECHO, init: {} })
    await expect(
      supervisor.spawn({ name: 'x', protocol: echoProtocol, moduleUrl: ECHO, init: {} }),
    ).rejects.toMatchObject({ code: 'ACTOR_INVALID_OPTIONS' })
    expect(() => createSupervisor({ restart: { initialDelayMs: 50, maxDelayMs: 10 } })).toThrow(
      /restart\.maxDelayMs/,
    )
  })

  it('fails the start of a module whose protocol differs', async () => {
    create({ maxRestarts: 0, windowMs: 60_000 })
    const err = await supervisor
      .spawn({
        name: 'wrong',
        protocol: { ...echoProtocol, version: 2 },
        moduleUrl: ECHO,
        init: {},
      })
      .catch((e) => e)
    expect(err).toMatchObject({ code: 'ACTOR_RESTART_BUDGET_EXHAUSTED' })
    expect((await supervisor.failure).reason).toMatchObject({
      kind: 'start-failed',
      errorCode: 'ACTOR_BAD_MODULE',
    })
  })
})
