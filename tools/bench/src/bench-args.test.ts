import { describe, expect, it } from 'vitest'

import { benchCommand, parseBenchArgs } from './bench-args.js'

describe('parseBenchArgs', () => {
  it('defaults to 1,000,000 rows, 3 runs, every side, 3 days', () => {
    expect(parseBenchArgs([])).toEqual({
      rows: 1_000_000,
      runs: 3,
      skipPyiceberg: false,
      k2Inputs: ['rows', 'columns'],
      keep: false,
      out: undefined,
      days: 3,
      seed: 20251124,
      help: false,
    })
  })

  it('reads every flag', () => {
    expect(
      parseBenchArgs([
        '--rows',
        '1_000',
        '--runs=5',
        '--skip-pyiceberg',
        '--k2-inputs',
        'columns',
        '--keep',
        '--out',
        'x.json',
        '--days',
        '1',
        '--seed',
        '0',
      ]),
    ).toEqual({
      rows: 1000,
      runs: 5,
      skipPyiceberg: true,
      k2Inputs: ['columns'],
      keep: true,
      out: 'x.json',
      days: 1,
      seed: 0,
      help: false,
    })
    expect(parseBenchArgs(['--help']).help).toBe(true)
  })

  it('runs the K2 inputs in rows, columns order, each once, whatever order they are named in', () => {
    expect(parseBenchArgs(['--k2-inputs', 'columns,rows']).k2Inputs).toEqual(['rows', 'columns'])
    expect(parseBenchArgs(['--k2-inputs', 'rows, rows']).k2Inputs).toEqual(['rows'])
  })

  it.each([
    [['--rows', '0'], /--rows must be a positive integer/],
    [['--runs', '1.5'], /--runs must be a non-negative integer/],
    [['--rows', '-3'], /--rows/],
    [['--days', 'two'], /--days/],
    [['--k2-inputs', 'objects'], /--k2-inputs takes rows, columns/],
    [['--k2-inputs', ''], /--k2-inputs/],
    [['--k2-inputs', 'rows,'], /--k2-inputs/],
    [['--nope'], /Unknown option '--nope'/],
    [['extra'], /positional/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(message)
  })
})

describe('benchCommand', () => {
  it('is the bare npm script for the defaults and lists only what differs', () => {
    expect(benchCommand(parseBenchArgs(['--keep', '--out', 'x.json']))).toBe(
      'npm run bench:iceberg-append',
    )
    expect(
      benchCommand(parseBenchArgs(['--rows', '1000', '--skip-pyiceberg', '--seed', '1'])),
    ).toBe('npm run bench:iceberg-append -- --rows 1000 --skip-pyiceberg --seed 1')
    expect(benchCommand(parseBenchArgs(['--k2-inputs', 'columns,rows']))).toBe(
      'npm run bench:iceberg-append',
    )
    expect(benchCommand(parseBenchArgs(['--k2-inputs', 'columns']))).toBe(
      'npm run bench:iceberg-append -- --k2-inputs columns',
    )
  })
})
