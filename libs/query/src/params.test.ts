import { describe, expect, it } from 'vitest'

import { parseAsOf, parseInterval, parseSymbols, parseTimeRange } from './params.js'

const invalid = (parameter: string) =>
  expect.objectContaining({ code: 'QUERY_INVALID_PARAMETER', context: { parameter } })

describe('parameters', () => {
  it('parses intervals from 1s to 1d', () => {
    expect(parseInterval('interval', '1s')).toBe(1_000_000n)
    expect(parseInterval('interval', '15m')).toBe(900_000_000n)
    expect(parseInterval('interval', '4h')).toBe(14_400_000_000n)
    expect(parseInterval('interval', '1d')).toBe(86_400_000_000n)
    expect(parseInterval('interval', '1440m')).toBe(86_400_000_000n)
    for (const bad of ['0s', '2d', '1441m', '1w', '1 m', '5m; DROP', 5]) {
      expect(() => parseInterval('interval', bad)).toThrow(invalid('interval'))
    }
  })

  it('names the element of a bad symbol list and the end of a reversed range', () => {
    expect(parseSymbols('symbols', ['BHP', 'BHP', 'RIO'])).toEqual(['BHP', 'RIO'])
    expect(() => parseSymbols('symbols', ['BHP', "x' OR 1=1"])).toThrow(invalid('symbols[1]'))
    expect(() => parseTimeRange({ start: 10, end: 10 })).toThrow(invalid('end'))
    expect(() => parseTimeRange({ start: 1.5 })).toThrow(invalid('start'))
  })

  it('keeps snapshot ids above 2^53 exact', () => {
    expect(parseAsOf('asOf', { snapshotId: '9007199254740993' })).toEqual({
      snapshotId: 9_007_199_254_740_993n,
    })
    expect(parseAsOf('asOf', { timestampMs: 5 })).toEqual({ asOfMs: 5 })
    expect(() => parseAsOf('asOf', { snapshotId: '1 OR 1=1' })).toThrow(invalid('asOf.snapshotId'))
  })
})
