import { ConfigError } from '@k2/config'
import { K2Error } from '@k2/core'
import { describe, expect, it } from 'vitest'

import { runCli } from './cli.js'
import { defineCommand, type Command } from './command.js'
import { COMMANDS } from './commands/index.js'
import { integerFlag } from './flags.js'
import { testContext } from './test-support.js'

/** A command that records what it was given and behaves as `behaviour` says. */
function fakeCommand(behaviour: (n: number | undefined) => Promise<number>): Command {
  return defineCommand({
    name: 'fake',
    summary: 'a fake command',
    description: 'Does fake things.',
    flags: { count: integerFlag({ description: 'how many', min: 1 }) },
    examples: ['fake --count 2'],
    run: (values) => behaviour(values.count),
  })
}

describe('runCli dispatch', () => {
  it('lists the commands on --help and exits 0', async () => {
    const t = testContext()
    expect(await runCli(['--help'], t.context)).toBe(0)
    const text = t.out.join('\n')
    expect(text).toContain('Usage: npm run k2 -- <command> [options]')
    for (const command of COMMANDS) expect(text).toMatch(new RegExp(`^  ${command.name} +\\S`, 'm'))
  })

  it('prints the usage to stderr and exits 2 without a command', async () => {
    const t = testContext()
    expect(await runCli([], t.context)).toBe(2)
    expect(t.err.join('\n')).toContain('Usage: npm run k2 -- <command>')
    expect(t.out).toEqual([])
  })

  it('rejects an unknown command with exit 2, naming it and the commands', async () => {
    const t = testContext()
    expect(await runCli(['serve-all'], t.context)).toBe(2)
    expect(t.err[0]).toBe(
      'k2: unknown command "serve-all" (commands: demo, exchange, feed, load, query, record, version)',
    )
  })

  it.each([[['exchange', '--help']], [['exchange', '-h']], [['help', 'exchange']]])(
    '%j shows the command help',
    async (argv) => {
      const t = testContext()
      expect(await runCli(argv, t.context)).toBe(0)
      const text = t.out.join('\n')
      expect(text).toContain('Usage: npm run k2 -- exchange [options]')
      expect(text).toMatch(/--trades-per-symbol N/)
      expect(text).toContain('Examples:\n  npm run k2 -- exchange --port 9443')
    },
  )

  it('runs the command with typed values and returns its exit code', async () => {
    const seen: (number | undefined)[] = []
    const command = fakeCommand(async (n) => {
      seen.push(n)
      return 0
    })
    const t = testContext()
    expect(await runCli(['fake', '--count', '3'], t.context, [command])).toBe(0)
    expect(await runCli(['fake'], t.context, [command])).toBe(0)
    expect(seen).toEqual([3, undefined])
  })

  it('rejects a bad flag with exit 2, naming the flag and pointing at --help', async () => {
    const t = testContext()
    const command = fakeCommand(async () => 0)
    expect(await runCli(['fake', '--count', '0'], t.context, [command])).toBe(2)
    expect(t.err).toEqual([
      'k2 fake: --count must be an integer >= 1 (got "0")',
      "Run 'npm run k2 -- fake --help' for the options.",
    ])
  })

  it.each([
    [
      'a configuration error',
      new ConfigError([{ variable: 'K2_API_PORT', reason: '"x" must be a whole number' }]),
      2,
      'k2 fake: invalid configuration: K2_API_PORT: "x" must be a whole number',
    ],
    [
      'a coded error',
      new K2Error('REPLAY_INVALID_RECORDING', 'x.jsonl:3: expected {...}'),
      1,
      'k2 fake: REPLAY_INVALID_RECORDING: x.jsonl:3: expected {...}',
    ],
    ['an unexpected error', new TypeError('boom'), 1, 'k2 fake: unexpected error: TypeError: boom'],
  ])('reports %s with exit %s', async (_case, error, code, message) => {
    const t = testContext()
    const command = fakeCommand(() => Promise.reject(error))
    expect(await runCli(['fake'], t.context, [command])).toBe(code)
    expect(t.err[0]?.startsWith(message)).toBe(true)
  })
})

describe('k2 version', () => {
  it('prints the version of K2 and Node', async () => {
    const t = testContext()
    expect(await runCli(['version'], t.context)).toBe(0)
    expect(t.out).toEqual([
      `k2 0.1.0 (Node.js ${process.version}, ${process.platform}-${process.arch})`,
    ])
  })

  it('takes no flags', async () => {
    const t = testContext()
    expect(await runCli(['version', '--verbose'], t.context)).toBe(2)
    expect(t.err[0]).toBe("k2 version: Unknown option '--verbose'")
  })
})
