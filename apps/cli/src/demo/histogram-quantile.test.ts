import { describe, expect, it } from 'vitest'

import { bucketDelta, histogramBuckets, histogramQuantile } from './histogram-quantile.js'
import { parseExposition } from './prometheus-text.js'

const INF = Number.POSITIVE_INFINITY

describe('histogramQuantile', () => {
  // 100 observations: 10 <= 0.1 s, 40 in (0.1, 0.5], 40 in (0.5, 1], 10 in (1, 2].
  const buckets = [
    { le: 0.1, count: 10 },
    { le: 0.5, count: 50 },
    { le: 1, count: 90 },
    { le: 2, count: 100 },
    { le: INF, count: 100 },
  ]

  it('interpolates linearly inside the bucket that holds the rank, as PromQL does', () => {
    expect(histogramQuantile(buckets, 0.5)).toBeCloseTo(0.5) // rank 50 = top of (0.1, 0.5]
    expect(histogramQuantile(buckets, 0.3)).toBeCloseTo(0.3) // rank 30: halfway in (0.1, 0.5]
    expect(histogramQuantile(buckets, 0.99)).toBeCloseTo(1.9) // rank 99: 9/10 into (1, 2]
    expect(histogramQuantile(buckets, 0.05)).toBeCloseTo(0.05) // the first bucket starts at 0
    expect(histogramQuantile(buckets, 0)).toBe(0)
  })

  it('does not depend on the order of the buckets', () => {
    expect(histogramQuantile([...buckets].reverse(), 0.99)).toBeCloseTo(1.9)
  })

  it('skips empty buckets and caps a rank in +Inf at the highest finite bound', () => {
    const tail = [
      { le: 0.1, count: 0 },
      { le: 0.5, count: 0 },
      { le: 1, count: 2 },
      { le: INF, count: 10 },
    ]
    expect(histogramQuantile(tail, 0.1)).toBeCloseTo(0.75) // rank 1 of 2 in (0.5, 1]
    expect(histogramQuantile(tail, 0.5)).toBe(1)
    expect(histogramQuantile(tail, 0.99)).toBe(1)
  })

  it('is undefined without observations or without a finite bucket', () => {
    expect(histogramQuantile([], 0.5)).toBeUndefined()
    expect(
      histogramQuantile(
        [
          { le: 1, count: 0 },
          { le: INF, count: 0 },
        ],
        0.5,
      ),
    ).toBeUndefined()
    expect(histogramQuantile([{ le: INF, count: 5 }], 0.5)).toBeUndefined()
  })

  it('rejects a quantile outside 0..1', () => {
    expect(() => histogramQuantile(buckets, 1.5)).toThrow(RangeError)
    expect(() => histogramQuantile(buckets, Number.NaN)).toThrow(RangeError)
  })
})

describe('histogramBuckets', () => {
  it('reads name_bucket series, sums label sets and sorts with +Inf last', () => {
    const e = parseExposition(
      [
        'h_bucket{le="+Inf",w="1"} 4',
        'h_bucket{le="1",w="1"} 3',
        'h_bucket{le="0.5",w="1"} 1',
        'h_bucket{le="+Inf",w="2"} 6',
        'h_bucket{le="1",w="2"} 6',
        'h_bucket{le="0.5",w="2"} 2',
        'h_sum 9',
        'h_count 10',
      ].join('\n'),
    )
    expect(histogramBuckets(e, 'h')).toEqual([
      { le: 0.5, count: 3 },
      { le: 1, count: 9 },
      { le: INF, count: 10 },
    ])
    expect(histogramBuckets(e, 'h', { w: '2' }).map((b) => b.count)).toEqual([2, 6, 6])
    expect(histogramBuckets(e, 'other')).toEqual([])
  })
})

describe('bucketDelta', () => {
  it('subtracts bucket by bucket: the observations between two scrapes', () => {
    const earlier = [
      { le: 1, count: 5 },
      { le: INF, count: 6 },
    ]
    const later = [
      { le: 1, count: 7 },
      { le: INF, count: 10 },
    ]
    expect(bucketDelta(later, earlier)).toEqual([
      { le: 1, count: 2 },
      { le: INF, count: 4 },
    ])
    expect(bucketDelta(later, [])).toEqual(later)
  })

  it('takes the later scrape whole when a bucket went down (a restart)', () => {
    const later = [{ le: INF, count: 3 }]
    expect(bucketDelta(later, [{ le: INF, count: 9 }])).toEqual(later)
  })
})
