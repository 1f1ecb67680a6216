import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const TSX = `${ROOT}node_modules/.bin/tsx`
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))

/** Runs `k2 ...` as `npm run k2` does (tsx from the repository root) and waits for it. */
function k2(args: readonly string[]) {
  return spawnSync(TSX, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 })
}

describe('the k2 entry point', { timeout: 60_000 }, () => {
  it('prints the version and exits 0', () => {
    const res = k2(['version'])
    expect(res.status, res.stderr).toBe(0)
    expect(res.stdout).toMatch(/^k2 0\.1\.0 \(Node\.js v\d+/)
  })

  it('exits 2 on a bad flag, naming it on stderr', () => {
    const res = k2(['exchange', '--port', '99999'])
    expect(res.status).toBe(2)
    expect(res.stderr).toContain('k2 exchange: --port must be an integer from 0 to 65535')
    expect(res.stdout).toBe('')
  })

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'runs the exchange until %s and then exits 0',
    async (signal) => {
      const child = spawn(TSX, [MAIN, 'exchange', '--port', '0', '--symbols', 'BTCUSDT'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stdout = ''
      child.stdout.setEncoding('utf8')
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk
      })
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
      )
      while (!/^rest http:\/\/\S+/m.test(stdout)) {
        if (child.exitCode !== null) throw new Error(`exited early: ${stdout}`)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      const rest = /^rest (http:\/\/\S+)/m.exec(stdout)?.[1] as string
      expect((await fetch(`${rest}/api/v3/ping`)).status).toBe(200)
      child.kill(signal)
      expect(await exited).toBe(0)
      expect(stdout).toContain('binance replay exchange stopped')
    },
  )
})
