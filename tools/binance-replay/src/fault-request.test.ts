import { describe, expect, it } from 'vitest'

import { ReplayError } from './errors.js'
import { parseFaultQuery, validateFault } from './fault-request.js'

describe('parseFaultQuery', () => {
  it.each([
    ['drop', '', { kind: 'drop' }],
    ['drop', 'symbol=BTCUSDT', { kind: 'drop', symbol: 'BTCUSDT' }],
    ['silence', 'ms=1500', { kind: 'silence', ms: 1500 }],
    ['malformed', 'count=9&symbol=ETHUSDT', { kind: 'malformed', count: 9, symbol: 'ETHUSDT' }],
    ['skip', 'symbol=BTCUSDT&count=3', { kind: 'skip', symbol: 'BTCUSDT', count: 3 }],
    ['shutdown', 'graceMs=0', { kind: 'shutdown', graceMs: 0 }],
  ])('%s?%s', (kind, query, expected) => {
    expect(parseFaultQuery(kind, new URLSearchParams(query))).toEqual(expected)
  })

  it.each([
    ['explode', '', /unknown fault "explode"/],
    ['silence', '', /silence needs ms/],
    ['silence', 'ms=0', /ms must be an integer from 1/],
    ['silence', 'ms=abc', /ms must be a non-negative integer/],
    ['malformed', 'count=0', /count must be an integer from 1 to 10000/],
    ['skip', 'count=-2', /count must be a non-negative integer/],
    ['skip', 'symbol=btcusdt', /symbol must be an upper-case symbol/],
    ['drop', 'ms=5', /drop takes no parameter "ms"/],
  ])('%s?%s is refused', (kind, query, message) => {
    const parse = () => parseFaultQuery(kind, new URLSearchParams(query))
    expect(parse).toThrow(ReplayError)
    expect(parse).toThrow(message)
  })

  it('validates programmatic requests the same way', () => {
    expect(() => validateFault({ kind: 'silence', ms: 1.5 })).toThrow(/ms must be an integer/)
    expect(validateFault({ kind: 'skip', count: 2, symbol: undefined })).toEqual({
      kind: 'skip',
      count: 2,
    })
  })
})
