import { describe, expect, it } from 'vitest'

import { parseStartArgs, parseStopArgs } from './cli-args.js'
import { isKafkaToolError } from './errors.js'
import type { StartKafkaOptions } from './options.js'

/** Options of a parse that is not a help request. */
function startOptions(argv: string[], env: Record<string, string>): StartKafkaOptions {
  const parsed = parseStartArgs(argv, env, '/')
  if (parsed.help) throw new Error('unexpected --help')
  return parsed.options
}

function failure(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    expect(isKafkaToolError(error, 'KAFKA_TOOL_INVALID_OPTION')).toBe(true)
    return (error as Error).message
  }
  throw new Error('expected KAFKA_TOOL_INVALID_OPTION')
}

describe('parseStartArgs', () => {
  it('returns no options when no flags are given (API defaults apply)', () => {
    expect(parseStartArgs([], {}, '/repo')).toEqual({ help: false, options: {} })
  })

  it('parses every flag, resolving --data-dir against the caller cwd', () => {
    const argv = [
      '--port',
      '19092',
      '--controller-port=19999',
      '--data-dir',
      'tmp/k',
      '--timeout-ms',
      '5000',
    ]
    expect(parseStartArgs(argv, {}, '/home/me/k2/apps')).toEqual({
      help: false,
      options: {
        port: 19092,
        controllerPort: 19999,
        dataDir: '/home/me/k2/apps/tmp/k',
        timeoutMs: 5000,
      },
    })
  })

  it('takes the port from K2_KAFKA_PORT unless --port is given', () => {
    expect(startOptions([], { K2_KAFKA_PORT: '29092' })).toEqual({ port: 29092 })
    expect(startOptions(['--port', '1'], { K2_KAFKA_PORT: '2' })).toEqual({
      port: 1,
    })
    expect(startOptions([], { K2_KAFKA_PORT: '' })).toEqual({})
  })

  it('recognises --help', () => {
    expect(parseStartArgs(['-h'], {}, '/')).toEqual({ help: true })
  })

  it('reports unknown flags and bad values clearly', () => {
    expect(failure(() => parseStartArgs(['--prot', '1'], {}, '/'))).toMatch(
      /^unknown option --prot\n/,
    )
    expect(failure(() => parseStartArgs(['extra'], {}, '/'))).toMatch(/^unexpected argument extra/)
    expect(failure(() => parseStartArgs(['--port', 'abc'], {}, '/'))).toMatch(
      /invalid option --port: .*"abc"/,
    )
    expect(failure(() => parseStartArgs([], { K2_KAFKA_PORT: 'x' }, '/'))).toMatch(
      /invalid option K2_KAFKA_PORT/,
    )
    expect(failure(() => parseStartArgs(['--port'], {}, '/'))).toMatch(/--port/)
  })
})

describe('parseStopArgs', () => {
  it('parses --port and --timeout-ms', () => {
    expect(parseStopArgs(['--port', '19092', '--timeout-ms', '100'], {})).toEqual({
      help: false,
      options: { port: 19092, timeoutMs: 100 },
    })
  })

  it('rejects start-only flags', () => {
    expect(failure(() => parseStopArgs(['--data-dir', 'x'], {}))).toMatch(
      /unknown option --data-dir/,
    )
  })
})
