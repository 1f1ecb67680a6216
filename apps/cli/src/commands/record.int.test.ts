import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { recordFrames } from '@k2/exchanges'
import { startReplayExchange, type ReplayExchange } from '@k2/tools-binance-replay'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { runCli } from '../cli.js'
import { testContext, type TestContext } from '../test-support.js'

let dir: string
let exchanges: ReplayExchange[] = []
let running: { t: TestContext; done: Promise<number> }[] = []

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k2-cli-record-'))
})

afterEach(async () => {
  for (const r of running) r.t.abort()
  await Promise.all(running.map((r) => r.done))
  running = []
  await Promise.all(exchanges.map((e) => e.close()))
  exchanges = []
  await rm(dir, { recursive: true, force: true })
})

async function exchange(options: Parameters<typeof startReplayExchange>[0]) {
  const e = await startReplayExchange(options)
  exchanges.push(e)
  return e
}

/** The lines of a recording, parsed. */
async function readRecording(path: string): Promise<{ recv_ts: number; frame: string }[]> {
  const text = await readFile(path, 'utf8')
  expect(text.endsWith('\n')).toBe(true)
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { recv_ts: number; frame: string })
}

/** Trade ids per symbol of combined trade frames. */
function idsBySymbol(frames: readonly string[]): Record<string, number[]> {
  const ids: Record<string, number[]> = {}
  for (const text of frames) {
    const { data } = JSON.parse(text) as { data: { s: string; t: number } }
    ;(ids[data.s] ??= []).push(data.t)
  }
  return ids
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

describe('k2 record', () => {
  it('records frames that a second replay exchange plays back identically', async () => {
    const source = await exchange({
      symbols: ['BTCUSDT', 'ETHUSDT'],
      tradesPerSymbol: 150,
      rate: 0,
      seed: 3,
    })
    const out = join(dir, 'session.jsonl')
    const t = testContext()
    const before = Date.now()
    const code = await runCli(
      [
        'record',
        '--url',
        `${source.url}/stream`,
        '--symbols',
        'BTCUSDT,ETHUSDT',
        '--out',
        out,
        '--max-frames',
        '300',
      ],
      t.context,
    )
    expect(code, t.err.join('\n')).toBe(0)
    expect(t.out).toEqual([
      expect.stringMatching(new RegExp(`^recorded 300 frames in \\d+\\.\\d s to ${out}$`)),
    ])

    const recorded = await readRecording(out)
    expect(recorded).toHaveLength(300)
    for (const line of recorded) {
      expect(Object.keys(line)).toEqual(['recv_ts', 'frame'])
      expect(Number.isInteger(line.recv_ts)).toBe(true)
      expect(line.recv_ts).toBeGreaterThanOrEqual(before)
    }
    expect(idsBySymbol(recorded.map((l) => l.frame))).toEqual({
      BTCUSDT: range(150),
      ETHUSDT: range(150),
    })

    // Play the file through `k2 exchange --play` and record that with the same client code.
    const play = testContext()
    const done = runCli(['exchange', '--port', '0', '--play', out, '--speed', '0'], play.context)
    running.push({ t: play, done })
    const url = /^websocket (\S+)/.exec(await play.waitForOut(/^websocket /))?.[1] as string
    const stop = new AbortController()
    const replayed: string[] = []
    await recordFrames({
      url,
      symbols: ['BTCUSDT', 'ETHUSDT'],
      signal: stop.signal,
      onFrame: (frame) => {
        replayed.push(frame.text)
        if (replayed.length === recorded.length) stop.abort()
      },
    })
    expect(replayed).toEqual(recorded.map((l) => l.frame))
  })

  it('takes the URL and symbols from the configuration by default', async () => {
    const source = await exchange({ symbols: ['BNBUSDT'], tradesPerSymbol: 20, rate: 0 })
    const out = join(dir, 'config.jsonl')
    const t = testContext({
      K2_BINANCE_WS_URL: `${source.url}/stream`,
      K2_BINANCE_SYMBOLS: 'bnbusdt',
    })
    expect(await runCli(['record', '--out', out, '--max-frames', '20'], t.context)).toBe(0)
    expect(t.err[0]).toBe(`recording BNBUSDT from ${source.url}/stream to ${out}`)
    const recorded = await readRecording(out)
    expect(idsBySymbol(recorded.map((l) => l.frame))).toEqual({ BNBUSDT: range(20) })
  })

  it('stops after --duration-s and at Ctrl-C with exit 0', async () => {
    const source = await exchange({ symbols: ['BTCUSDT'], rate: 200 })
    const timed = testContext()
    const out = join(dir, 'timed.jsonl')
    expect(
      await runCli(
        [
          'record',
          '--url',
          source.url,
          '--symbols',
          'BTCUSDT',
          '--out',
          out,
          '--duration-s',
          '0.3',
        ],
        timed.context,
      ),
    ).toBe(0)
    expect(timed.out[0]).toMatch(/^recorded \d+ frames in/)

    const interrupted = testContext()
    const out2 = join(dir, 'interrupted.jsonl')
    const done = runCli(
      ['record', '--url', source.url, '--symbols', 'BTCUSDT', '--out', out2],
      interrupted.context,
    )
    while (((await stat(out2).catch(() => undefined))?.size ?? 0) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    interrupted.abort()
    expect(await done).toBe(0)
    const lines = await readRecording(out2)
    expect(interrupted.out[0]).toMatch(new RegExp(`^recorded ${lines.length} frames in`))
    const ids = idsBySymbol(lines.map((l) => l.frame)).BTCUSDT ?? []
    expect(ids).toEqual(range(ids.length).map((i) => i + (ids[0] ?? 1) - 1))
  })

  it('exits 1 and keeps the frames when the server drops the connection', async () => {
    const source = await exchange({ symbols: ['BTCUSDT'], rate: 500 })
    const out = join(dir, 'dropped.jsonl')
    const t = testContext()
    const done = runCli(
      ['record', '--url', source.url, '--symbols', 'BTCUSDT', '--out', out],
      t.context,
    )
    while (((await stat(out).catch(() => undefined))?.size ?? 0) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    source.fault({ kind: 'drop' })
    expect(await done).toBe(1)
    expect(t.err.at(-1)).toBe('k2 record: the server closed the connection (1006) before the end')
    expect((await readRecording(out)).length).toBeGreaterThan(0)
  })

  it('exits 1 and leaves no file when it cannot connect', async () => {
    const source = await exchange({ symbols: ['BTCUSDT'] })
    const url = source.url
    await source.close()
    const out = join(dir, 'never.jsonl')
    const t = testContext()
    expect(
      await runCli(['record', '--url', url, '--symbols', 'BTCUSDT', '--out', out], t.context),
    ).toBe(1)
    expect(t.err.at(-1)).toMatch(
      /^k2 record: RECORDER_CONNECT_FAILED: cannot connect to .*ECONNREFUSED/,
    )
    await expect(stat(out)).rejects.toThrow(/ENOENT/)
  })

  it('refuses to replace a file unless --force, naming --out', async () => {
    const out = join(dir, 'exists.jsonl')
    await writeFile(out, 'precious\n')
    const t = testContext()
    expect(
      await runCli(
        ['record', '--url', 'ws://127.0.0.1:1', '--symbols', 'BTCUSDT', '--out', out],
        t.context,
      ),
    ).toBe(2)
    expect(t.err[0]).toBe(`k2 record: --out ${out} exists (add --force to replace it)`)
    expect(await readFile(out, 'utf8')).toBe('precious\n')
  })

  it.each([
    [['--symbols', 'BTCUSDT'], '--out is required'],
    [['--out', 'x', '--max-frames', '0'], '--max-frames must be an integer >= 1 (got "0")'],
    [['--out', 'x', '--duration-s', '0'], '--duration-s must be a number > 0 (got "0")'],
  ])('rejects %j with exit 2', async (args, message) => {
    const t = testContext()
    expect(await runCli(['record', ...args], t.context)).toBe(2)
    expect(t.err[0]).toBe(`k2 record: ${message}`)
  })

  it('names the variable of a bad configuration with exit 2', async () => {
    const t = testContext({ K2_BINANCE_WS_URL: 'https://not-a-ws-url' })
    expect(await runCli(['record', '--out', join(dir, 'x.jsonl')], t.context)).toBe(2)
    expect(t.err[0]).toMatch(/^k2 record: invalid configuration: K2_BINANCE_WS_URL: /)
  })
})
