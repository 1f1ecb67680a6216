import { describe, expect, it } from 'vitest'

import { CliUsageError, DEFAULT_PORT, parseCliArgs } from './cli-args.js'

describe('parseCliArgs', () => {
  it.each([
    [[], { help: false, options: { port: DEFAULT_PORT } }],
    [
      ['--port', '0', '--symbols', 'btcusdt, ETHUSDT', '--trades-per-symbol', '100', '--rate', '0'],
      {
        help: false,
        options: { port: 0, symbols: ['BTCUSDT', 'ETHUSDT'], tradesPerSymbol: 100, rate: 0 },
      },
    ],
    [
      ['--seed=7', '--rate', '12.5', '--ping-interval-ms', '500', '--start-on-listen'],
      {
        help: false,
        options: {
          port: DEFAULT_PORT,
          seed: 7,
          rate: 12.5,
          pingIntervalMs: 500,
          startOnListen: true,
        },
      },
    ],
    [
      ['--play', 'session.jsonl', '--speed', '0', '--host', '0.0.0.0'],
      {
        help: false,
        options: { port: DEFAULT_PORT, play: 'session.jsonl', speed: 0, host: '0.0.0.0' },
      },
    ],
    [['--help'], { help: true }],
    [['-h', '--port', 'x'], { help: true }],
  ])('%j', (argv, expected) => {
    expect(parseCliArgs(argv)).toEqual(expected)
  })

  it.each([
    [['--port', 'abc'], /^--port must be a non-negative integer/],
    [['--port', '65536'], /^--port must be an integer from 0 to 65535/],
    [['--rate', 'fast'], /^--rate must be a non-negative number/],
    [['--rate', '-1'], /--rate/],
    [['--speed', '1e3'], /^--speed must be a non-negative number/],
    [['--trades-per-symbol', '1.5'], /^--trades-per-symbol must be a non-negative integer/],
    [['--ping-interval-ms', '0'], /^--ping-interval-ms must be an integer >= 1/],
    [['--symbols', 'BTC-USDT'], /^--symbols "BTC-USDT" is not like BTCUSDT/],
    [['--symbols', ''], /^--symbols "" is not like BTCUSDT/],
    [['--host', ''], /^--host must not be empty/],
    [['--play', 'x.jsonl', '--seed', '2'], /^--seed does not apply when playing a recording/],
    [['--play', 'x.jsonl', '--rate', '2'], /^--rate does not apply when playing a recording/],
    [['--verbose'], /Unknown option '--verbose'/],
    [['serve'], /Unexpected argument 'serve'/],
  ])('%j fails with a usage error naming the flag', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError)
    expect(() => parseCliArgs(argv)).toThrow(message)
  })
})
