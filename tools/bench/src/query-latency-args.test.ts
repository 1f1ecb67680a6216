import { describe, expect, it } from 'vitest'

import { parseQueryLatencyArgs, queryLatencyCommand } from './query-latency-args.js'

describe('parseQueryLatencyArgs', () => {
  it('defaults to issue 6 item 7: 10,000,000 trades, 50 timed runs after 5 warm-ups', () => {
    expect(parseQueryLatencyArgs([])).toEqual({
      trades: 10_000_000,
      seed: 20251124,
      iterations: 50,
      warmup: 5,
      rebuild: false,
      out: undefined,
      json: false,
      help: false,
    })
  })

  it('reads every flag, with underscores in numbers', () => {
    expect(
      parseQueryLatencyArgs([
        '--trades',
        '2_000_000',
        '--seed=7',
        '--iterations',
        '20',
        '--warmup',
        '0',
        '--rebuild',
        '--out',
        'x.json',
        '--json',
        '--help',
      ]),
    ).toEqual({
      trades: 2_000_000,
      seed: 7,
      iterations: 20,
      warmup: 0,
      rebuild: true,
      out: 'x.json',
      json: true,
      help: true,
    })
  })

  it.each([
    [['--trades', '0'], '--trades'],
    [['--trades', '1e6'], '--trades'],
    [['--iterations', '0'], '--iterations'],
    [['--warmup', '-1'], '--warmup'],
    [['--seed', 'x'], '--seed'],
  ])('rejects %j naming %s', (argv, flag) => {
    expect(() => parseQueryLatencyArgs(argv)).toThrow(flag)
  })

  it('rejects unknown flags and positionals', () => {
    expect(() => parseQueryLatencyArgs(['--rows', '5'])).toThrow()
    expect(() => parseQueryLatencyArgs(['5'])).toThrow()
  })
})

describe('queryLatencyCommand', () => {
  it('is the bare script for the defaults', () => {
    expect(queryLatencyCommand(parseQueryLatencyArgs(['--json', '--rebuild']))).toBe(
      'npm run bench:query-latency',
    )
  })

  it('names the flags that change the numbers', () => {
    const options = parseQueryLatencyArgs(['--trades', '2000000', '--iterations', '20'])
    expect(queryLatencyCommand(options)).toBe(
      'npm run bench:query-latency -- --trades 2000000 --iterations 20',
    )
    expect(
      parseQueryLatencyArgs(queryLatencyCommand(options).split(' -- ')[1]!.split(' ')),
    ).toEqual(options)
  })
})
