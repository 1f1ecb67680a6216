import { PARQUET_WRITER_DEFAULTS } from '@k2/iceberg'
import { describe, expect, it } from 'vitest'

import { parseQueryLatencyArgs, queryLatencyCommand } from './query-latency-args.js'

describe('parseQueryLatencyArgs', () => {
  it('defaults to issue 6 item 7: 10,000,000 trades, 50 timed runs after 5 warm-ups', () => {
    expect(parseQueryLatencyArgs([])).toEqual({
      trades: 10_000_000,
      seed: 20251124,
      // The writer's default, so the benchmark measures what the writers produce.
      rowGroupSize: PARQUET_WRITER_DEFAULTS.rowGroupSize,
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
        '--row-group-size',
        '8_192',
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
      rowGroupSize: 8192,
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
    [['--row-group-size', '2047'], '--row-group-size'],
    [['--row-group-size', 'big'], '--row-group-size'],
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
    const options = parseQueryLatencyArgs([
      '--trades',
      '2000000',
      '--iterations',
      '20',
      '--row-group-size',
      '32768',
    ])
    expect(queryLatencyCommand(options)).toBe(
      'npm run bench:query-latency -- --trades 2000000 --row-group-size 32768 --iterations 20',
    )
    expect(
      parseQueryLatencyArgs(queryLatencyCommand(options).split(' -- ')[1]!.split(' ')),
    ).toEqual(options)
  })
})
