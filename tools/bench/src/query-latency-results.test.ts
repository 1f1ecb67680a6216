import { describe, expect, it } from 'vitest'

import { queryCase } from './query-cases.js'
import {
  formatQueryLatency,
  queryCaseResult,
  type QueryLatencyResult,
} from './query-latency-results.js'

const times = (n: number, ms: number) => Array.from({ length: n }, (_, i) => ms + i * 0.01)

describe('queryCaseResult', () => {
  it('takes the ratio of the p50s and checks both goals', () => {
    const r = queryCaseResult(queryCase('point'), times(50, 10), times(50, 4), [3, 7, 5])
    expect(r.api.p50Ms).toBeCloseTo(10.24)
    expect(r.bound.p50Ms).toBeCloseTo(4.24)
    expect(r.ratioP50).toBeCloseTo(10.24 / 4.24)
    expect(r.goalMet).toBe(true)
    expect(r.withinBoundRatio).toBe(false)
    expect(r.resultSize).toEqual({ min: 3, max: 7 })
  })

  it('misses the point goal at 20 ms and meets the 2x bound at exactly 2x', () => {
    const r = queryCaseResult(queryCase('point'), [20, 20, 20], [10, 10, 10], [1])
    expect(r.goalMet).toBe(false)
    expect(r.ratioP50).toBe(2)
    expect(r.withinBoundRatio).toBe(true)
  })

  it('summarizes CPU time per side when given', () => {
    const r = queryCaseResult(queryCase('bars'), [9, 9], [8, 8], [1], undefined, {
      api: [3, 5, 4],
      bound: [2, 2, 1],
    })
    expect(r.apiCpu?.p50Ms).toBe(4)
    expect(r.boundCpu?.p50Ms).toBe(2)
    expect(queryCaseResult(queryCase('bars'), [9], [8], [1]).apiCpu).toBeUndefined()
  })

  it('has no latency goal for the summary and the range query', () => {
    expect(queryCaseResult(queryCase('summary'), [5], [5], [1]).goalMet).toBeUndefined()
    expect(queryCaseResult(queryCase('range'), [5], [5], [1]).goalMet).toBeUndefined()
    expect(queryCaseResult(queryCase('bars'), [99], [90], [1]).goalMet).toBe(true)
  })
})

describe('formatQueryLatency', () => {
  it('prints a row per query with p50/p99 of both sides, the ratio and the goals', () => {
    const result: QueryLatencyResult = {
      benchmark: 'query-latency',
      command: 'npm run bench:query-latency',
      startedAt: '2026-11-27T00:00:00.000Z',
      machine: {
        cpuModel: 'AMD EPYC',
        cpus: 2,
        memoryBytes: 1,
        os: 'Linux',
        node: 'v20',
        loadAverageBefore: 1.25,
      },
      loadAverageAfter: 1.5,
      data: {
        trades: 10_000_000,
        seed: 1,
        days: 30,
        rowGroupSize: 16384,
        startMicros: 0,
        symbols: ['A', 'B'],
        tableFiles: 30,
        tableBytes: 400e6,
        tableRowGroups: 630,
        sortedFileBytes: 390e6,
        sortedFileRowGroups: 611,
        appendSeconds: 60,
        sortedFileSeconds: 20,
        builtAt: 'x',
        dir: '/d',
        reused: true,
      },
      iterations: 50,
      warmup: 5,
      cases: [
        queryCaseResult(
          queryCase('point'),
          [30],
          [5],
          [11],
          { read: 1, skipped: 0, manifestsSkipped: 29 },
          { api: [12.5], bound: [4.25] },
        ),
        queryCaseResult(queryCase('summary'), [6], [5], [1500]),
      ],
    }
    const text = formatQueryLatency(result)
    expect(text).toContain('10,000,000 trades')
    expect(text).toContain('reused cached /d')
    expect(text).toContain(
      'row groups of 16,384 rows: 30 table files, 400.0 MB in 630 row groups; ' +
        'sorted single file 390.0 MB in 611 row groups',
    )
    expect(text).toContain('load average 1.25 before, 1.50 after')
    expect(text).toMatch(
      /point: 1 symbol, 1 minute +30\.0 ms +30\.0 ms +5\.0 ms +5\.0 ms +6\.00x +12\.5 ms +4\.3 ms/,
    )
    expect(text).toContain('<20 ms MISSED; >2x MISSED')
    expect(text).toContain('1 (skipped 0 + 29 manifests)')
    expect(text).toMatch(/daily summary .* 1\.20x +- +- +<=2x ok +1500 +-/)
  })
})
