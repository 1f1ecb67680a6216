import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'

// The CLI as a user runs it: main.ts under tsx, in its own process.
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))
const children: ChildProcess[] = []

function runCli(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return child
}

function output(stream: NodeJS.ReadableStream | null): () => string {
  let text = ''
  stream?.setEncoding('utf8')
  stream?.on('data', (chunk: string) => (text += chunk))
  return () => text
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode
  const [code] = (await once(child, 'exit')) as [number | null]
  return code
}

async function waitFor(read: () => string, pattern: RegExp, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while (!pattern.test(read())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}: ${read()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return pattern.exec(read()) as RegExpExecArray
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

describe('CLI (src/main.ts)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'serves trades and REST until %s, then exits 0',
    async (signal) => {
      const child = runCli([
        '--port',
        '0',
        '--symbols',
        'BTCUSDT',
        '--rate',
        '0',
        '--trades-per-symbol',
        '5',
        '--seed',
        '3',
      ])
      const stdout = output(child.stdout)
      const [, wsUrl] = await waitFor(stdout, /^websocket (ws:\/\/127\.0\.0\.1:\d+) /m)
      const [, restUrl] = await waitFor(stdout, /^rest (http:\/\/127\.0\.0\.1:\d+) /m)
      const ws = new WebSocket(`${wsUrl}/ws/btcusdt@trade`)
      const ids: number[] = []
      ws.on('message', (data) => ids.push((JSON.parse(data.toString()) as { t: number }).t))
      ws.on('error', () => {})
      const deadline = Date.now() + 20_000
      while (ids.length < 5 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(ids).toEqual([1, 2, 3, 4, 5])
      const response = await fetch(`${restUrl}/api/v3/historicalTrades?symbol=BTCUSDT&fromId=4`)
      expect(((await response.json()) as Array<{ id: number }>).map((t) => t.id)).toEqual([4, 5])
      ws.terminate()
      child.kill(signal)
      expect(await exitCode(child)).toBe(0)
      expect(stdout()).toContain(`binance replay exchange stopped (${signal})`)
    },
    30_000,
  )

  it('prints the usage and exits 2 on a bad flag, naming it', async () => {
    const child = runCli(['--rate', 'fast'])
    const stderr = output(child.stderr)
    expect(await exitCode(child)).toBe(2)
    expect(stderr()).toMatch(/--rate must be a non-negative number[\s\S]*Usage: /)
  }, 30_000)

  it('exits 1 when the recording cannot be read', async () => {
    const child = runCli(['--port', '0', '--play', '/nonexistent/session.jsonl'])
    const stderr = output(child.stderr)
    expect(await exitCode(child)).toBe(1)
    expect(stderr()).toMatch(/binance-replay: cannot read \/nonexistent\/session\.jsonl/)
  }, 30_000)

  it('prints the usage and exits 0 on --help', async () => {
    const child = runCli(['--help'])
    const stdout = output(child.stdout)
    expect(await exitCode(child)).toBe(0)
    expect(stdout()).toMatch(/^Usage: /)
  }, 30_000)
})
