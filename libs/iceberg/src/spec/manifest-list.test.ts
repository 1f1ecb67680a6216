import { describe, expect, it } from 'vitest'

import { readAvroContainer } from './avro-container.js'
import { BIG_SNAPSHOT_ID, DAY_2024_03_15 } from './manifest-fixtures.js'
import {
  readManifestList,
  readManifestListFile,
  summarizePartitions,
  writeManifestList,
  type ManifestFile,
} from './manifest-list.js'
import { encodeSingleValue } from './single-value.js'
import type { StructType } from './types.js'

const date = (d: number) => Uint8Array.from(encodeSingleValue('date', d))

const NEW_MANIFEST: ManifestFile = {
  manifest_path: 'file:///warehouse/market_data/trades_v2/metadata/a-m0.avro',
  manifest_length: 7_321n,
  partition_spec_id: 0,
  content: 0,
  sequence_number: 12n,
  min_sequence_number: 12n,
  added_snapshot_id: BIG_SNAPSHOT_ID,
  added_files_count: 3,
  existing_files_count: 0,
  deleted_files_count: 0,
  added_rows_count: 9_007_199_254_740_993n,
  existing_rows_count: 0n,
  deleted_rows_count: 0n,
  partitions: [
    {
      contains_null: true,
      contains_nan: false,
      lower_bound: date(DAY_2024_03_15),
      upper_bound: date(DAY_2024_03_15 + 1),
    },
  ],
  key_metadata: null,
}

const OLD_MANIFEST: ManifestFile = {
  ...NEW_MANIFEST,
  manifest_path: 'file:///warehouse/market_data/trades_v2/metadata/b-m0.avro',
  sequence_number: 4n,
  min_sequence_number: 1n,
  added_snapshot_id: 4_611_686_018_427_387_905n,
  added_files_count: 0,
  existing_files_count: 2,
  deleted_files_count: 1,
  added_rows_count: 0n,
  existing_rows_count: 2_000n,
  deleted_rows_count: 17n,
  partitions: [{ contains_null: false, contains_nan: null, lower_bound: null, upper_bound: null }],
}

function write(manifests: ManifestFile[], parent: bigint | null = 4_611_686_018_427_387_905n) {
  return writeManifestList({
    manifests,
    snapshotId: BIG_SNAPSHOT_ID,
    parentSnapshotId: parent,
    sequenceNumber: 12n,
  })
}

describe('writeManifestList / readManifestList', () => {
  it('round-trips manifest files exactly (ids > 2^53)', () => {
    expect(readManifestList(write([NEW_MANIFEST, OLD_MANIFEST]))).toEqual([
      NEW_MANIFEST,
      OLD_MANIFEST,
    ])
  })

  it('round-trips manifests without partition summaries and with key metadata', () => {
    const odd = { ...OLD_MANIFEST, partitions: null, key_metadata: Uint8Array.of(1, 2) }
    expect(readManifestList(write([odd]))).toEqual([odd])
  })

  it('writes snapshot-id, parent-snapshot-id, sequence-number and format-version', () => {
    const { metadata } = readManifestListFile(write([NEW_MANIFEST]))
    expect(metadata).toMatchObject({
      snapshotId: BIG_SNAPSHOT_ID,
      parentSnapshotId: 4_611_686_018_427_387_905n,
      sequenceNumber: 12n,
      formatVersion: 2,
    })
    expect(metadata.properties).toMatchObject({
      'snapshot-id': '9223372036854775807',
      'parent-snapshot-id': '4611686018427387905',
      'sequence-number': '12',
      'format-version': '2',
      'avro.codec': 'deflate',
    })
  })

  it('writes "null" as parent-snapshot-id of a first snapshot, as Java and pyiceberg do', () => {
    const { metadata } = readManifestListFile(write([NEW_MANIFEST], null))
    expect(metadata.properties['parent-snapshot-id']).toBe('null')
    expect(metadata.parentSnapshotId).toBeNull()
  })

  it('carries every field id of the spec in the header schema', () => {
    const schema = readAvroContainer(write([NEW_MANIFEST])).schema as unknown as {
      name: string
      fields: { name: string; 'field-id': number; type: unknown }[]
    }
    expect(schema.name).toBe('manifest_file')
    expect(schema.fields.map((f) => [f.name, f['field-id']])).toEqual([
      ['manifest_path', 500],
      ['manifest_length', 501],
      ['partition_spec_id', 502],
      ['content', 517],
      ['sequence_number', 515],
      ['min_sequence_number', 516],
      ['added_snapshot_id', 503],
      ['added_files_count', 504],
      ['existing_files_count', 505],
      ['deleted_files_count', 506],
      ['added_rows_count', 512],
      ['existing_rows_count', 513],
      ['deleted_rows_count', 514],
      ['partitions', 507],
      ['key_metadata', 519],
    ])
    const partitions = schema.fields[13]?.type as [string, { 'element-id': number; items: unknown }]
    expect(partitions[1]['element-id']).toBe(508)
    expect(partitions[1].items).toMatchObject({
      name: 'r508',
      fields: [
        { name: 'contains_null', 'field-id': 509 },
        { name: 'contains_nan', 'field-id': 518 },
        { name: 'lower_bound', 'field-id': 510 },
        { name: 'upper_bound', 'field-id': 511 },
      ],
    })
  })

  it('refuses unassigned or inconsistent sequence numbers', () => {
    const cases: [string, ManifestFile[], RegExp][] = [
      ['-1 placeholder', [{ ...NEW_MANIFEST, sequence_number: -1n }], /must be assigned/],
      ['min above own', [{ ...OLD_MANIFEST, min_sequence_number: 5n }], /exceeds/],
      [
        'new manifest, old number',
        [{ ...NEW_MANIFEST, sequence_number: 11n, min_sequence_number: 11n }],
        /not the snapshot's 12/,
      ],
    ]
    for (const [name, manifests, message] of cases)
      expect(() => write(manifests), name).toThrow(message)
  })
})

describe('summarizePartitions', () => {
  const type: StructType = {
    type: 'struct',
    fields: [
      { id: 1000, name: 's', required: false, type: 'string' },
      { id: 1001, name: 'd', required: false, type: 'double' },
      { id: 1002, name: 'dec', required: false, type: 'decimal(18,8)' },
    ],
  }

  it('orders strings by UTF-8 bytes, skips nulls and NaNs, and orders -0 before +0', () => {
    const tuples = [
      new Map<number, unknown>([
        [1000, '\uFF21'],
        [1001, 0],
        [1002, -5n],
      ]),
      new Map<number, unknown>([
        [1000, '\u{1F600}'],
        [1001, NaN],
        [1002, 3n],
      ]),
      new Map<number, unknown>([
        [1000, 'a'],
        [1001, -0],
      ]),
    ] as Map<number, never>[]
    const [s, d, dec] = summarizePartitions(type, tuples)
    // U+1F600 sorts after U+FF21 in UTF-8 (F0.. > EF..), though not in UTF-16 code units.
    expect(s).toEqual({
      contains_null: false,
      contains_nan: false,
      lower_bound: Uint8Array.from(Buffer.from('a')),
      upper_bound: Uint8Array.from(Buffer.from('\u{1F600}')),
    })
    expect(d?.contains_nan).toBe(true)
    expect(Buffer.from(d?.lower_bound ?? []).readDoubleLE(0)).toBe(-0)
    expect(Object.is(Buffer.from(d?.upper_bound ?? []).readDoubleLE(0), 0)).toBe(true)
    expect(dec).toEqual({
      contains_null: true,
      contains_nan: false,
      lower_bound: Uint8Array.of(0xfb),
      upper_bound: Uint8Array.of(0x03),
    })
  })

  it('gives null bounds for a field that is null everywhere', () => {
    expect(summarizePartitions(type, [new Map()])[0]).toEqual({
      contains_null: true,
      contains_nan: false,
      lower_bound: null,
      upper_bound: null,
    })
  })
})
