import { describe, expect, it } from 'vitest'

import { decodeCursor, encodeCursor } from './cursor.js'

describe('cursors', () => {
  it('round-trip 64-bit timestamps, ids and sequences', () => {
    const key = { timestamp: 9_007_199_254_740_993n, id: "ASX-7078-20140310-1'--", sequence: 42n }
    expect(decodeCursor('cursor', 'replay', encodeCursor('replay', key))).toEqual(key)
    const trades = { timestamp: 1n, id: 'BINANCE-1' }
    expect(decodeCursor('cursor', 'trades', encodeCursor('trades', trades))).toEqual(trades)
  })

  it.each([
    "BHP'; DROP TABLE x; --",
    'not base64!',
    Buffer.from('{"k":"trades","t":"1; DROP","i":"x"}').toString('base64url'),
    Buffer.from('[1,2]').toString('base64url'),
    encodeCursor('quotes', { timestamp: 1n, id: 'q' }),
  ])('refuses %s with an error naming the parameter', (value) => {
    expect(() => decodeCursor('cursor', 'trades', value)).toThrow(
      expect.objectContaining({
        code: 'QUERY_INVALID_PARAMETER',
        context: { parameter: 'cursor' },
      }),
    )
  })
})
