import { createServer } from 'node:net'

import { describe, expect, it } from 'vitest'

import { runCli } from '../cli.js'
import { testContext } from '../test-support.js'

describe('k2 demo flags', () => {
  it.each([
    [['--duration', '0'], '--duration must be a number > 0 (got "0")'],
    [['--duration', 'soon'], '--duration must be a number > 0 (got "soon")'],
    [['--rate', '0'], '--rate must be a number > 0 (got "0")'],
    [['--api-port', '70000'], '--api-port must be an integer from 1 to 65535 (got "70000")'],
    [['--symbols', 'BTC-USDT'], '--symbols has "BTC-USDT", not a symbol like BTCUSDT'],
    [['--symbols', 'BTCUSDT,btcusdt'], '--symbols must not repeat a symbol'],
    [['--warehouse', ' '], '--warehouse must not be empty'],
    [['--live', '--rate', '10'], '--rate applies to the replay exchange, not to --live'],
    [['--live', '--seed', '3'], '--seed applies to the replay exchange, not to --live'],
    [['--speed', '2'], "Unknown option '--speed'"],
  ])('rejects %j with exit 2 naming the flag, before starting anything', async (args, message) => {
    const t = testContext()
    expect(await runCli(['demo', ...args], t.context)).toBe(2)
    expect(t.err[0]).toBe(`k2 demo: ${message}`)
    expect(t.err[1]).toBe("Run 'npm run k2 -- demo --help' for the options.")
    expect(t.out).toEqual([])
  })

  it('needs symbols with --live when K2_BINANCE_SYMBOLS is empty', async () => {
    const t = testContext({ K2_BINANCE_SYMBOLS: '' })
    expect(await runCli(['demo', '--live'], t.context)).toBe(2)
    expect(t.err[0]).toBe('k2 demo: --symbols is required (K2_BINANCE_SYMBOLS is empty)')
  })

  it('reports a bad K2_* variable with exit 2, naming it', async () => {
    const t = testContext({ K2_API_KEYS: 'short' })
    expect(await runCli(['demo'], t.context)).toBe(2)
    expect(t.err[0]).toMatch(/^k2 demo: .*K2_API_KEYS/)
  })

  it('fails with exit 1 naming --api-port when that port is taken, before starting anything', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const t = testContext()
      expect(await runCli(['demo', '--api-port', String(port)], t.context)).toBe(1)
      expect(t.err[0]).toBe(
        `k2 demo: CLI_COMMAND_FAILED: cannot use --api-port ${port}: address already in use (omit --api-port for a free one)`,
      )
      expect(t.out).toEqual([])
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })

  it('documents every flag and its defaults in --help', async () => {
    const t = testContext()
    expect(await runCli(['demo', '--help'], t.context)).toBe(0)
    const help = t.out.join('\n')
    for (const flag of [
      '--duration S',
      '--symbols A,B',
      '--live',
      '--rate R',
      '--seed S',
      '--warehouse DIR',
      '--api-port P',
      '--keep',
    ]) {
      expect(help).toContain(`  ${flag} `)
    }
    expect(help).toMatch(/--duration S +seconds to stream .*\(default 20\)/)
  })
})
