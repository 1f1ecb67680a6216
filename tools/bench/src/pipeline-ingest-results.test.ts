import { describe, expect, it } from 'vitest'

import { exactlyOnceProblems } from './pipeline-ingest-results.js'

const count = (symbol: string, rows: number, distinctIds = rows, lo = 1, hi = rows) => ({
  symbol,
  rows,
  distinctIds,
  minSequence: lo,
  maxSequence: hi,
})

describe('exactlyOnceProblems', () => {
  it('passes when every symbol has ids 1..N once each', () => {
    expect(exactlyOnceProblems(['A', 'B'], 10, [count('A', 10), count('B', 10)])).toEqual([])
  })

  it('names lost, repeated, shifted, missing and unexpected symbols', () => {
    expect(
      exactlyOnceProblems(['A', 'B', 'C', 'D'], 10, [
        count('A', 9, 9, 1, 10),
        count('B', 11, 10),
        count('C', 10, 10, 2, 11),
        count('E', 1),
      ]),
    ).toEqual([
      'A: 9 rows, 9 distinct ids, expected 10',
      'B: 11 rows, 10 distinct ids, expected 10',
      'B: sequences 1..11',
      'C: sequences 2..11',
      'D: no rows',
      'E: unexpected symbol',
    ])
  })
})
