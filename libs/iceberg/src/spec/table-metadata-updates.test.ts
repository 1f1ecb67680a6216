import { describe, expect, it } from 'vitest'

import { TRADES_V2_TABLE } from '../tables/market-data-tables.js'
import type { Snapshot } from './snapshot.js'
import { newTableMetadata, type TableMetadata } from './table-metadata.js'
import { currentSnapshot, snapshotAsOf } from './table-metadata-lookups.js'
import {
  droppedMetadataFiles,
  withoutSnapshots,
  withProperties,
  withSnapshot,
} from './table-metadata-updates.js'

const code = (c: string) => expect.objectContaining({ code: c })
const BIG = 7263452987263452345n

function empty(properties: Record<string, string> = {}): TableMetadata {
  return newTableMetadata({
    location: '/wh/t',
    schema: TRADES_V2_TABLE.schema,
    spec: TRADES_V2_TABLE.spec,
    properties,
    tableUuid: '9c12d441-03fe-4693-9a96-a0705ddf69c1',
    nowMs: 500,
  })
}

function snap(
  id: bigint,
  parent: bigint | undefined,
  seq: bigint,
  ts = Number(seq) * 1000,
): Snapshot {
  return {
    'snapshot-id': id,
    ...(parent !== undefined ? { 'parent-snapshot-id': parent } : {}),
    'sequence-number': seq,
    'timestamp-ms': ts,
    'manifest-list': `/wh/t/metadata/snap-${id}.avro`,
    summary: { operation: 'append' },
    'schema-id': 0,
  }
}

/** Commits snapshots 1..n in a chain, each logging the previous metadata file `m<i>.json`. */
function chain(n: number, md = empty()): TableMetadata {
  let out = md
  for (let i = 1; i <= n; i++) {
    out = withSnapshot(out, snap(BigInt(i), i === 1 ? undefined : BigInt(i - 1), BigInt(i)), {
      previousMetadataLocation: `m${i}.json`,
    })
  }
  return out
}

describe('withSnapshot', () => {
  it('adds the snapshot, moves main and logs it', () => {
    const base = empty()
    const md = withSnapshot(base, snap(BIG, undefined, 1n, 1000), {
      previousMetadataLocation: '/wh/t/metadata/00000-a.metadata.json',
    })
    expect(md.snapshots).toHaveLength(1)
    expect(md['current-snapshot-id']).toBe(BIG)
    expect(md.refs).toEqual({ main: { 'snapshot-id': BIG, type: 'branch' } })
    expect(md['last-sequence-number']).toBe(1n)
    expect(md['last-updated-ms']).toBe(1000)
    expect(md['snapshot-log']).toEqual([{ 'timestamp-ms': 1000, 'snapshot-id': BIG }])
    expect(md['metadata-log']).toEqual([
      { 'timestamp-ms': 500, 'metadata-file': '/wh/t/metadata/00000-a.metadata.json' },
    ])
    expect(currentSnapshot(md)?.['snapshot-id']).toBe(BIG)
    expect(base.snapshots).toHaveLength(0)
  })

  it('keeps the retention settings of the branch it moves', () => {
    const md = chain(1)
    const withRetention = {
      ...md,
      refs: { main: { ...md.refs['main']!, 'min-snapshots-to-keep': 3 } },
    }
    const next = withSnapshot(withRetention, snap(2n, 1n, 2n))
    expect(next.refs['main']).toEqual({
      'snapshot-id': 2n,
      type: 'branch',
      'min-snapshots-to-keep': 3,
    })
  })

  it('commits to another branch without touching main', () => {
    const md = chain(1)
    const next = withSnapshot(md, snap(9n, undefined, 2n), { branch: 'audit' })
    expect(next['current-snapshot-id']).toBe(1n)
    expect(next.refs['audit']).toEqual({ 'snapshot-id': 9n, type: 'branch' })
    expect(next['snapshot-log']).toEqual(md['snapshot-log'])
  })

  it('refuses a snapshot built on another base with a retriable conflict', () => {
    const md = chain(2)
    expect(() => withSnapshot(md, snap(3n, 1n, 3n))).toThrow(code('ICEBERG_COMMIT_CONFLICT'))
    expect(() => withSnapshot(md, snap(3n, undefined, 3n))).toThrow(code('ICEBERG_COMMIT_CONFLICT'))
    expect(() => withSnapshot(md, snap(3n, 2n, 2n))).toThrow(code('ICEBERG_COMMIT_CONFLICT'))
    expect(() => withSnapshot(md, snap(3n, 1n, 3n))).toThrow(
      expect.objectContaining({ code: 'ICEBERG_COMMIT_CONFLICT', retriable: true }),
    )
  })

  it('refuses duplicate ids, unknown schemas and tags', () => {
    const md = chain(2)
    expect(() => withSnapshot(md, snap(1n, 2n, 3n))).toThrow(/already exists/)
    expect(() => withSnapshot(md, { ...snap(3n, 2n, 3n), 'schema-id': 7 })).toThrow(/schema 7/)
    const tagged = { ...md, refs: { ...md.refs, v1: { 'snapshot-id': 1n, type: 'tag' as const } } }
    expect(() => withSnapshot(tagged, snap(3n, 1n, 3n), { branch: 'v1' })).toThrow(/tag/)
  })

  it('trims the metadata log to write.metadata.previous-versions-max', () => {
    const md = chain(5, empty({ 'write.metadata.previous-versions-max': '3' }))
    expect(md['metadata-log'].map((e) => e['metadata-file'])).toEqual([
      'm3.json',
      'm4.json',
      'm5.json',
    ])
    expect(md['metadata-log'].map((e) => e['timestamp-ms'])).toEqual([2000, 3000, 4000])
    const next = withSnapshot(md, snap(6n, 5n, 6n), {
      previousMetadataLocation: 'm6.json',
      maxPreviousVersions: 2,
    })
    expect(next['metadata-log'].map((e) => e['metadata-file'])).toEqual(['m5.json', 'm6.json'])
    expect(droppedMetadataFiles(md, next)).toEqual(['m3.json', 'm4.json'])
  })

  it('keeps 100 previous versions by default', () => {
    const md = chain(105)
    expect(md['metadata-log']).toHaveLength(100)
    expect(md['metadata-log'][0]?.['metadata-file']).toBe('m6.json')
  })
})

describe('withoutSnapshots', () => {
  it('removes snapshots, their statistics, and the snapshot log up to the last removed one', () => {
    const base = chain(4)
    const md: TableMetadata = {
      ...base,
      statistics: [
        { 'snapshot-id': 1n, 'statistics-path': '/s1' },
        { 'snapshot-id': 4n, 'statistics-path': '/s4' },
      ],
    }
    const out = withoutSnapshots(md, [1n, 2n, 99n], {
      nowMs: 9999,
      previousMetadataLocation: 'm5.json',
    })
    expect(out.snapshots.map((s) => s['snapshot-id'])).toEqual([3n, 4n])
    expect(out['snapshot-log'].map((e) => e['snapshot-id'])).toEqual([3n, 4n])
    expect(out.statistics).toEqual([{ 'snapshot-id': 4n, 'statistics-path': '/s4' }])
    expect(out['last-updated-ms']).toBe(9999)
    expect(out['last-sequence-number']).toBe(4n)
    expect(out['metadata-log'].at(-1)?.['metadata-file']).toBe('m5.json')
    expect(snapshotAsOf(out, 1500)).toBeUndefined()
    expect(snapshotAsOf(out, 3500)?.['snapshot-id']).toBe(3n)
  })

  it('drops log entries before an expired snapshot even when later ones survive', () => {
    const md = chain(3)
    const out = withoutSnapshots(md, [2n])
    expect(out['snapshot-log'].map((e) => e['snapshot-id'])).toEqual([3n])
  })

  it('refuses to remove a snapshot a ref points at', () => {
    const md = chain(3)
    expect(() => withoutSnapshots(md, [3n])).toThrow(code('ICEBERG_PRECONDITION_FAILED'))
    const tagged = {
      ...md,
      refs: { ...md.refs, keep: { 'snapshot-id': 1n, type: 'tag' as const } },
    }
    expect(() => withoutSnapshots(tagged, [1n])).toThrow(/ref keep/)
  })

  it('returns the metadata unchanged when nothing is removed', () => {
    const md = chain(2)
    expect(withoutSnapshots(md, [42n])).toBe(md)
  })
})

describe('withProperties', () => {
  it('sets and removes properties, logging the previous file', () => {
    const md = empty({ a: '1', b: '2' })
    const out = withProperties(md, { c: '3', a: '9' }, ['b'], {
      nowMs: 600,
      previousMetadataLocation: 'm0.json',
    })
    expect(out.properties).toEqual({ a: '9', c: '3' })
    expect(out['last-updated-ms']).toBe(600)
    expect(out['metadata-log']).toEqual([{ 'timestamp-ms': 500, 'metadata-file': 'm0.json' }])
    expect(md.properties).toEqual({ a: '1', b: '2' })
  })

  it('refuses reserved properties', () => {
    expect(() => withProperties(empty(), { 'format-version': '3' })).toThrow(
      code('ICEBERG_INVALID_SPEC'),
    )
  })
})
