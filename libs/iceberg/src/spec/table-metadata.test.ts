import { describe, expect, it } from 'vitest'

import { TRADES_V2_TABLE } from '../tables/market-data-tables.js'
import { parseLosslessJson, stringifyLosslessJson } from './json.js'
import type { Snapshot } from './snapshot.js'
import { summarize } from './snapshot-summary.js'
import {
  newTableMetadata,
  parseTableMetadata,
  serializeTableMetadata,
  type TableMetadata,
} from './table-metadata.js'
import {
  currentSchema,
  currentSnapshot,
  defaultSortOrder,
  defaultSpec,
  nextSequenceNumber,
  schemaById,
  snapshotAncestry,
  snapshotAsOf,
  snapshotById,
  sortOrderById,
  specById,
} from './table-metadata-lookups.js'
import { withSnapshot } from './table-metadata-updates.js'

const code = (c: string) => expect.objectContaining({ code: c })
const UUID = '9c12d441-03fe-4693-9a96-a0705ddf69c1'
const T0 = 1_764_158_700_000

function tradesMetadata(): TableMetadata {
  const { schema, spec, sortOrder, properties } = TRADES_V2_TABLE
  return newTableMetadata({
    location: 'file:///wh/market_data/trades_v2/',
    schema,
    spec,
    sortOrder,
    properties,
    tableUuid: UUID,
    nowMs: T0,
  })
}

function snapshot(id: bigint, parent: bigint | undefined, seq: bigint, ts: number): Snapshot {
  return {
    'snapshot-id': id,
    ...(parent !== undefined ? { 'parent-snapshot-id': parent } : {}),
    'sequence-number': seq,
    'timestamp-ms': ts,
    'manifest-list': `file:///wh/market_data/trades_v2/metadata/snap-${id}.avro`,
    summary: summarize({ operation: 'append', addedRecords: 1, addedDataFiles: 1 }),
    'schema-id': 0,
  }
}

const BIG = 7263452987263452345n
const MAX = 9223372036854775807n

describe('newTableMetadata', () => {
  it('creates empty v2 metadata keeping the given ids', () => {
    const md = tradesMetadata()
    expect(md).toMatchObject({
      'format-version': 2,
      'table-uuid': UUID,
      location: 'file:///wh/market_data/trades_v2',
      'last-sequence-number': 0n,
      'last-updated-ms': T0,
      'last-column-id': 18,
      'current-schema-id': 0,
      'default-spec-id': 0,
      'last-partition-id': 1000,
      'default-sort-order-id': 1,
      snapshots: [],
      refs: {},
      'snapshot-log': [],
      'metadata-log': [],
      statistics: [],
      'partition-statistics': [],
    })
    expect(md['current-snapshot-id']).toBeUndefined()
    expect(md.schemas).toEqual([TRADES_V2_TABLE.schema])
    expect(currentSnapshot(md)).toBeUndefined()
  })

  it('generates a table UUID when none is given', () => {
    const md = newTableMetadata({ location: '/t', schema: TRADES_V2_TABLE.schema })
    expect(md['table-uuid']).toMatch(/^[0-9a-f-]{36}$/)
    expect(md['default-spec-id']).toBe(0)
    expect(md['last-partition-id']).toBe(999)
    expect(md['default-sort-order-id']).toBe(0)
  })

  it('refuses invalid ids instead of reassigning them', () => {
    const { schema } = TRADES_V2_TABLE
    const dupe = { ...schema, fields: [...schema.fields, { ...schema.fields[0]!, name: 'again' }] }
    expect(() => newTableMetadata({ location: '/t', schema: dupe })).toThrow(/share the id 1/)
    expect(() =>
      newTableMetadata({
        location: '/t',
        schema,
        spec: {
          'spec-id': 0,
          fields: [{ 'source-id': 6, 'field-id': 1, name: 'd', transform: 'day' }],
        },
      }),
    ).toThrow(code('ICEBERG_INVALID_SPEC'))
    expect(() =>
      newTableMetadata({ location: '/t', schema, properties: { 'format-version': '2' } }),
    ).toThrow(/reserved/)
    expect(() => newTableMetadata({ location: '', schema })).toThrow(/location/)
    expect(() => newTableMetadata({ location: '/t', schema, tableUuid: 'nope' })).toThrow(/UUID/)
  })
})

describe('metadata JSON', () => {
  it('writes members in Java order and -1 for no current snapshot', () => {
    const json = parseLosslessJson(serializeTableMetadata(tradesMetadata())) as Record<
      string,
      unknown
    >
    expect(Object.keys(json)).toEqual([
      'format-version',
      'table-uuid',
      'location',
      'last-sequence-number',
      'last-updated-ms',
      'last-column-id',
      'current-schema-id',
      'schemas',
      'default-spec-id',
      'partition-specs',
      'last-partition-id',
      'default-sort-order-id',
      'sort-orders',
      'properties',
      'current-snapshot-id',
      'refs',
      'snapshots',
      'statistics',
      'partition-statistics',
      'snapshot-log',
      'metadata-log',
    ])
    expect(json['current-snapshot-id']).toBe(-1)
  })

  it('round-trips metadata with snapshots whose ids exceed 2^53', () => {
    let md = tradesMetadata()
    md = withSnapshot(md, snapshot(MAX, undefined, 1n, T0 + 1))
    md = withSnapshot(md, snapshot(BIG, MAX, 2n, T0 + 2), { previousMetadataLocation: '/m/1.json' })
    const text = serializeTableMetadata(md)
    expect(text).toContain('"current-snapshot-id":7263452987263452345')
    expect(text).toContain('"parent-snapshot-id":9223372036854775807')
    expect(parseTableMetadata(text)).toEqual(md)
    expect(parseTableMetadata(serializeTableMetadata(md, 2))).toEqual(md)
  })

  it('reads metadata as pyiceberg writes it: no current-snapshot-id, no refs', () => {
    const json = parseLosslessJson(serializeTableMetadata(tradesMetadata())) as Record<
      string,
      unknown
    >
    delete json['current-snapshot-id']
    delete json['refs']
    delete json['snapshot-log']
    delete json['statistics']
    const md = parseTableMetadata(stringifyLosslessJson(json as never))
    expect(md['current-snapshot-id']).toBeUndefined()
    expect(md.refs).toEqual({})
    expect(md['snapshot-log']).toEqual([])
  })

  it('derives the main ref from current-snapshot-id when refs lack it (small ids stay bigints)', () => {
    const md = withSnapshot(tradesMetadata(), snapshot(5n, undefined, 1n, T0 + 1))
    const json = parseLosslessJson(serializeTableMetadata(md)) as Record<string, unknown>
    delete json['refs']
    const read = parseTableMetadata(stringifyLosslessJson(json as never))
    expect(read.refs).toEqual({ main: { 'snapshot-id': 5n, type: 'branch' } })
    expect(read['current-snapshot-id']).toBe(5n)
    expect(read['last-sequence-number']).toBe(1n)
  })

  it('keeps statistics files through a round trip', () => {
    const md = withSnapshot(tradesMetadata(), snapshot(BIG, undefined, 1n, T0 + 1))
    const json = parseLosslessJson(serializeTableMetadata(md)) as Record<string, unknown>
    json['statistics'] = [
      {
        'snapshot-id': BIG,
        'statistics-path': '/s.puffin',
        'file-size-in-bytes': 10,
        'blob-metadata': [],
      },
    ]
    const read = parseTableMetadata(stringifyLosslessJson(json as never))
    expect(read.statistics[0]?.['snapshot-id']).toBe(BIG)
    expect(parseTableMetadata(serializeTableMetadata(read))).toEqual(read)
  })

  it.each([
    ['format v1', { 'format-version': 1 }, /only format v2/],
    ['format v3', { 'format-version': 3 }, /only format v2/],
    ['an unknown current schema', { 'current-schema-id': 4 }, /current-schema-id 4/],
    ['an unknown default spec', { 'default-spec-id': 4 }, /default-spec-id 4/],
    ['an unknown sort order', { 'default-sort-order-id': 4 }, /default-sort-order-id 4/],
    ['a low last-column-id', { 'last-column-id': 3 }, /last-column-id/],
    ['a low last-partition-id', { 'last-partition-id': 999 }, /last-partition-id/],
    ['a current snapshot that is missing', { 'current-snapshot-id': 12 }, /unknown snapshot 12/],
    ['a missing location', { location: null }, /\$\.location is missing/],
    [
      'a bad schema',
      { schemas: [{ type: 'struct', fields: [{ id: 1 }] }] },
      /\$\.schemas\[0\]\.fields\[0\]/,
    ],
  ])('refuses %s with ICEBERG_INVALID_METADATA', (_name, patch, message) => {
    const json = {
      ...(parseLosslessJson(serializeTableMetadata(tradesMetadata())) as Record<string, unknown>),
      ...patch,
    }
    const text = stringifyLosslessJson(json as never)
    expect(() => parseTableMetadata(text)).toThrow(message)
    expect(() => parseTableMetadata(text)).toThrow(code('ICEBERG_INVALID_METADATA'))
  })

  it('refuses a main ref that disagrees with current-snapshot-id', () => {
    let md = withSnapshot(tradesMetadata(), snapshot(1n, undefined, 1n, T0 + 1))
    md = withSnapshot(md, snapshot(2n, 1n, 2n, T0 + 2))
    const json = parseLosslessJson(serializeTableMetadata(md)) as Record<string, unknown>
    json['current-snapshot-id'] = 1n
    expect(() => parseTableMetadata(stringifyLosslessJson(json as never))).toThrow(
      /differs from ref main/,
    )
  })

  it('refuses text that is not JSON', () => {
    expect(() => parseTableMetadata('not json')).toThrow(code('ICEBERG_INVALID_METADATA'))
  })
})

describe('metadata lookups', () => {
  let md = tradesMetadata()
  md = withSnapshot(md, snapshot(10n, undefined, 1n, 1000))
  md = withSnapshot(md, snapshot(BIG, 10n, 2n, 2000))
  md = withSnapshot(md, snapshot(30n, BIG, 3n, 3000))

  it('finds current, by id and as of a time', () => {
    expect(currentSnapshot(md)?.['snapshot-id']).toBe(30n)
    expect(snapshotById(md, BIG)?.['sequence-number']).toBe(2n)
    expect(snapshotById(md, 99n)).toBeUndefined()
    expect(snapshotAsOf(md, 999)).toBeUndefined()
    expect(snapshotAsOf(md, 1000)?.['snapshot-id']).toBe(10n)
    expect(snapshotAsOf(md, 2999)?.['snapshot-id']).toBe(BIG)
    expect(snapshotAsOf(md, 10_000)?.['snapshot-id']).toBe(30n)
  })

  it('walks ancestry newest first', () => {
    expect([...snapshotAncestry(md)].map((s) => s['snapshot-id'])).toEqual([30n, BIG, 10n])
    expect([...snapshotAncestry(md, BIG)].map((s) => s['snapshot-id'])).toEqual([BIG, 10n])
  })

  it('finds schemas, specs and sort orders', () => {
    expect(currentSchema(md)).toBe(TRADES_V2_TABLE.schema)
    expect(schemaById(md, 1)).toBeUndefined()
    expect(defaultSpec(md)).toBe(TRADES_V2_TABLE.spec)
    expect(specById(md, 0)).toBe(TRADES_V2_TABLE.spec)
    expect(defaultSortOrder(md)).toBe(TRADES_V2_TABLE.sortOrder)
    expect(sortOrderById(md, 0)).toEqual({ 'order-id': 0, fields: [] })
    expect(nextSequenceNumber(md)).toBe(4n)
  })
})
