import { describe, expect, it } from 'vitest'

import type { Snapshot, TableMetadata } from '@k2/iceberg'

import { commitPoints, steadyThroughput } from './ingest-progress.js'

const snapshot = (id: number, atMs: number, operation: string, total: number): Snapshot =>
  ({
    'snapshot-id': BigInt(id),
    'timestamp-ms': atMs,
    summary: { operation, 'total-records': String(total) },
  }) as unknown as Snapshot

describe('commitPoints', () => {
  it('takes append snapshots in time order and leaves compaction out', () => {
    const metadata = {
      snapshots: [
        snapshot(3, 3_000, 'append', 300),
        snapshot(1, 1_000, 'append', 100),
        snapshot(2, 2_000, 'replace', 100),
      ],
    } as unknown as TableMetadata
    expect(commitPoints(metadata)).toEqual([
      { atMs: 1_000, rows: 100 },
      { atMs: 3_000, rows: 300 },
    ])
  })
})

describe('steadyThroughput', () => {
  const points = [
    { atMs: 0, rows: 50 },
    { atMs: 1_000, rows: 150 }, // first >= 10% of 1,000
    { atMs: 2_000, rows: 500 },
    { atMs: 4_000, rows: 950 }, // first >= 90%
    { atMs: 9_000, rows: 1_000 },
  ]

  it('measures from the commit that reached 10% to the one that reached 90%', () => {
    const steady = steadyThroughput(points, 1_000)
    expect(steady?.from).toEqual({ atMs: 1_000, rows: 150 })
    expect(steady?.to).toEqual({ atMs: 4_000, rows: 950 })
    expect(steady?.rowsPerSecond).toBeCloseTo(800 / 3, 9)
  })

  it('is undefined with one commit past both marks, or none', () => {
    expect(steadyThroughput([{ atMs: 5, rows: 1_000 }], 1_000)).toBeUndefined()
    expect(steadyThroughput([{ atMs: 5, rows: 10 }], 1_000)).toBeUndefined()
  })
})
