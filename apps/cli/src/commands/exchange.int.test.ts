import { createServer } from 'node:net'

import { afterEach, describe, expect, it } from 'vitest'

import { runCli } from '../cli.js'
import { testContext, type TestContext } from '../test-support.js'

/** Commands still running at the end of a test: stopped in afterEach. */
let running: { t: TestContext; done: Promise<number> }[] = []

afterEach(async () => {
  for (const r of running) r.t.abort()
  await Promise.all(running.map((r) => r.done))
  running = []
})

/** Starts `k2 exchange ...` in-process and waits for its websocket line. */
async function startExchange(args: readonly string[]) {
  const t = testContext()
  const done = runCli(['exchange', ...args], t.context)
  running.push({ t, done })
  const line = await Promise.race([
    t.waitForOut(/^websocket /),
    done.then((code) => {
      throw new Error(`exited ${code}: ${t.err.join(' | ')}`)
    }),
  ])
  const url = /^websocket (ws:\/\/\S+)/.exec(line)?.[1] as string
  const rest = /^rest (http:\/\/\S+)/.exec(t.out.find((l) => l.startsWith('rest ')) ?? '')?.[1]
  return { t, done, url, rest: rest as string }
}

describe('k2 exchange', () => {
  it('starts the replay exchange with the flags given, prints its URLs and stops on abort', async () => {
    const { t, done, url, rest } = await startExchange([
      '--port',
      '0',
      '--symbols',
      'btcusdt,ETHUSDT',
      '--trades-per-symbol',
      '5',
      '--rate',
      '0',
      '--seed',
      '7',
      '--ping-interval-ms',
      '1000',
    ])
    expect(t.out[0]).toBe(
      'binance replay exchange generating BTCUSDT,ETHUSDT as fast as clients read (rate 0)',
    )
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/)
    expect(rest).toBe(url.replace('ws://', 'http://'))
    expect(t.out).toContain(
      `point K2 at it: K2_BINANCE_WS_URL=${url}/stream K2_BINANCE_REST_URL=${rest}`,
    )
    const stats = (await (await fetch(`${rest}/k2/stats`)).json()) as {
      mode: string
      symbols: Record<string, unknown>
    }
    expect(stats.mode).toBe('generate')
    expect(Object.keys(stats.symbols)).toEqual(['BTCUSDT', 'ETHUSDT'])

    t.abort()
    expect(await done).toBe(0)
    expect(t.out.at(-1)).toBe('binance replay exchange stopped')
    await expect(fetch(`${rest}/k2/stats`)).rejects.toThrow()
  })

  it.each([
    [
      ['--play', 'x.jsonl', '--symbols', 'BTCUSDT'],
      '--symbols does not apply when playing a recording',
    ],
    [['--symbols', 'BTCUSDT,BTCUSDT'], '--symbols must not repeat a symbol'],
    [['--port', 'x'], '--port must be an integer from 0 to 65535 (got "x")'],
    [['--rate', 'fast'], '--rate must be a number >= 0 (got "fast")'],
  ])('rejects %j with exit 2 naming the flag', async (args, message) => {
    const t = testContext()
    expect(await runCli(['exchange', '--port', '0', ...args], t.context)).toBe(2)
    expect(t.err[0]).toBe(`k2 exchange: ${message}`)
  })

  it('fails with exit 1 on an unreadable recording', async () => {
    const t = testContext()
    expect(
      await runCli(['exchange', '--port', '0', '--play', '/nonexistent/x.jsonl'], t.context),
    ).toBe(1)
    expect(t.err[0]).toMatch(
      /^k2 exchange: REPLAY_INVALID_RECORDING: cannot read \/nonexistent\/x\.jsonl/,
    )
  })

  it('fails with exit 1 when the port is taken', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const t = testContext()
      expect(await runCli(['exchange', '--port', String(port)], t.context)).toBe(1)
      expect(t.err[0]).toBe(
        `k2 exchange: CLI_COMMAND_FAILED: cannot listen on 127.0.0.1:${port}: address already in use (try --port 0)`,
      )
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })
})
