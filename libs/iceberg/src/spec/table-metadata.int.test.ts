import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { ExactDecimal } from '@k2/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { TRADES_V2_TABLE } from '../tables/market-data-tables.js'
import { stringifyLosslessJson, type JsonValue } from './json.js'
import { humanString } from './partition-path-value.js'
import { parsePartitionSpec, partitionPath, serializePartitionSpec } from './partition-spec.js'
import { parseIcebergType, parseSchema, serializeSchema } from './schema.js'
import type { SingleValue } from './single-value.js'
import { parseSortOrder, serializeSortOrder } from './sort-order.js'
import type { Snapshot } from './snapshot.js'
import { summarize } from './snapshot-summary.js'
import { newTableMetadata, parseTableMetadata, serializeTableMetadata } from './table-metadata.js'
import { withSnapshot } from './table-metadata-updates.js'
import { parseTransform } from './transforms.js'
import type { PrimitiveType } from './types.js'
import { findPython } from '../testing/find-python.js'

/**
 * Interop with pyiceberg (tools/oracles/iceberg_metadata_oracle.py): metadata we write is read by
 * pyiceberg with the same ids, schema, spec and sort order; metadata pyiceberg writes is read by
 * us; transforms and partition paths agree value for value.
 */

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const ORACLE = join(REPO_ROOT, 'tools', 'oracles', 'iceberg_metadata_oracle.py')

function oracle<T>(request: Record<string, JsonValue>): T {
  const res = spawnSync(findPython(), [ORACLE], {
    input: stringifyLosslessJson(request),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (res.error !== undefined) {
    throw new Error(
      `cannot run the pyiceberg oracle: ${res.error.message}. Install it with ` +
        '`python3 -m venv .venv && .venv/bin/pip install -r tools/oracles/requirements.txt`.',
    )
  }
  let response: { error?: string } & T
  try {
    response = JSON.parse(res.stdout) as { error?: string } & T
  } catch {
    throw new Error(`pyiceberg oracle printed no JSON (status ${res.status}): ${res.stderr}`)
  }
  if (response.error !== undefined || res.status !== 0) {
    throw new Error(`pyiceberg oracle failed: ${response.error ?? res.stderr}`)
  }
  return response
}

interface ReadResponse {
  format_version: number
  table_uuid: string
  location: string
  last_sequence_number: string
  last_updated_ms: string
  last_column_id: number
  current_schema_id: number
  default_spec_id: number
  last_partition_id: number
  default_sort_order_id: number
  current_snapshot_id: string | null
  current_snapshot_id_via_refs: string | null
  properties: Record<string, string>
  schemas: unknown[]
  partition_specs: unknown[]
  sort_orders: unknown[]
  snapshots: {
    snapshot_id: string
    parent_snapshot_id: string | null
    sequence_number: string
    timestamp_ms: string
    manifest_list: string
    summary: Record<string, string>
    schema_id: number
  }[]
  refs: Record<string, { snapshot_id: string; type: string }>
  snapshot_log: { snapshot_id: string; timestamp_ms: string }[]
  metadata_log: { metadata_file: string; timestamp_ms: string }[]
  partition_type: unknown
  partition_paths: string[]
}

const UUID = '0f6a8a7e-5f7e-4d43-9b59-2a3a1c9d7e11'
const MAX = 9223372036854775807n
const BIG = 7263452987263452345n
const T0 = 1_764_158_700_000
const { schema, spec, sortOrder, properties } = TRADES_V2_TABLE

function snapshot(id: bigint, parent: bigint | undefined, seq: bigint, ts: number): Snapshot {
  return {
    'snapshot-id': id,
    ...(parent !== undefined ? { 'parent-snapshot-id': parent } : {}),
    'sequence-number': seq,
    'timestamp-ms': ts,
    'manifest-list': `file:///wh/market_data/trades_v2/metadata/snap-${id}-1-${UUID}.avro`,
    summary: summarize({
      operation: 'append',
      addedDataFiles: 1,
      addedRecords: 1000,
      addedFilesSize: 65_536,
      changedPartitionCount: 1,
      extra: { 'k2.kafka.offsets': '{"market.crypto.trades.binance/0":1000}' },
    }),
    'schema-id': 0,
  }
}

let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'k2-iceberg-metadata-'))
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('metadata we write, read by pyiceberg', () => {
  it('parses an empty trades_v2 table (current-snapshot-id -1) with our ids', () => {
    const md = newTableMetadata({
      location: 'file:///wh/market_data/trades_v2',
      ...TRADES_V2_TABLE,
      tableUuid: UUID,
      nowMs: T0,
    })
    const path = join(dir, '00000-empty.metadata.json')
    writeFileSync(path, serializeTableMetadata(md))
    const read = oracle<ReadResponse>({ mode: 'read', path })
    expect(read.current_snapshot_id).toBeNull()
    expect(read.snapshots).toEqual([])
    expect(read.refs).toEqual({})
    expect(parseSchema(read.schemas[0])).toEqual(schema)
  })

  it('parses trades_v2 with snapshots above 2^53: ids, schema, spec, sort order, logs equal ours', () => {
    let md = newTableMetadata({
      location: 'file:///wh/market_data/trades_v2',
      schema,
      spec,
      sortOrder,
      properties,
      tableUuid: UUID,
      nowMs: T0,
    })
    md = withSnapshot(md, snapshot(MAX, undefined, 1n, T0 + 1000), {
      previousMetadataLocation: `file:///wh/market_data/trades_v2/metadata/00000-${UUID}.metadata.json`,
    })
    md = withSnapshot(md, snapshot(BIG, MAX, 2n, T0 + 2000), {
      previousMetadataLocation: `file:///wh/market_data/trades_v2/metadata/00001-${UUID}.metadata.json`,
    })
    const path = join(dir, '00002-trades.metadata.json')
    writeFileSync(path, serializeTableMetadata(md))

    const read = oracle<ReadResponse>({
      mode: 'read',
      path,
      partition_values: [[20418], [-1], [0], [null]],
    })
    expect(read).toMatchObject({
      format_version: 2,
      table_uuid: UUID,
      location: 'file:///wh/market_data/trades_v2',
      last_sequence_number: '2',
      last_updated_ms: String(T0 + 2000),
      last_column_id: 18,
      current_schema_id: 0,
      default_spec_id: 0,
      last_partition_id: 1000,
      default_sort_order_id: 1,
      current_snapshot_id: BIG.toString(),
      current_snapshot_id_via_refs: BIG.toString(),
      properties,
      refs: { main: { snapshot_id: BIG.toString(), type: 'branch' } },
    })
    expect(read.schemas.map((s) => parseSchema(s))).toEqual([schema])
    expect(read.partition_specs.map((s) => parsePartitionSpec(s))).toEqual([spec])
    expect(read.sort_orders.map((o) => parseSortOrder(o))).toEqual([sortOrder])
    expect(read.snapshots).toEqual(
      md.snapshots.map((s) => ({
        snapshot_id: s['snapshot-id'].toString(),
        parent_snapshot_id: s['parent-snapshot-id']?.toString() ?? null,
        sequence_number: s['sequence-number'].toString(),
        timestamp_ms: String(s['timestamp-ms']),
        manifest_list: s['manifest-list'],
        summary: s.summary,
        schema_id: 0,
      })),
    )
    expect(read.snapshot_log).toEqual(
      md['snapshot-log'].map((e) => ({
        snapshot_id: e['snapshot-id'].toString(),
        timestamp_ms: String(e['timestamp-ms']),
      })),
    )
    expect(read.metadata_log).toEqual(
      md['metadata-log'].map((e) => ({
        metadata_file: e['metadata-file'],
        timestamp_ms: String(e['timestamp-ms']),
      })),
    )
    // pyiceberg marks partition fields required when the source is; Java (and we) say optional.
    const type = parseIcebergType(read.partition_type)
    expect(type).toMatchObject({
      type: 'struct',
      fields: [{ id: 1000, name: 'timestamp_day', type: 'date' }],
    })
    expect(read.partition_paths).toEqual([
      partitionPath(spec, schema, [20418]),
      partitionPath(spec, schema, [-1]),
      partitionPath(spec, schema, [0]),
      partitionPath(spec, schema, [null]),
    ])
    expect(read.partition_paths[0]).toBe('timestamp_day=2025-11-26')
  })
})

describe('metadata pyiceberg writes, read by us', () => {
  it('parses new_table_metadata + snapshots, and pyiceberg assigns the same ids as ours', () => {
    const { metadata } = oracle<{ metadata: string }>({
      mode: 'new',
      schema: serializeSchema(schema),
      spec: serializePartitionSpec(spec),
      sort_order: serializeSortOrder(sortOrder),
      location: 'file:///wh/market_data/trades_v2',
      properties,
      table_uuid: UUID,
      snapshots: [
        {
          snapshot_id: MAX.toString(),
          parent_snapshot_id: null,
          sequence_number: '1',
          timestamp_ms: String(T0 + 1000),
          manifest_list: 'file:///wh/s1.avro',
          summary: { operation: 'append', 'added-records': '10' },
        },
        {
          snapshot_id: BIG.toString(),
          parent_snapshot_id: MAX.toString(),
          sequence_number: '2',
          timestamp_ms: String(T0 + 2000),
          manifest_list: 'file:///wh/s2.avro',
          summary: { operation: 'append', 'added-records': '5' },
        },
      ],
    })
    expect(metadata).toContain(BIG.toString())
    const md = parseTableMetadata(metadata)
    expect(md.schemas).toEqual([schema])
    expect(md['partition-specs']).toEqual([spec])
    expect(md['sort-orders']).toEqual([sortOrder])
    expect(md['default-sort-order-id']).toBe(1)
    expect(md['last-column-id']).toBe(18)
    expect(md['last-partition-id']).toBe(1000)
    expect(md['table-uuid']).toBe(UUID)
    expect(md.properties).toEqual(properties)
    expect(md['current-snapshot-id']).toBe(BIG)
    expect(md.refs).toEqual({ main: { 'snapshot-id': BIG, type: 'branch' } })
    expect(
      md.snapshots.map((s) => [s['snapshot-id'], s['parent-snapshot-id'], s['sequence-number']]),
    ).toEqual([
      [MAX, undefined, 1n],
      [BIG, MAX, 2n],
    ])
    expect(md.snapshots[1]?.summary).toEqual({ operation: 'append', 'added-records': '5' })
    expect(md['snapshot-log'].map((e) => e['snapshot-id'])).toEqual([MAX, BIG])
    expect(md['last-sequence-number']).toBe(2n)
    // Our serialization of what we read is read back identically.
    expect(parseTableMetadata(serializeTableMetadata(md))).toEqual(md)
  })

  it('parses an empty table as pyiceberg writes it (no current-snapshot-id)', () => {
    const { metadata } = oracle<{ metadata: string }>({
      mode: 'new',
      schema: serializeSchema(schema),
      spec: serializePartitionSpec(spec),
      sort_order: serializeSortOrder(sortOrder),
      location: 'file:///wh/t',
      properties: {},
      table_uuid: UUID,
    })
    expect(metadata).not.toContain('current-snapshot-id')
    const md = parseTableMetadata(metadata)
    expect(md['current-snapshot-id']).toBeUndefined()
    expect(md.snapshots).toEqual([])
  })
})

describe('transforms agree with pyiceberg', () => {
  interface Case {
    transform: string
    type: PrimitiveType
    ours: SingleValue
    theirs: JsonValue
  }
  const micros = [
    0n,
    -1n,
    1n,
    1_510_871_468_000_000n,
    1_764_158_700_123_456n,
    -86_400_000_000n,
    -86_400_000_001n,
    -3_600_000_000n,
    -62_135_596_800_000_000n,
    253_402_300_799_999_999n,
  ]
  const days = [0, -1, 1, 17486, 20418, -365, -366, 11016, -25508, 2_932_896]
  const cases: Case[] = []
  for (const t of ['year', 'month', 'day', 'hour', 'bucket[16]', 'bucket[1000]', 'identity']) {
    for (const type of ['timestamp', 'timestamptz'] as const) {
      for (const v of micros) cases.push({ transform: t, type, ours: v, theirs: v })
    }
  }
  for (const t of ['year', 'month', 'day', 'bucket[7]', 'identity']) {
    for (const v of days) cases.push({ transform: t, type: 'date', ours: v, theirs: v })
  }
  for (const v of [0, 1, -1, 34, 2147483647, -2147483648, 123456789]) {
    for (const t of ['bucket[10]', 'truncate[10]', 'truncate[3]', 'identity']) {
      cases.push({ transform: t, type: 'int', ours: v, theirs: v })
    }
  }
  for (const v of [0n, -1n, 34n, MAX, -MAX - 1n, BIG]) {
    for (const t of ['bucket[10]', 'bucket[2147483647]', 'truncate[10]', 'truncate[1000]']) {
      cases.push({ transform: t, type: 'long', ours: v, theirs: v })
    }
  }
  for (const v of ['0', '0.00000001', '42.5', '12345.67891234', '9999999999.99999999', '-1.5']) {
    for (const t of ['bucket[16]', 'truncate[100]', 'truncate[100000000]', 'identity']) {
      cases.push({ transform: t, type: 'decimal(18, 8)', ours: new ExactDecimal(v), theirs: v })
    }
  }
  for (const v of ['', 'iceberg', 'BTCUSDT', 'a b/c:d', 'naïve', '😀x😁y']) {
    for (const t of ['bucket[16]', 'truncate[1]', 'truncate[3]', 'identity']) {
      cases.push({ transform: t, type: 'string', ours: v, theirs: v })
    }
  }
  const uuid = 'f79c3e09-677c-4bbd-a479-3f349cb785e7'
  cases.push({ transform: 'bucket[100]', type: 'uuid', ours: uuid, theirs: uuid })
  const bytes = Uint8Array.of(0, 1, 2, 3, 250)
  for (const t of ['bucket[16]', 'truncate[3]', 'identity']) {
    cases.push({ transform: t, type: 'binary', ours: bytes, theirs: '00010203fa' })
  }
  cases.push({ transform: 'bucket[16]', type: 'fixed[5]', ours: bytes, theirs: '00010203fa' })

  it(`${cases.length} cases: values and human strings`, () => {
    const { results } = oracle<{ results: { value: string | null; human: string }[] }>({
      mode: 'transforms',
      cases: cases.map((c) => ({ transform: c.transform, type: c.type, value: c.theirs })),
    })
    const mismatches: string[] = []
    cases.forEach((c, i) => {
      const transform = parseTransform(c.transform)
      const value = transform.apply(c.type, c.ours)
      const ourValue = ourValueText(transform.resultType(c.type), value)
      const ourHuman = humanString(transform, c.type, value)
      const theirs = results[i] as { value: string | null; human: string }
      if (ourValue !== theirs.value || ourHuman !== theirs.human) {
        mismatches.push(
          `${c.transform}(${c.type} ${String(c.theirs)}): ours ${ourValue} ${ourHuman}, pyiceberg ${theirs.value} ${theirs.human}`,
        )
      }
    })
    expect(mismatches).toEqual([])
  })
})

/** Our transform result in the oracle's notation (decimal text, hex bytes, integers as text). */
function ourValueText(type: PrimitiveType, value: SingleValue | null): string | null {
  if (value === null) return null
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex')
  if (ExactDecimal.isDecimal(value)) return (value as ExactDecimal).toFixed(8)
  if (typeof value === 'bigint' && type.startsWith('decimal')) {
    return new ExactDecimal(value.toString()).dividedBy(1e8).toFixed(8)
  }
  return String(value)
}
