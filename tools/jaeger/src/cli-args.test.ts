import { describe, expect, it } from 'vitest'

import { parseStartArgs, parseStopArgs } from './cli-args.js'
import { isJaegerToolError } from './errors.js'

describe('parseStartArgs', () => {
  it('maps each port flag to its API option', () => {
    expect(
      parseStartArgs([
        '--otlp-http-port',
        '14318',
        '--otlp-grpc-port=14317',
        '--query-port',
        '26686',
        '--query-grpc-port',
        '26685',
        '--timeout-ms',
        '5000',
      ]),
    ).toEqual({
      help: false,
      buildOnly: false,
      options: {
        otlpHttpPort: 14318,
        otlpGrpcPort: 14317,
        queryPort: 26686,
        queryGrpcPort: 26685,
        timeoutMs: 5000,
      },
    })
  })

  it('leaves unset flags to the API defaults and understands --build-only and --help', () => {
    expect(parseStartArgs([])).toEqual({ help: false, buildOnly: false, options: {} })
    expect(parseStartArgs(['--build-only'])).toEqual({ help: false, buildOnly: true, options: {} })
    expect(parseStartArgs(['-h'])).toEqual({ help: true })
  })

  it.each([
    [['--port', '1'], 'unknown option --port'],
    [['--query-port', 'abc'], 'invalid option --query-port'],
    [['--query-port=-1'], 'invalid option --query-port'],
    [['extra'], 'unexpected argument extra'],
  ])('rejects %j with a usage error', (argv, message) => {
    let caught: unknown
    try {
      parseStartArgs(argv)
    } catch (error) {
      caught = error
    }
    expect(isJaegerToolError(caught, 'JAEGER_TOOL_INVALID_OPTION')).toBe(true)
    expect((caught as Error).message).toContain(message)
  })
})

describe('parseStopArgs', () => {
  it('takes the query port and timeout only', () => {
    expect(parseStopArgs(['--query-port', '26686', '--timeout-ms', '100'])).toEqual({
      help: false,
      options: { queryPort: 26686, timeoutMs: 100 },
    })
    expect(() => parseStopArgs(['--otlp-http-port', '1'])).toThrow(/unknown option/)
  })
})
