import { describe, expect, it } from 'vitest'

import { feedBenchCommand, parseFeedBenchArgs } from './binance-feed-args.js'

describe('parseFeedBenchArgs', () => {
  it('defaults to 1,000,000 frames after 200,000 warm-up, 3 runs, 10 symbols, every mode', () => {
    expect(parseFeedBenchArgs([])).toEqual({
      frames: 1_000_000,
      warmup: 200_000,
      runs: 3,
      symbols: 10,
      seed: 1,
      modes: ['receive', 'json', 'validate', 'full'],
      out: undefined,
      help: false,
    })
  })

  it('reads every flag', () => {
    expect(
      parseFeedBenchArgs([
        '--frames',
        '2_000',
        '--warmup=0',
        '--runs',
        '5',
        '--symbols',
        '3',
        '--seed',
        '9',
        '--modes',
        'full,receive,full',
        '--out',
        'x.json',
        '--help',
      ]),
    ).toEqual({
      frames: 2000,
      warmup: 0,
      runs: 5,
      symbols: 3,
      seed: 9,
      modes: ['full', 'receive'],
      out: 'x.json',
      help: true,
    })
  })

  it.each([
    [['--frames', '0'], '--frames must be a positive integer'],
    [['--runs', 'x'], '--runs must be a non-negative integer, got "x"'],
    [['--symbols', '1.5'], '--symbols must be a non-negative integer'],
    [['--modes', 'full,fast'], '--modes must be a comma list of receive, json, validate, full'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j naming the flag', (argv, message) => {
    expect(() => parseFeedBenchArgs(argv)).toThrow(message)
  })
})

describe('feedBenchCommand', () => {
  it('reproduces the flags that differ from the defaults', () => {
    expect(feedBenchCommand(parseFeedBenchArgs([]))).toBe('npm run bench:binance-feed')
    expect(
      feedBenchCommand(parseFeedBenchArgs(['--frames', '5000', '--modes', 'full', '--out', 'x'])),
    ).toBe('npm run bench:binance-feed -- --frames 5000 --modes full')
  })
})
