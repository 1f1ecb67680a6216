import { describe, expect, it } from 'vitest'

import { readAvroContainer } from './avro-container.js'
import type { DataFile, ManifestEntry } from './data-file.js'
import { MANIFEST_ENTRY_STATUS } from './data-file.js'
import {
  inheritFromManifest,
  manifestFileFor,
  readManifest,
  writeManifest,
  type WriteManifestOptions,
} from './manifest.js'
import {
  BIG_SNAPSHOT_ID,
  DAY_2024_03_15,
  TRADES_PARTITION_TYPE,
  TRADES_SCHEMA,
  TRADES_SPEC,
  tradesDataFile,
} from './manifest-fixtures.js'
import { encodeSingleValue } from './single-value.js'
import type { StructType } from './types.js'

const { ADDED, EXISTING, DELETED } = MANIFEST_ENTRY_STATUS

function options(entries: ManifestEntry[]): WriteManifestOptions {
  return {
    entries,
    partitionType: TRADES_PARTITION_TYPE,
    schemaJson: JSON.stringify(TRADES_SCHEMA),
    partitionSpecJson: JSON.stringify(TRADES_SPEC.fields),
    partitionSpecId: 0,
    formatVersion: 2,
    content: 'data',
  }
}

function added(file: DataFile, snapshotId: bigint | null = BIG_SNAPSHOT_ID): ManifestEntry {
  return {
    status: ADDED,
    snapshot_id: snapshotId,
    sequence_number: null,
    file_sequence_number: null,
    data_file: file,
  }
}

const MIXED: ManifestEntry[] = [
  added(tradesDataFile(0, DAY_2024_03_15)),
  added(tradesDataFile(1, DAY_2024_03_15 + 1)),
  added(tradesDataFile(2, null), null),
  {
    status: EXISTING,
    snapshot_id: 4_611_686_018_427_387_904n,
    sequence_number: 3n,
    file_sequence_number: 4n,
    data_file: tradesDataFile(3, DAY_2024_03_15 - 2),
  },
  {
    status: DELETED,
    snapshot_id: BIG_SNAPSHOT_ID,
    sequence_number: 2n,
    file_sequence_number: 2n,
    data_file: tradesDataFile(4, DAY_2024_03_15 - 5),
  },
]

describe('writeManifest / readManifest', () => {
  it('round-trips trades_v2-like entries exactly (ids > 2^53, bounds, counts, null partition)', () => {
    const { bytes } = writeManifest(options(MIXED))
    const { entries } = readManifest(bytes)
    expect(entries).toEqual(MIXED)
    expect(entries[0]?.snapshot_id).toBe(9223372036854775807n)
    expect(entries[2]?.data_file.partition.get(1000)).toBeNull()
  })

  it('writes the file metadata the spec requires', () => {
    const { bytes } = writeManifest(options(MIXED))
    const { metadata } = readManifest(bytes)
    expect(metadata).toMatchObject({
      schemaJson: JSON.stringify(TRADES_SCHEMA),
      schemaId: 0,
      partitionSpecJson: JSON.stringify(TRADES_SPEC.fields),
      partitionSpecId: 0,
      formatVersion: 2,
      content: 'data',
      partitionType: TRADES_PARTITION_TYPE,
    })
    expect(metadata.properties['avro.codec']).toBe('deflate')
  })

  it('puts the partition field ids and result types into the r102 record', () => {
    const { bytes } = writeManifest(options(MIXED))
    const schema = readAvroContainer(bytes).schema as unknown as {
      fields: { name: string; type: unknown }[]
    }
    const dataFile = schema.fields.find((f) => f.name === 'data_file')?.type as {
      name: string
      fields: { name: string; type: unknown }[]
    }
    expect(dataFile.name).toBe('r2')
    expect(dataFile.fields.find((f) => f.name === 'partition')?.type).toEqual({
      type: 'record',
      name: 'r102',
      fields: [
        {
          name: 'timestamp_day',
          type: ['null', { type: 'int', logicalType: 'date' }],
          default: null,
          'field-id': 1000,
        },
      ],
    })
  })

  it('summarises counts, rows, min sequence number and partitions for the manifest list', () => {
    const { bytes, summary } = writeManifest(options(MIXED))
    const rows = (i: number) => MIXED[i]!.data_file.record_count
    expect(summary).toEqual({
      manifest_length: BigInt(bytes.length),
      partition_spec_id: 0,
      content: 0,
      added_files_count: 3,
      existing_files_count: 1,
      deleted_files_count: 1,
      added_rows_count: rows(0) + rows(1) + rows(2),
      existing_rows_count: rows(3),
      deleted_rows_count: rows(4),
      // The DELETED entry's 2 does not count: only live files bound the manifest's age.
      min_sequence_number: 3n,
      partitions: [
        {
          contains_null: true,
          contains_nan: false,
          lower_bound: Uint8Array.from(encodeSingleValue('date', DAY_2024_03_15 - 5)),
          upper_bound: Uint8Array.from(encodeSingleValue('date', DAY_2024_03_15 + 1)),
        },
      ],
    })
  })

  it('leaves min_sequence_number null when every live entry inherits its sequence number', () => {
    const { summary } = writeManifest(options([added(tradesDataFile(0, DAY_2024_03_15))]))
    expect(summary.min_sequence_number).toBeNull()
    const file = manifestFileFor(summary, {
      manifestPath: 'file:///m.avro',
      addedSnapshotId: BIG_SNAPSHOT_ID,
      sequenceNumber: 7n,
    })
    expect(file).toMatchObject({ sequence_number: 7n, min_sequence_number: 7n, key_metadata: null })
  })

  it('inherits snapshot ids always and sequence numbers for ADDED entries only', () => {
    const { bytes, summary } = writeManifest(options(MIXED))
    const manifest = manifestFileFor(summary, {
      manifestPath: 'file:///m.avro',
      addedSnapshotId: 123_456_789_012_345_678n,
      sequenceNumber: 9n,
    })
    const { entries } = readManifest(bytes, { inheritFrom: manifest })
    expect(
      entries.map((e) => [e.status, e.snapshot_id, e.sequence_number, e.file_sequence_number]),
    ).toEqual([
      [ADDED, BIG_SNAPSHOT_ID, 9n, 9n],
      [ADDED, BIG_SNAPSHOT_ID, 9n, 9n],
      [ADDED, 123_456_789_012_345_678n, 9n, 9n],
      [EXISTING, 4_611_686_018_427_387_904n, 3n, 4n],
      [DELETED, BIG_SNAPSHOT_ID, 2n, 2n],
    ])
  })

  it('keeps an explicit data sequence number of an ADDED entry and inherits only the rest', () => {
    const entry: ManifestEntry = { ...added(tradesDataFile(0, 1), null), sequence_number: 2n }
    const manifest = manifestFileFor(writeManifest(options([entry])).summary, {
      manifestPath: 'file:///m.avro',
      addedSnapshotId: 5n,
      sequenceNumber: 6n,
    })
    expect(manifest.min_sequence_number).toBe(2n)
    expect(inheritFromManifest(entry, manifest)).toMatchObject({
      snapshot_id: 5n,
      sequence_number: 2n,
      file_sequence_number: 6n,
    })
  })

  it('reads optional fields that were left out as null', () => {
    const bare: DataFile = {
      content: 0,
      file_path: 'file:///t/data/a.parquet',
      file_format: 'PARQUET',
      partition: new Map(),
      record_count: 1n,
      file_size_in_bytes: 10n,
    }
    const { entries } = readManifest(writeManifest(options([added(bare)])).bytes)
    expect(entries[0]?.data_file).toEqual({
      ...bare,
      partition: new Map([[1000, null]]),
      column_sizes: null,
      value_counts: null,
      null_value_counts: null,
      nan_value_counts: null,
      lower_bounds: null,
      upper_bounds: null,
      key_metadata: null,
      split_offsets: null,
      equality_ids: null,
      sort_order_id: null,
    })
  })

  it('writes unpartitioned manifests (empty r102 record)', () => {
    const unpartitioned: StructType = { type: 'struct', fields: [] }
    const file = { ...tradesDataFile(0, null), partition: new Map() }
    const { bytes, summary } = writeManifest({
      ...options([added(file)]),
      partitionType: unpartitioned,
      partitionSpecJson: '[]',
    })
    const read = readManifest(bytes)
    expect(read.entries[0]?.data_file).toEqual(file)
    expect(read.metadata.partitionType).toEqual(unpartitioned)
    expect(summary.partitions).toEqual([])
  })

  it('writes every primitive partition type and reads it back in canonical form', () => {
    const partitionType: StructType = {
      type: 'struct',
      fields: [
        { id: 1000, name: 'b', required: false, type: 'boolean' },
        { id: 1001, name: 'i', required: true, type: 'int' },
        { id: 1002, name: 'l', required: false, type: 'long' },
        { id: 1003, name: 'f', required: false, type: 'float' },
        { id: 1004, name: 'd', required: false, type: 'double' },
        { id: 1005, name: 'dt', required: false, type: 'date' },
        { id: 1006, name: 't', required: false, type: 'time' },
        { id: 1007, name: 'ts', required: false, type: 'timestamp' },
        { id: 1008, name: 'tstz', required: false, type: 'timestamptz' },
        { id: 1009, name: 's', required: false, type: 'string' },
        { id: 1010, name: 'u', required: false, type: 'uuid' },
        { id: 1011, name: 'fx', required: false, type: 'fixed[3]' },
        { id: 1012, name: 'bin', required: false, type: 'binary' },
        { id: 1013, name: 'dec', required: false, type: 'decimal(18,8)' },
        { id: 1014, name: 'dec2', required: false, type: 'decimal(18,8)' },
        { id: 1015, name: 'dec38', required: false, type: 'decimal(38,2)' },
        { id: 1016, name: 'symbol bucket/16', required: false, type: 'int' },
      ],
    }
    const values = new Map<number, unknown>([
      [1000, true],
      [1001, -7],
      [1002, -9223372036854775808n],
      [1003, 1.5],
      [1004, -0.25],
      [1005, -1],
      [1006, 86_399_999_999n],
      [1007, 1_710_460_800_000_000n],
      [1008, -1n],
      [1009, 'BTC/USDT ✓'],
      [1010, 'f79c3e09-677c-4bbd-a479-3f349cb785e7'],
      [1011, Uint8Array.of(1, 2, 3)],
      [1012, Uint8Array.of()],
      [1013, -1n],
      [1014, 99_999_999_999_999_999n],
      [1015, -(10n ** 37n)],
      [1016, 15],
    ])
    const file = { ...tradesDataFile(0, null), partition: values as DataFile['partition'] }
    const specJson = JSON.stringify(partitionType.fields.map((f) => ({ 'field-id': f.id })))
    const { bytes } = writeManifest({
      ...options([added(file)]),
      partitionType,
      partitionSpecJson: specJson,
    })
    const read = readManifest(bytes)
    expect(read.entries[0]?.data_file.partition).toEqual(values)
    expect(read.metadata.partitionType).toEqual(partitionType)
  })

  it('refuses entries that break the spec', () => {
    const file = tradesDataFile(0, DAY_2024_03_15)
    const cases: [string, () => unknown, RegExp][] = [
      ['no entries', () => writeManifest(options([])), /at least one entry/],
      [
        'existing entry without sequence numbers',
        () => writeManifest(options([{ ...added(file), status: EXISTING }])),
        /need both sequence numbers/,
      ],
      [
        'delete file in a data manifest',
        () => writeManifest(options([added({ ...file, content: 1 })])),
        /data files only/,
      ],
      [
        'unknown partition field',
        () => writeManifest(options([added({ ...file, partition: new Map([[1001, 1]]) })])),
        /unknown field id 1001/,
      ],
      [
        'partition value of the wrong type',
        () => writeManifest(options([added({ ...file, partition: new Map([[1000, 'x']]) })])),
        /not a valid date value/,
      ],
      [
        'spec fields that differ from the partition type',
        () => writeManifest({ ...options([added(file)]), partitionSpecJson: '[]' }),
        /differ from the partition type/,
      ],
      [
        'schema without id',
        () => writeManifest({ ...options([added(file)]), schemaJson: '{"type":"struct"}' }),
        /no schema-id/,
      ],
    ]
    for (const [name, run, message] of cases) expect(run, name).toThrow(message)
  })

  it('takes schemaId when given and writes it as schema-id', () => {
    const { bytes } = writeManifest({ ...options(MIXED), schemaId: 3, codec: 'null' })
    expect(readManifest(bytes).metadata).toMatchObject({ schemaId: 3 })
    expect(readManifest(bytes).metadata.properties['avro.codec']).toBe('null')
  })
})
