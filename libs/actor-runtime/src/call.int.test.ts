// Worker start-up (tsx in each worker) takes a few hundred ms on a busy 2-core machine: the
// generous per-test timeout only guards against hangs; nothing here asserts on timing.

import { afterEach, describe, expect, it } from 'vitest'

import { echoProtocol } from './fixtures/echo.protocol.js'
import { waitFor } from './fixtures/wait-for.js'
import { createSupervisor, type Supervisor } from './supervisor.js'

const ECHO = new URL('./fixtures/echo.actor.ts', import.meta.url)

describe('typed calls to worker-thread actors', { timeout: 20_000 }, () => {
  let supervisor: Supervisor
  afterEach(async () => {
    await supervisor.stopAll()
  })

  async function spawnEcho(name = 'echo-1') {
    return supervisor.spawn({ name, protocol: echoProtocol, moduleUrl: ECHO, init: {} })
  }

  it('round-trips a typed call and a one-way send', async () => {
    supervisor = createSupervisor()
    const echo = await spawnEcho()
    expect(echo.state).toBe('running')
    await expect(echo.call('ping', { n: 41 })).resolves.toEqual({
      n: 41,
      actor: 'echo-1',
      incarnation: 0,
    })
    echo.send('record', { note: 'a' })
    // ordered after the send on the same port: the note is there when the next call answers
    await expect(echo.call('record', { note: 'b' })).resolves.toBeNull()
  })

  it('rejects with the code and message thrown in the actor', async () => {
    supervisor = createSupervisor()
    const echo = await spawnEcho()
    const coded = await echo.call('fail', { code: 'ECHO_BAD', message: 'nope' }).catch((e) => e)
    expect(coded).toMatchObject({ code: 'ECHO_BAD', message: 'nope', retriable: true })
    expect(coded.context).toEqual({ echo: true, actor: 'echo-1', method: 'fail' })
    const plain = await echo.call('fail', { message: 'plain error' }).catch((e) => e)
    expect(plain).toMatchObject({ code: 'ACTOR_HANDLER_FAILED', message: 'plain error' })
    const unknown = await echo.call('nope' as 'ping', { n: 1 }).catch((e) => e)
    expect(unknown).toMatchObject({ code: 'ACTOR_UNKNOWN_METHOD' })
    // the actor survives handler errors
    await expect(echo.call('ping', { n: 1 })).resolves.toMatchObject({ n: 1 })
  })

  it('rejects a call with no reply within timeoutMs, and the actor keeps serving', async () => {
    supervisor = createSupervisor()
    const echo = await spawnEcho()
    await expect(echo.call('hang', null, { timeoutMs: 20 })).rejects.toMatchObject({
      code: 'ACTOR_CALL_TIMEOUT',
      context: { actor: 'echo-1', method: 'hang' },
    })
    await expect(echo.call('ping', { n: 3 })).resolves.toMatchObject({ n: 3 })
  })

  it('transfers ArrayBuffers both ways instead of copying them', async () => {
    supervisor = createSupervisor()
    const echo = await spawnEcho()
    const buf = new Uint8Array([1, 2, 3, 4]).buffer
    const reply = echo.call('sum', { buf }, { transfer: [buf] })
    expect(buf.byteLength).toBe(0) // detached on the sender's side
    await expect(reply).resolves.toEqual({ sum: 10 })
    const { buf: made } = await echo.call('makeBuffer', { size: 3 })
    expect([...new Uint8Array(made)]).toEqual([7, 7, 7])
  })

  it('connects two actors with a channel, re-established after a restart', async () => {
    supervisor = createSupervisor({ restart: { initialDelayMs: 1, maxDelayMs: 10 } })
    const a = await spawnEcho('a')
    const b = await spawnEcho('b')
    supervisor.connect(a, b)
    await expect(a.call('relay', { peer: 'b', n: 7 })).resolves.toEqual({ n: 7, actor: 'b' })
    await expect(b.call('relay', { peer: 'a', n: 8 })).resolves.toEqual({ n: 8, actor: 'a' })

    const relayed = a.call('relay', { peer: 'b', n: 0, hang: true }).catch((e) => e)
    await b.call('crash', { how: 'exit' }).catch(() => {})
    expect(await relayed).toMatchObject({ code: 'ACTOR_CHANNEL_CLOSED', context: { actor: 'b' } })
    await waitFor(() => b.restarts === 1 && b.state === 'running')
    await expect(a.call('relay', { peer: 'b', n: 9 })).resolves.toEqual({ n: 9, actor: 'b' })
  })

  it('refuses calls while the actor is not running', async () => {
    supervisor = createSupervisor({ restart: { initialDelayMs: 200, maxDelayMs: 200 } })
    const echo = await spawnEcho()
    await echo.call('crash', { how: 'exit' }).catch(() => {})
    expect(echo.state).toBe('restarting')
    await expect(echo.call('ping', { n: 1 })).rejects.toMatchObject({
      code: 'ACTOR_UNAVAILABLE',
      retriable: true,
    })
    expect(() => echo.send('record', { note: 'x' })).toThrow(/restarting/)
  })
})
