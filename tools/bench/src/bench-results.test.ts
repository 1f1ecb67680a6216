import { describe, expect, it } from 'vitest'

import { summarizeRuns, summarizeSide, throughputRatio } from './bench-results.js'
import { fakeRun } from './test-support.js'

describe('summarizeSide', () => {
  const runs = [
    fakeRun('k2', 1, 2),
    fakeRun('pyiceberg', 1, 4),
    fakeRun('k2', 2, 1),
    fakeRun('k2', 3, 4),
  ]

  it('summarizes each metric over the runs of one side', () => {
    const k2 = summarizeSide(runs, 'k2')!
    expect(k2.seconds).toEqual({ median: 2, min: 1, max: 4 })
    expect(k2.rowsPerSecond).toEqual({ median: 500_000, min: 250_000, max: 1_000_000 })
    expect(k2.dataFiles).toEqual({ median: 3, min: 3, max: 3 })
    expect(summarizeSide(runs, 'pyiceberg')!.seconds).toEqual({ median: 4, min: 4, max: 4 })
  })

  it('is undefined for a side without runs', () => {
    expect(summarizeSide(runs.slice(0, 1), 'pyiceberg')).toBeUndefined()
    expect(summarizeSide(runs, 'k2-columns')).toBeUndefined()
  })

  it('summarizes readSeconds only for a side whose runs all have it', () => {
    const columns = [fakeRun('k2-columns', 1, 2), fakeRun('k2-columns', 2, 4)]
    expect(summarizeSide(columns, 'k2-columns')!.readSeconds).toEqual({
      median: 0.75,
      min: 0.5,
      max: 1,
    })
    expect(summarizeSide(runs, 'k2')!.readSeconds).toBeUndefined()
  })
})

describe('summarizeRuns', () => {
  it('summarizes each side apart, with a ratio per K2 side over pyiceberg', () => {
    const r = summarizeRuns([
      fakeRun('k2', 1, 2),
      fakeRun('k2-columns', 1, 1),
      fakeRun('pyiceberg', 1, 4),
    ])
    expect(r.summary.k2!.seconds.median).toBe(2)
    expect(r.summary.k2Columns!.seconds.median).toBe(1)
    expect(r.summary.pyiceberg!.seconds.median).toBe(4)
    expect(r.ratio).toEqual({ median: 2, min: 2, max: 2 })
    expect(r.columnsRatio).toEqual({ median: 4, min: 4, max: 4 })
  })

  it('leaves out the sides that did not run and the ratios they would take part in', () => {
    expect(summarizeRuns([fakeRun('k2', 1, 2), fakeRun('pyiceberg', 1, 4)])).toEqual({
      summary: { k2: expect.anything(), pyiceberg: expect.anything() },
      ratio: { median: 2, min: 2, max: 2 },
    })
    const columnsOnly = summarizeRuns([fakeRun('k2-columns', 1, 1)])
    expect(Object.keys(columnsOnly.summary)).toEqual(['k2Columns'])
    expect(columnsOnly.ratio).toBeUndefined()
    expect(columnsOnly.columnsRatio).toBeUndefined()
  })
})

describe('throughputRatio', () => {
  it('divides the medians, and pairs the worst and best runs for the range', () => {
    const k2 = summarizeSide([fakeRun('k2', 1, 1), fakeRun('k2', 2, 2), fakeRun('k2', 3, 4)], 'k2')!
    const py = summarizeSide([fakeRun('pyiceberg', 1, 4), fakeRun('pyiceberg', 2, 8)], 'pyiceberg')!
    // k2 rows/s: 250k..1M, median 500k; pyiceberg: 125k..250k, median 187.5k.
    const ratio = throughputRatio(k2, py)
    expect(ratio.median).toBeCloseTo(500_000 / 187_500)
    expect(ratio.min).toBeCloseTo(1)
    expect(ratio.max).toBeCloseTo(8)
  })
})
