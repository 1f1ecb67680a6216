import { ExactDecimal } from '@k2/core'
import { describe, expect, it } from 'vitest'

import { parseTransform } from './transforms.js'

const code = (c: string) => expect.objectContaining({ code: c })
const t = parseTransform
// 2017-11-16T22:31:08Z in µs (spec appendix B's example instant).
const AT = 1_510_871_468_000_000n

describe('parseTransform', () => {
  it.each([
    ['identity', 'identity', undefined],
    ['bucket[16]', 'bucket', 16],
    ['truncate[4]', 'truncate', 4],
    ['year', 'year', undefined],
    ['month', 'month', undefined],
    ['day', 'day', undefined],
    ['hour', 'hour', undefined],
    ['void', 'void', undefined],
  ] as const)('%s', (text, name, param) => {
    const transform = t(text)
    expect(transform.name).toBe(name)
    expect(transform.param).toBe(param)
    expect(transform.toString()).toBe(text)
  })

  it('is case-insensitive and canonicalises', () => {
    expect(t(' Bucket[ 8 ] ').toString()).toBe('bucket[8]')
    expect(t('DAY').toString()).toBe('day')
  })

  it.each(['days', 'bucket', 'bucket[0]', 'truncate[-1]', 'bucket[x]', 'zorder', ''])(
    'refuses %j',
    (text) => {
      expect(() => t(text)).toThrow(code('ICEBERG_INVALID_SPEC'))
    },
  )
})

describe('result types and applicability (spec "Partition Transforms")', () => {
  it('gives the result type of each transform', () => {
    expect(t('identity').resultType('decimal(18, 8)')).toBe('decimal(18, 8)')
    expect(t('bucket[4]').resultType('string')).toBe('int')
    expect(t('truncate[4]').resultType('string')).toBe('string')
    expect(t('year').resultType('timestamptz')).toBe('int')
    expect(t('month').resultType('date')).toBe('int')
    expect(t('day').resultType('timestamptz')).toBe('date')
    expect(t('hour').resultType('timestamp')).toBe('int')
    expect(t('void').resultType('long')).toBe('long')
  })

  it('knows which source types each transform accepts', () => {
    expect(t('bucket[2]').canTransform('boolean')).toBe(false)
    expect(t('bucket[2]').canTransform('double')).toBe(false)
    expect(t('bucket[2]').canTransform('uuid')).toBe(true)
    expect(t('truncate[2]').canTransform('decimal(9, 2)')).toBe(true)
    expect(t('truncate[2]').canTransform('timestamp')).toBe(false)
    expect(t('hour').canTransform('date')).toBe(false)
    expect(t('day').canTransform('date')).toBe(true)
    expect(t('day').canTransform('string')).toBe(false)
    expect(t('identity').canTransform({ type: 'struct', fields: [] })).toBe(false)
    expect(t('void').canTransform({ type: 'struct', fields: [] })).toBe(true)
  })

  it('refuses to apply a transform to a type it does not accept', () => {
    expect(() => t('hour').apply('date', 1)).toThrow(code('ICEBERG_INVALID_SPEC'))
    expect(() => t('hour').resultType('date')).toThrow(/cannot be applied to date/)
  })
})

describe('apply', () => {
  it('maps null to null for every transform', () => {
    for (const name of ['identity', 'bucket[3]', 'year', 'month', 'day', 'hour', 'void']) {
      expect(t(name).apply('timestamp', null)).toBeNull()
      expect(t(name).apply('timestamp', undefined)).toBeNull()
    }
    expect(t('truncate[3]').apply('string', null)).toBeNull()
  })

  it('identity returns the value; void returns null', () => {
    expect(t('identity').apply('string', 'BTCUSDT')).toBe('BTCUSDT')
    expect(t('void').apply('string', 'BTCUSDT')).toBeNull()
  })

  it('bucket is (hash & MAX_INT) % N', () => {
    // hash(34) = 2017239379; hash(2017-11-16) = -653330422 -> 1494153226 after masking.
    expect(t('bucket[100]').apply('int', 34)).toBe(2017239379 % 100)
    expect(t('bucket[10]').apply('date', 17486)).toBe(1494153226 % 10)
    expect(t('bucket[16]').apply('string', 'iceberg')).toBe(1210000089 % 16)
    expect(t('bucket[7]').apply('long', 34n)).toBe(t('bucket[7]').apply('int', 34))
  })

  it('truncates ints and longs to multiples of W, flooring negatives', () => {
    expect(t('truncate[10]').apply('int', 1)).toBe(0)
    expect(t('truncate[10]').apply('int', -1)).toBe(-10)
    expect(t('truncate[10]').apply('int', 10)).toBe(10)
    expect(t('truncate[10]').apply('long', -1n)).toBe(-10n)
    expect(t('truncate[10]').apply('long', 9_223_372_036_854_775_807n)).toBe(
      9_223_372_036_854_775_800n,
    )
    expect(t('truncate[3]').apply('long', 7)).toBe(6n)
  })

  it('truncates decimals at the column scale (spec: 10.65, W=50, s=2 -> 10.50)', () => {
    expect(t('truncate[50]').apply('decimal(9, 2)', 1065n)).toBe(1050n)
    expect(t('truncate[50]').apply('decimal(9, 2)', new ExactDecimal('10.65'))).toBe(1050n)
    expect(t('truncate[10]').apply('decimal(9, 2)', -1n)).toBe(-10n)
    expect(() => t('truncate[10]').apply('decimal(9, 2)', new ExactDecimal('0.001'))).toThrow(
      code('ICEBERG_INVALID_VALUE'),
    )
  })

  it('truncates strings to W code points and binaries to W bytes', () => {
    expect(t('truncate[3]').apply('string', 'iceberg')).toBe('ice')
    expect(t('truncate[2]').apply('string', '😀😁😂')).toBe('😀😁')
    expect(t('truncate[10]').apply('string', 'ab')).toBe('ab')
    expect(t('truncate[3]').apply('binary', Uint8Array.of(1, 2, 3, 4, 5))).toEqual(
      Uint8Array.of(1, 2, 3),
    )
  })

  it('extracts years, months, days and hours from timestamps', () => {
    expect(t('year').apply('timestamptz', AT)).toBe(47)
    expect(t('month').apply('timestamptz', AT)).toBe(47 * 12 + 10)
    expect(t('day').apply('timestamptz', AT)).toBe(17486)
    expect(t('hour').apply('timestamptz', AT)).toBe(17486 * 24 + 22)
    expect(t('day').apply('timestamp', Number(AT))).toBe(17486)
    expect(t('day').apply('timestamptz_ns', AT * 1000n + 999n)).toBe(17486)
  })

  it('extracts years, months and days from dates', () => {
    expect(t('year').apply('date', 17486)).toBe(47)
    expect(t('month').apply('date', 17486)).toBe(574)
    expect(t('day').apply('date', 17486)).toBe(17486)
  })

  it('floors instants and dates before 1970', () => {
    expect(t('day').apply('timestamptz', -1n)).toBe(-1)
    expect(t('hour').apply('timestamptz', -1n)).toBe(-1)
    expect(t('month').apply('timestamptz', -1n)).toBe(-1)
    expect(t('year').apply('timestamptz', -1n)).toBe(-1)
    expect(t('day').apply('timestamptz', -86_400_000_000n)).toBe(-1)
    expect(t('day').apply('timestamptz', -86_400_000_001n)).toBe(-2)
    expect(t('year').apply('date', -365)).toBe(-1)
    expect(t('year').apply('date', -366)).toBe(-2)
    expect(t('month').apply('date', -31)).toBe(-1)
    expect(t('month').apply('date', -32)).toBe(-2)
    expect(t('hour').apply('timestamp', -3_600_000_001n)).toBe(-2)
  })

  it('handles dates far from 1970 (leap years, 1900, 2400)', () => {
    // 2000-02-29 is day 11016; 1900-03-01 is day -25508; 2400-12-31 is day 157_419.
    expect(t('month').apply('date', 11016)).toBe(30 * 12 + 1)
    expect(t('year').apply('date', -25508)).toBe(-70)
    expect(t('month').apply('date', -25508)).toBe(-70 * 12 + 2)
    expect(t('year').apply('date', 157_419)).toBe(430)
    expect(t('month').apply('date', 157_419)).toBe(430 * 12 + 11)
    expect(t('year').apply('date', 157_418 - 365)).toBe(429)
  })

  it('refuses values of the wrong kind', () => {
    expect(() => t('truncate[2]').apply('int', 1.5)).toThrow(code('ICEBERG_INVALID_VALUE'))
    expect(() => t('day').apply('timestamptz', 'x')).toThrow(code('ICEBERG_INVALID_VALUE'))
    expect(() => t('truncate[2]').apply('string', 3)).toThrow(code('ICEBERG_INVALID_VALUE'))
  })
})
