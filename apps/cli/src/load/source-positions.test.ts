import type { IcebergTable } from '@k2/iceberg'
import { describe, expect, it } from 'vitest'

import {
  committedPositions,
  fileStart,
  pendingStreams,
  SOURCE_POSITIONS_PROPERTY,
} from './source-positions.js'

/** A table whose snapshots 1..n (each the parent of the next, n current) have these summaries. */
function tableOf(summaries: Record<string, string>[]): IcebergTable {
  const snapshots = summaries.map((summary, i) => ({
    'snapshot-id': BigInt(i + 1),
    ...(i === 0 ? {} : { 'parent-snapshot-id': BigInt(i) }),
    summary: { operation: 'append', ...summary },
  }))
  return {
    metadata: {
      refs: {},
      ...(summaries.length === 0 ? {} : { 'current-snapshot-id': BigInt(summaries.length) }),
      snapshots,
    },
  } as unknown as IcebergTable
}

const positions = (map: Record<string, number>) => ({
  [SOURCE_POSITIONS_PROPERTY]: JSON.stringify(map),
})

describe('committedPositions', () => {
  it('reads the newest marker of the current ancestry, past snapshots without one', () => {
    const table = tableOf([
      positions({ 'ASX:BHP': 10 }),
      positions({ 'ASX:BHP': 20, 'ASX:RIO': 5 }),
      {}, // a compaction
    ])
    expect(committedPositions(table)).toEqual(
      new Map([
        ['ASX:BHP', 20],
        ['ASX:RIO', 5],
      ]),
    )
  })

  it('is empty for a table without markers or with one it cannot read', () => {
    expect(committedPositions(tableOf([]))).toEqual(new Map())
    expect(committedPositions(tableOf([{}]))).toEqual(new Map())
    expect(committedPositions(tableOf([{ [SOURCE_POSITIONS_PROPERTY]: '[1]' }]))).toEqual(new Map())
  })
})

describe('fileStart', () => {
  it('skips a file an embedded load marked complete', () => {
    const mark = { rowsThrough: 60, complete: true }
    expect(fileStart({ force: false, mark, position: undefined }).kind).toBe('skip')
  })

  it('starts after the committed position or a partial mark, whichever is further', () => {
    expect(fileStart({ force: false, mark: undefined, position: undefined })).toEqual({
      kind: 'produce',
      after: 0,
    })
    expect(fileStart({ force: false, mark: undefined, position: 91_631 })).toEqual({
      kind: 'produce',
      after: 91_631,
    })
    const partial = { rowsThrough: 50_000, complete: false }
    expect(fileStart({ force: false, mark: partial, position: 40 })).toEqual({
      kind: 'produce',
      after: 50_000,
    })
  })

  it('produces every row again when forced, even a marked file', () => {
    const mark = { rowsThrough: 60, complete: true }
    expect(fileStart({ force: true, mark, position: 60 })).toEqual({ kind: 'produce', after: 0 })
  })
})

describe('pendingStreams', () => {
  it('lists the streams whose committed position is below their last produced row', () => {
    const targets = new Map([
      ['ASX:BHP', 91_631],
      ['ASX:RIO', 108_671],
      ['ASX:MWR', 11],
    ])
    const committed = new Map([
      ['ASX:BHP', 91_631],
      ['ASX:RIO', 100_000],
    ])
    expect(pendingStreams(targets, committed)).toEqual([
      { stream: 'ASX:RIO', target: 108_671, position: 100_000 },
      { stream: 'ASX:MWR', target: 11, position: 0 },
    ])
    expect(pendingStreams(targets, new Map([...targets]))).toEqual([])
  })
})
