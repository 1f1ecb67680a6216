import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))

/** `k2 demo ...` as its own process, stdout a pipe (not a terminal). */
function startDemo(args: readonly string[]) {
  // `node --import tsx` (not the tsx CLI): one process, so a signal reaches the demo itself.
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'demo', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = { stdout: '', stderr: '' }
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output, exited }
}

/** Waits until the demo shows committed rows (fails if it exits first or after 2 minutes). */
async function firstCommit(demo: ReturnType<typeof startDemo>): Promise<void> {
  const deadline = Date.now() + 120_000
  while (!/^\[ +\d+ s\] committed [1-9]/m.test(demo.output.stdout)) {
    if (Date.now() > deadline || demo.child.exitCode !== null) {
      throw new Error(`no commit seen: ${demo.output.stdout}\n${demo.output.stderr}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** True while a process with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

/** The supervisor's pid and the warehouse from the demo's start-up lines. */
function startupOf(stdout: string) {
  const match =
    /^k2 demo: supervisor pid (\d+) \(embedded transport\), API (\S+), warehouse (\S+)$/m.exec(
      stdout,
    )
  expect(match, stdout).not.toBeNull()
  return { pid: Number(match![1]), api: match![2]!, warehouse: match![3]! }
}

describe('k2 demo', { timeout: 180_000 }, () => {
  it('streams from the replay exchange, shows committed rows and prices, answers queries and leaves nothing running', async () => {
    const demo = startDemo(['--duration', '8', '--symbols', 'BTCUSDT,ETHUSDT'])
    const code = await demo.exited
    const { stdout, stderr } = demo.output
    expect(code, `${stdout}\n${stderr}`).toBe(0)
    expect(stderr).not.toContain('k2 demo')
    const { pid, api, warehouse } = startupOf(stdout)

    // Not a terminal: one line per scrape, no ANSI codes, then the final table.
    expect(stdout).not.toContain('\u001b[')
    expect(stdout).toMatch(/^\[ +\d+ s\] committed \d+ rows .*\| BTCUSDT .*\| ETHUSDT /m)
    const committed = Number(/^ {2}committed (\d+) rows \(/m.exec(stdout)?.[1])
    expect(committed).toBeGreaterThan(0)
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      expect(stdout).toMatch(
        new RegExp(`^ {2}${symbol} +\\d+\\.\\d{2,8} +\\d+\\.\\d +[1-9]\\d*$`, 'm'),
      )
    }
    expect(stdout).toMatch(/^ {2}freshness last 10 s: p50 \d+\.\d\d s, p99 \d+\.\d\d s; run: p50 /m)

    // The queries' answers.
    expect(stdout).toContain('GET /v1/trades?symbol=BTCUSDT&limit=3  (200, ')
    expect(stdout).toMatch(/^ {4}3 newest trade\(s\):$/m)
    expect(stdout.match(/^ {4}\S+Z {2}(BUY|SELL) +\d\S* @ \d+\.\d+ \(trade \S+\)$/gm)).toHaveLength(
      3,
    )
    expect(stdout).toMatch(
      /^GET \/v1\/bars\/1m\?symbol=BTCUSDT&start_time=\S+&end_time=\S+ {2}\(200, /m,
    )
    expect(Number(/^ {4}(\d+) one-minute bar\(s\):$/m.exec(stdout)?.[1])).toBeGreaterThan(0)
    expect(stdout).toMatch(/^ {4}volume \d\S*, trades [1-9]\d*, VWAP \d+\.\d+$/m)
    const snapshots =
      /^ {4}(\d+) snapshot\(s\) of trades_v2; current \d+ at \S+Z, (\d+) rows in total$/m.exec(
        stdout,
      )
    expect(Number(snapshots?.[1])).toBeGreaterThan(0)
    expect(Number(snapshots?.[2])).toBeGreaterThanOrEqual(committed)

    // Stopped in order, nothing left behind: no supervisor, no API, no temporary directory.
    expect(stdout).toMatch(/^k2 demo: supervisor exited with code 0 after /m)
    expect(stdout).toContain('k2 demo: replay exchange stopped')
    expect(alive(pid)).toBe(false)
    await expect(fetch(`${api}/health/live`)).rejects.toThrow()
    expect(existsSync(dirname(warehouse))).toBe(false)
  })

  it('stops the supervisor and the exchange cleanly on SIGINT (Ctrl-C)', async () => {
    const demo = startDemo(['--duration', '300', '--symbols', 'BTCUSDT'])
    await firstCommit(demo)
    const { pid, warehouse } = startupOf(demo.output.stdout)
    demo.child.kill('SIGINT')
    expect(await demo.exited).toBe(0)
    const { stdout } = demo.output
    expect(stdout).toContain('k2 demo: interrupted, stopping')
    expect(stdout).toMatch(/^k2 demo: supervisor exited with code 0 after /m)
    expect(stdout).toContain('k2 demo: replay exchange stopped')
    expect(stdout).not.toContain('GET /v1/')
    expect(alive(pid)).toBe(false)
    expect(existsSync(dirname(warehouse))).toBe(false)
  })

  it('a killed demo (SIGKILL) leaves no supervisor behind: it stops when its parent is gone', async () => {
    const demo = startDemo(['--duration', '300', '--symbols', 'BTCUSDT'])
    await firstCommit(demo)
    const { pid } = startupOf(demo.output.stdout)
    demo.child.kill('SIGKILL')
    await demo.exited
    // The supervisor notices the closed channel and stops in order (within its 10 s bound).
    const gone = Date.now() + 15_000
    while (alive(pid) && Date.now() < gone) await new Promise((r) => setTimeout(r, 100))
    expect(alive(pid)).toBe(false)
  })
})
