import { describe, expect, it } from 'vitest'

import { newTableMetadata } from '../spec/table-metadata.js'
import { withSnapshot } from '../spec/table-metadata-updates.js'
import type { Snapshot } from '../spec/snapshot.js'
import { TRADES_V2_TABLE } from '../tables/market-data-tables.js'
import { selectSnapshot } from './snapshot-selection.js'

const base = newTableMetadata({
  location: 'file:///tmp/t',
  schema: TRADES_V2_TABLE.schema,
  spec: TRADES_V2_TABLE.spec,
  sortOrder: TRADES_V2_TABLE.sortOrder,
  nowMs: 1_000,
})

function snap(id: bigint, parent: bigint | undefined, seq: bigint, ts: number): Snapshot {
  return {
    'snapshot-id': id,
    ...(parent !== undefined ? { 'parent-snapshot-id': parent } : {}),
    'sequence-number': seq,
    'timestamp-ms': ts,
    'manifest-list': `file:///tmp/t/metadata/snap-${id}.avro`,
    summary: { operation: 'append' },
    'schema-id': 0,
  }
}

const first = 9_007_199_254_740_993n // above 2^53: must not be rounded to ...992
const second = 7_263_452_987_263_452_345n
const md = withSnapshot(
  withSnapshot(base, snap(first, undefined, 1n, 2_000)),
  snap(second, first, 2n, 3_000),
)

describe('selectSnapshot', () => {
  it('defaults to the current snapshot', () => {
    expect(selectSnapshot(md)?.['snapshot-id']).toBe(second)
  })

  it('finds a snapshot by exact 64-bit id', () => {
    expect(selectSnapshot(md, { snapshotId: first })?.['snapshot-id']).toBe(first)
    expect(() => selectSnapshot(md, { snapshotId: first - 1n })).toThrow(
      expect.objectContaining({ code: 'ICEBERG_NOT_FOUND' }),
    )
  })

  it('finds the snapshot current at a time, and refuses times before the first', () => {
    expect(selectSnapshot(md, { asOfMs: 2_500 })?.['snapshot-id']).toBe(first)
    expect(selectSnapshot(md, { asOfMs: 3_000 })?.['snapshot-id']).toBe(second)
    expect(() => selectSnapshot(md, { asOfMs: 1_999 })).toThrow(
      expect.objectContaining({ code: 'ICEBERG_NOT_FOUND' }),
    )
  })

  it('refuses an id and a time together, and is empty for a table without snapshots', () => {
    expect(() => selectSnapshot(md, { snapshotId: first, asOfMs: 2_500 })).toThrow(/not both/)
    expect(selectSnapshot(base)).toBeUndefined()
  })
})
