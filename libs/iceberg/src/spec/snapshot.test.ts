import { describe, expect, it } from 'vitest'

import {
  newSnapshotId,
  parseSnapshot,
  parseSnapshotRef,
  serializeSnapshot,
  serializeSnapshotRef,
  type Snapshot,
} from './snapshot.js'
import { summarize } from './snapshot-summary.js'

const SNAPSHOT: Snapshot = {
  'snapshot-id': 7263452987263452345n,
  'parent-snapshot-id': 9223372036854775807n,
  'sequence-number': 2n,
  'timestamp-ms': 1_764_158_700_123,
  'manifest-list': 'file:///wh/t/metadata/snap-1.avro',
  summary: { operation: 'append', 'added-records': '3', 'k2.kafka.offsets': '{"t/0":12}' },
  'schema-id': 0,
}

describe('newSnapshotId', () => {
  it('draws positive 63-bit ids', () => {
    const ids = Array.from({ length: 2000 }, () => newSnapshotId())
    for (const id of ids) {
      expect(id > 0n).toBe(true)
      expect(id < 1n << 63n).toBe(true)
    }
    expect(new Set(ids).size).toBe(ids.length)
    // With 2000 draws of 63 bits, some are above 2^53 with overwhelming probability.
    expect(ids.some((id) => id > 2n ** 53n)).toBe(true)
  })

  it('skips ids reported as taken', () => {
    let calls = 0
    const id = newSnapshotId(() => ++calls < 3)
    expect(calls).toBe(3)
    expect(id > 0n).toBe(true)
  })
})

describe('snapshot JSON', () => {
  it('round-trips with 64-bit ids and the summary', () => {
    const json = serializeSnapshot(SNAPSHOT)
    expect(Object.keys(json)).toEqual([
      'sequence-number',
      'snapshot-id',
      'parent-snapshot-id',
      'timestamp-ms',
      'summary',
      'manifest-list',
      'schema-id',
    ])
    expect(parseSnapshot(json)).toEqual(SNAPSHOT)
  })

  it('leaves out parent and schema id when absent', () => {
    const { 'parent-snapshot-id': _p, 'schema-id': _s, ...first } = SNAPSHOT
    expect(parseSnapshot(serializeSnapshot(first))).toEqual(first)
  })

  it('reads a summary without operation as overwrite and refuses unknown operations', () => {
    const json = { ...serializeSnapshot(SNAPSHOT), summary: { 'added-records': '1' } }
    expect(parseSnapshot(json).summary.operation).toBe('overwrite')
    expect(() =>
      parseSnapshot({ ...serializeSnapshot(SNAPSHOT), summary: { operation: 'merge' } }),
    ).toThrow(expect.objectContaining({ code: 'ICEBERG_INVALID_METADATA' }))
  })

  it('refuses ids that are not 64-bit integers', () => {
    const json = serializeSnapshot(SNAPSHOT)
    expect(() => parseSnapshot({ ...json, 'snapshot-id': 1n << 63n })).toThrow(/64-bit/)
    expect(() => parseSnapshot({ ...json, 'snapshot-id': 1.5 })).toThrow(/64-bit/)
    expect(() => parseSnapshot({ ...json, 'snapshot-id': '12' })).toThrow(/64-bit/)
  })
})

describe('snapshot refs', () => {
  it('round-trips branches and tags', () => {
    const branch = {
      'snapshot-id': 9223372036854775807n,
      type: 'branch' as const,
      'min-snapshots-to-keep': 5,
      'max-snapshot-age-ms': 86_400_000,
    }
    expect(parseSnapshotRef(serializeSnapshotRef(branch))).toEqual(branch)
    const tag = { 'snapshot-id': 1n, type: 'tag' as const, 'max-ref-age-ms': 1000 }
    expect(parseSnapshotRef(serializeSnapshotRef(tag))).toEqual(tag)
  })

  it('refuses retention settings a tag cannot have, and non-positive ones', () => {
    expect(() =>
      parseSnapshotRef({ 'snapshot-id': 1n, type: 'tag', 'min-snapshots-to-keep': 1 }),
    ).toThrow(/tag/)
    expect(() =>
      parseSnapshotRef({ 'snapshot-id': 1n, type: 'branch', 'max-ref-age-ms': 0 }),
    ).toThrow(/positive/)
    expect(() => parseSnapshotRef({ 'snapshot-id': 1n, type: 'trunk' })).toThrow(/branch/)
  })
})

describe('summarize', () => {
  it('writes the counters of a first append, totals from zero', () => {
    expect(
      summarize({
        operation: 'append',
        addedDataFiles: 2,
        addedRecords: 1000,
        addedFilesSize: 123_456,
        changedPartitionCount: 1,
        extra: { 'k2.kafka.offsets': '{"market.crypto.trades.binance/0":1000}' },
      }),
    ).toEqual({
      operation: 'append',
      'added-data-files': '2',
      'added-records': '1000',
      'added-files-size': '123456',
      'changed-partition-count': '1',
      'total-data-files': '2',
      'total-records': '1000',
      'total-files-size': '123456',
      'total-delete-files': '0',
      'total-position-deletes': '0',
      'total-equality-deletes': '0',
      'k2.kafka.offsets': '{"market.crypto.trades.binance/0":1000}',
    })
  })

  it('adds to the parent totals and keeps them exact beyond 2^53', () => {
    const previous = summarize({ operation: 'append', addedRecords: 10, addedDataFiles: 1 })
    const big = { ...previous, 'total-files-size': '9007199254740993' }
    const next = summarize({
      operation: 'append',
      addedRecords: 5n,
      addedDataFiles: 1,
      addedFilesSize: 2,
      previousSummary: big,
    })
    expect(next['total-records']).toBe('15')
    expect(next['total-data-files']).toBe('2')
    expect(next['total-files-size']).toBe('9007199254740995')
  })

  it('summarises a compaction (replace): files change, records do not', () => {
    const previous = summarize({
      operation: 'append',
      addedRecords: 100,
      addedDataFiles: 10,
      addedFilesSize: 1000,
    })
    const replace = summarize({
      operation: 'replace',
      addedDataFiles: 1,
      deletedDataFiles: 10,
      addedRecords: 100,
      deletedRecords: 100,
      addedFilesSize: 800,
      removedFilesSize: 1000,
      changedPartitionCount: 1,
      previousSummary: previous,
    })
    expect(replace).toMatchObject({
      operation: 'replace',
      'deleted-data-files': '10',
      'deleted-records': '100',
      'removed-files-size': '1000',
      'total-records': '100',
      'total-data-files': '1',
      'total-files-size': '800',
    })
  })

  it('leaves out totals it cannot know instead of guessing', () => {
    const next = summarize({
      operation: 'append',
      addedRecords: 1,
      previousSummary: { operation: 'append', 'total-records': 'lots' },
    })
    expect(next).not.toHaveProperty('total-records')
    expect(next).not.toHaveProperty('total-data-files')
    const negative = summarize({
      operation: 'delete',
      deletedRecords: 5,
      previousSummary: { operation: 'append', 'total-records': '3' },
    })
    expect(negative).not.toHaveProperty('total-records')
  })

  it('refuses reserved extra keys and negative counts', () => {
    expect(() => summarize({ operation: 'append', extra: { 'total-records': '1' } })).toThrow(
      /reserved/,
    )
    expect(() => summarize({ operation: 'append', extra: { operation: 'delete' } })).toThrow(
      /reserved/,
    )
    expect(() => summarize({ operation: 'append', addedRecords: -1 })).toThrow(/negative/)
  })
})
