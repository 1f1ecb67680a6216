import { describe, expect, expectTypeOf, it } from 'vitest'

import { CliError } from './errors.js'
import {
  booleanFlag,
  flagName,
  formatFlags,
  integerFlag,
  numberFlag,
  parseFlags,
  stringFlag,
  symbolListFlag,
} from './flags.js'

const TABLE = {
  port: integerFlag({ description: 'port', placeholder: 'P', min: 0, max: 65_535, default: 9443 }),
  tradesPerSymbol: integerFlag({ description: 'trades' }),
  rate: numberFlag({ description: 'rate' }),
  durationS: numberFlag({ description: 'duration', min: 0, minInclusive: false }),
  out: stringFlag({ description: 'file', placeholder: 'FILE', required: true }),
  symbols: symbolListFlag({ description: 'symbols' }),
  force: booleanFlag({ description: 'overwrite' }),
} as const

/** The CliError a parse throws (fails the test if it does not throw one). */
function errorOf(argv: readonly string[]): CliError {
  try {
    parseFlags(TABLE, argv)
  } catch (error) {
    expect(error).toBeInstanceOf(CliError)
    return error as CliError
  }
  throw new Error(`parsing ${argv.join(' ')} did not fail`)
}

describe('parseFlags', () => {
  it('parses every kind of flag into typed values, with defaults for absent ones', () => {
    const parsed = parseFlags(TABLE, [
      '--out',
      'a.jsonl',
      '--trades-per-symbol',
      '1_000_000',
      '--rate',
      '2.5',
      '--symbols',
      'btcusdt, ETHUSDT',
      '--force',
    ])
    expect(parsed).toEqual({
      help: false,
      values: {
        port: 9443,
        tradesPerSymbol: 1_000_000,
        rate: 2.5,
        durationS: undefined,
        out: 'a.jsonl',
        symbols: ['BTCUSDT', 'ETHUSDT'],
        force: true,
      },
      operands: [],
    })
    if (!parsed.help) {
      expectTypeOf(parsed.values.port).toEqualTypeOf<number>()
      expectTypeOf(parsed.values.tradesPerSymbol).toEqualTypeOf<number | undefined>()
      expectTypeOf(parsed.values.out).toEqualTypeOf<string>()
      expectTypeOf(parsed.values.symbols).toEqualTypeOf<readonly string[] | undefined>()
      expectTypeOf(parsed.values.force).toEqualTypeOf<boolean>()
    }
  })

  it('accepts --flag=value', () => {
    expect(parseFlags(TABLE, ['--out=x', '--port=0'])).toMatchObject({
      values: { out: 'x', port: 0, force: false },
    })
  })

  it.each([
    [
      ['--out', 'x', '--port', '70000'],
      'port',
      '--port must be an integer from 0 to 65535 (got "70000")',
    ],
    [['--out', 'x', '--port', '12ab'], 'port', '--port must be an integer from 0 to 65535'],
    [['--out', 'x', '--trades-per-symbol=-1'], 'trades-per-symbol', 'must be an integer >= 0'],
    [['--out', 'x', '--trades-per-symbol', '1.5'], 'trades-per-symbol', 'must be an integer'],
    [['--out', 'x', '--rate', 'fast'], 'rate', '--rate must be a number >= 0 (got "fast")'],
    [['--out', 'x', '--rate=-2'], 'rate', '--rate must be a number >= 0'],
    [['--out', 'x', '--rate', '-2'], 'rate', "Option '--rate' argument is ambiguous"],
    [['--out', 'x', '--duration-s', '0'], 'duration-s', '--duration-s must be a number > 0'],
    [['--out', 'x', '--symbols', 'BTC-USDT'], 'symbols', '--symbols has "BTC-USDT"'],
    [['--out', 'x', '--symbols', ' , '], 'symbols', '--symbols must name at least one symbol'],
    [['--out', ''], 'out', '--out must not be empty'],
    [['--port', '1'], 'out', '--out is required'],
    [['--out', 'x', '--bogus', '1'], 'bogus', "Unknown option '--bogus'"],
    [['--out'], 'out', "Option '--out <value>' argument missing"],
    [['--out', 'x', 'stray'], undefined, "Unexpected argument 'stray'"],
  ])('%j fails naming %s', (argv, flag, message) => {
    const error = errorOf(argv)
    expect(error.code).toBe('CLI_INVALID_ARGUMENT')
    expect(error.message).toContain(message)
    expect(error.context.flag).toBe(flag)
  })

  it('takes operands only as many as the command allows, in any place among the flags', () => {
    const operands = { usage: 'asx <dir>', min: 2, max: 2 }
    const parsed = parseFlags(TABLE, ['asx', '--out', 'x', 'some/dir'], operands)
    expect(parsed).toMatchObject({ help: false, operands: ['asx', 'some/dir'] })
    expect(() => parseFlags(TABLE, ['--out', 'x', 'asx'], operands)).toThrow(
      'expects asx <dir> (got "asx")',
    )
    expect(() => parseFlags(TABLE, ['--out', 'x', 'a', 'b', 'c'], operands)).toThrow(
      'expects asx <dir> (got "a b c")',
    )
  })

  it('answers --help and -h before checking anything else', () => {
    expect(parseFlags(TABLE, ['--bogus', '--help'])).toEqual({ help: true })
    expect(parseFlags(TABLE, ['-h'])).toEqual({ help: true })
  })
})

describe('flag names and usage', () => {
  it('turns camelCase keys into kebab-case flags', () => {
    expect(flagName('tradesPerSymbol')).toBe('trades-per-symbol')
    expect(flagName('durationS')).toBe('duration-s')
    expect(flagName('port')).toBe('port')
  })

  it('lists every flag with placeholder, description, default and required', () => {
    const text = formatFlags(TABLE)
    expect(text).toContain('--port P')
    expect(text).toMatch(/--port P +port \(default 9443\)/)
    expect(text).toMatch(/--out FILE +file \(required\)/)
    expect(text).toMatch(/--trades-per-symbol N +trades\n/)
    expect(text).toMatch(/--force +overwrite/)
    expect(text).toMatch(/-h, --help +show this help$/)
    // Descriptions start in one column.
    const starts = text.split('\n').map((line) => /^ {2}\S.*? {2,}(?=\S)/.exec(line)?.[0].length)
    expect(starts).toHaveLength(Object.keys(TABLE).length + 1)
    expect(new Set(starts).size).toBe(1)
    expect(starts[0]).toBeGreaterThan(0)
  })
})
