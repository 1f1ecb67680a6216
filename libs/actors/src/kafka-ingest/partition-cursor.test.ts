import { describe, expect, it } from 'vitest'

import { placeBatch } from './partition-cursor.js'

const offsets = (...n: number[]) => n.map(BigInt)

describe('placeBatch (D6 continuity rule)', () => {
  it.each([
    ['starts at the expected offset', offsets(10, 11, 12), 10n, { kind: 'contiguous', skip: 0 }],
    ['overlaps what was taken', offsets(8, 9, 10, 11), 10n, { kind: 'contiguous', skip: 2 }],
    ['is entirely below the expected offset', offsets(3, 4, 5), 10n, { kind: 'behind' }],
    ['is empty', offsets(), 10n, { kind: 'behind' }],
    [
      'starts above the expected offset',
      offsets(12, 13),
      10n,
      { kind: 'gap', expected: 10n, first: 12n },
    ],
    [
      'has holes after the expected offset',
      offsets(9, 10, 14, 20),
      10n,
      { kind: 'contiguous', skip: 1 },
    ],
    ['skips into a hole', offsets(8, 12), 10n, { kind: 'contiguous', skip: 1 }],
  ] as const)('a batch that %s', (_, batch, expected, placement) => {
    expect(placeBatch(batch, expected)).toEqual(placement)
  })

  it('compares 64-bit offsets exactly', () => {
    const big = 2n ** 62n
    expect(placeBatch([big + 1n], big)).toEqual({ kind: 'gap', expected: big, first: big + 1n })
    expect(placeBatch([big - 1n, big], big)).toEqual({ kind: 'contiguous', skip: 1 })
  })
})
