import { describe, expect, it } from 'vitest'

import { CliUsageError, DEFAULT_PORT, parseCliArgs } from './cli-args.js'

describe('parseCliArgs', () => {
  it.each([
    [[], { help: false, port: DEFAULT_PORT, host: '127.0.0.1' }],
    [['--port', '18081'], { help: false, port: 18081, host: '127.0.0.1' }],
    [['--port=0', '--host', '0.0.0.0'], { help: false, port: 0, host: '0.0.0.0' }],
    [['--help'], { help: true }],
    [['-h', '--port', 'x'], { help: true }],
  ])('%j -> %j', (argv, expected) => {
    expect(parseCliArgs(argv)).toEqual(expected)
  })

  it.each([
    [['--port', 'abc'], /--port must be an integer/],
    [['--port', '65536'], /--port must be an integer/],
    [['--port', '-1'], /--port|argument/],
    [['--host', ''], /--host must not be empty/],
    [['--verbose'], /Unknown option '--verbose'/],
    [['serve'], /Unexpected argument 'serve'/],
  ])('%j fails with a usage error', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError)
    expect(() => parseCliArgs(argv)).toThrow(message)
  })
})
