import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { DataFile, ManifestEntry } from './data-file.js'
import { MANIFEST_ENTRY_STATUS } from './data-file.js'
import { inheritFromManifest, manifestFileFor, readManifest, writeManifest } from './manifest.js'
import {
  BIG_SNAPSHOT_ID,
  DAY_2024_03_15,
  TRADES_PARTITION_TYPE,
  TRADES_SCHEMA,
  TRADES_SPEC,
  tradesDataFile,
} from './manifest-fixtures.js'
import {
  readManifestListFile,
  summarizePartitions,
  writeManifestList,
  type ManifestFile,
} from './manifest-list.js'
import { findPython } from '../testing/find-python.js'

/**
 * Interop of our manifests and manifest lists with fastavro (plain Avro: container format, records,
 * Iceberg ids in the header schema) and pyiceberg (Iceberg's reader and writer), both run by
 * `tools/oracles/iceberg_manifest_oracle.py`. Not skipped when Python or its packages are missing:
 * CI installs tools/oracles/requirements.txt, and a silent skip would hide a format break.
 */

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const ORACLE = join(REPO_ROOT, 'tools', 'oracles', 'iceberg_manifest_oracle.py')

function callOracle<T>(request: Record<string, unknown>): T {
  const res = spawnSync(findPython(), [ORACLE], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (res.error !== undefined) {
    throw new Error(
      `cannot run the manifest oracle: ${res.error.message}. Install the oracles with ` +
        '`python3 -m venv .venv && .venv/bin/pip install -r tools/oracles/requirements.txt`.',
    )
  }
  let response: { error?: string } & T
  try {
    response = JSON.parse(res.stdout) as { error?: string } & T
  } catch {
    throw new Error(`manifest oracle printed no JSON (status ${res.status}): ${res.stderr}`)
  }
  if (response.error !== undefined || res.status !== 0) {
    throw new Error(`manifest oracle (${String(request['mode'])}): ${response.error ?? res.stderr}`)
  }
  return response
}

/** Our values in the oracle's representation: integers as strings, bytes as hex. */
function o(value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (typeof value === 'bigint' || typeof value === 'number') return value.toString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex')
  if (value instanceof Map) {
    return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), o(v)]))
  }
  if (Array.isArray(value)) return value.map(o)
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, o(v)]))
  }
  return value
}

/** An id-keyed map as fastavro decodes it: the array of `{key, value}` records. */
function kv(map: ReadonlyMap<number, unknown> | null | undefined): unknown {
  if (!map) return null
  return [...map.entries()].sort(([a], [b]) => a - b).map(([key, value]) => o({ key, value }))
}

const MAP_FIELDS = [
  'column_sizes',
  'value_counts',
  'null_value_counts',
  'nan_value_counts',
  'lower_bounds',
  'upper_bounds',
] as const

function fastavroDataFile(file: DataFile): unknown {
  return {
    ...(o({ ...file, partition: null }) as object),
    partition: { timestamp_day: o(file.partition.get(1000)) },
    ...Object.fromEntries(MAP_FIELDS.map((f) => [f, kv(file[f])])),
  }
}

function pyicebergDataFile(file: DataFile, specId: number): unknown {
  return {
    ...(o(file) as object),
    partition: TRADES_PARTITION_TYPE.fields.map((f) => o(file.partition.get(f.id))),
    spec_id: String(specId),
  }
}

const { ADDED, EXISTING, DELETED } = MANIFEST_ENTRY_STATUS
const PARENT_ID = 4_611_686_018_427_387_905n

const added = (file: DataFile, snapshotId: bigint | null): ManifestEntry => ({
  status: ADDED,
  snapshot_id: snapshotId,
  sequence_number: null,
  file_sequence_number: null,
  data_file: file,
})

/** Manifest 1: this snapshot's appends, one of them in the null partition. */
const NEW_ENTRIES: ManifestEntry[] = [
  added(tradesDataFile(0, DAY_2024_03_15), BIG_SNAPSHOT_ID),
  added(tradesDataFile(1, DAY_2024_03_15 + 1), BIG_SNAPSHOT_ID),
  added(tradesDataFile(2, null), null),
]
/** Manifest 2: files kept from and removed since an older snapshot. */
const OLD_ENTRIES: ManifestEntry[] = [
  {
    status: EXISTING,
    snapshot_id: PARENT_ID,
    sequence_number: 5n,
    file_sequence_number: 6n,
    data_file: tradesDataFile(3, DAY_2024_03_15 - 1),
  },
  {
    status: DELETED,
    snapshot_id: BIG_SNAPSHOT_ID,
    sequence_number: 4n,
    file_sequence_number: 4n,
    data_file: tradesDataFile(4, DAY_2024_03_15 - 3),
  },
]

const SEQ = 7n
const EXPECTED_MANIFEST_IDS = {
  status: 0,
  snapshot_id: 1,
  sequence_number: 3,
  file_sequence_number: 4,
  data_file: 2,
  'data_file.content': 134,
  'data_file.file_path': 100,
  'data_file.file_format': 101,
  'data_file.partition': 102,
  'data_file.partition.timestamp_day': 1000,
  'data_file.record_count': 103,
  'data_file.file_size_in_bytes': 104,
  'data_file.column_sizes': 108,
  'data_file.column_sizes.key': 117,
  'data_file.column_sizes.value': 118,
  'data_file.value_counts': 109,
  'data_file.value_counts.key': 119,
  'data_file.value_counts.value': 120,
  'data_file.null_value_counts': 110,
  'data_file.null_value_counts.key': 121,
  'data_file.null_value_counts.value': 122,
  'data_file.nan_value_counts': 137,
  'data_file.nan_value_counts.key': 138,
  'data_file.nan_value_counts.value': 139,
  'data_file.lower_bounds': 125,
  'data_file.lower_bounds.key': 126,
  'data_file.lower_bounds.value': 127,
  'data_file.upper_bounds': 128,
  'data_file.upper_bounds.key': 129,
  'data_file.upper_bounds.value': 130,
  'data_file.key_metadata': 131,
  'data_file.split_offsets': 132,
  'data_file.split_offsets.element': 133,
  'data_file.equality_ids': 135,
  'data_file.equality_ids.element': 136,
  'data_file.sort_order_id': 140,
}
const EXPECTED_LIST_IDS = {
  manifest_path: 500,
  manifest_length: 501,
  partition_spec_id: 502,
  content: 517,
  sequence_number: 515,
  min_sequence_number: 516,
  added_snapshot_id: 503,
  added_files_count: 504,
  existing_files_count: 505,
  deleted_files_count: 506,
  added_rows_count: 512,
  existing_rows_count: 513,
  deleted_rows_count: 514,
  partitions: 507,
  'partitions.element': 508,
  'partitions.element.contains_null': 509,
  'partitions.element.contains_nan': 518,
  'partitions.element.lower_bound': 510,
  'partitions.element.upper_bound': 511,
  key_metadata: 519,
}

interface FastavroFile {
  metadata: Record<string, string>
  records: unknown[]
  ids: Record<string, number>
  missing_ids: string[]
}

let dir = ''
const paths = { m1: '', m2: '', list: '' }
let manifests: ManifestFile[] = []

function writeOurs(entries: ManifestEntry[], path: string, snapshotId: bigint, seq: bigint) {
  const { bytes, summary } = writeManifest({
    entries,
    partitionType: TRADES_PARTITION_TYPE,
    schemaJson: JSON.stringify(TRADES_SCHEMA),
    partitionSpecJson: JSON.stringify(TRADES_SPEC.fields),
    partitionSpecId: 0,
    formatVersion: 2,
    content: 'data',
  })
  writeFileSync(path, bytes)
  return manifestFileFor(summary, {
    manifestPath: path,
    addedSnapshotId: snapshotId,
    sequenceNumber: seq,
  })
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'k2-manifest-'))
  paths.m1 = join(dir, 'm1.avro')
  paths.m2 = join(dir, 'm2.avro')
  paths.list = join(dir, 'snap.avro')
  manifests = [
    writeOurs(NEW_ENTRIES, paths.m1, BIG_SNAPSHOT_ID, SEQ),
    writeOurs(OLD_ENTRIES, paths.m2, PARENT_ID, 6n),
  ]
  writeFileSync(
    paths.list,
    writeManifestList({
      manifests,
      snapshotId: BIG_SNAPSHOT_ID,
      parentSnapshotId: PARENT_ID,
      sequenceNumber: SEQ,
    }),
  )
})

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('fastavro reads our files', () => {
  it('reads a manifest: records, every field id, file metadata', () => {
    const file = callOracle<FastavroFile>({ mode: 'fastavro-read', path: paths.m1 })
    expect(file.ids).toEqual(EXPECTED_MANIFEST_IDS)
    expect(file.missing_ids).toEqual([])
    expect(file.metadata).toMatchObject({
      schema: JSON.stringify(TRADES_SCHEMA),
      'schema-id': '0',
      'partition-spec': JSON.stringify(TRADES_SPEC.fields),
      'partition-spec-id': '0',
      'format-version': '2',
      content: 'data',
      'avro.codec': 'deflate',
    })
    expect(file.records).toEqual(
      NEW_ENTRIES.map((e) => ({ ...(o(e) as object), data_file: fastavroDataFile(e.data_file) })),
    )
    expect((file.records[0] as { snapshot_id: string }).snapshot_id).toBe('9223372036854775807')
  })

  it('reads a manifest list: records, every field id, file metadata', () => {
    const file = callOracle<FastavroFile>({ mode: 'fastavro-read', path: paths.list })
    expect(file.ids).toEqual(EXPECTED_LIST_IDS)
    expect(file.missing_ids).toEqual([])
    expect(file.metadata).toMatchObject({
      'snapshot-id': '9223372036854775807',
      'parent-snapshot-id': '4611686018427387905',
      'sequence-number': '7',
      'format-version': '2',
    })
    expect(file.records).toEqual(manifests.map(o))
  })
})

describe('pyiceberg reads our files', () => {
  it('reads the manifest list and both manifests field by field, inheriting as the spec says', () => {
    const { manifests: read } = callOracle<{ manifests: Record<string, unknown>[] }>({
      mode: 'pyiceberg-read',
      manifest_list: paths.list,
    })
    const entriesOf = [NEW_ENTRIES, OLD_ENTRIES]
    expect(read).toEqual(
      manifests.map((m, i) => ({
        ...(o(m) as object),
        entries: (entriesOf[i] as ManifestEntry[]).map((e) => {
          const inherited = inheritFromManifest(e, m)
          return { ...(o(inherited) as object), data_file: pyicebergDataFile(e.data_file, 0) }
        }),
      })),
    )
    const first = (read[0]?.['entries'] as { sequence_number: string; snapshot_id: string }[])[2]
    expect(first).toMatchObject({ sequence_number: '7', snapshot_id: '9223372036854775807' })
  })
})

describe('we read pyiceberg files', () => {
  it.each(['deflate', 'null'] as const)('reads its manifest and manifest list (%s)', (codec) => {
    // No null partition here: `timestamp` is required, so pyiceberg writes `timestamp_day` required.
    const sub = mkdtempSync(join(dir, `py-${codec}-`))
    const entries: ManifestEntry[] = [
      added(tradesDataFile(10, DAY_2024_03_15 + 2), BIG_SNAPSHOT_ID),
      added(tradesDataFile(11, DAY_2024_03_15 + 2), BIG_SNAPSHOT_ID),
      {
        status: EXISTING,
        snapshot_id: PARENT_ID,
        sequence_number: 2n,
        file_sequence_number: 3n,
        data_file: tradesDataFile(12, DAY_2024_03_15 - 40),
      },
    ]
    const written = callOracle<{ manifest: string; manifest_list: string }>({
      mode: 'pyiceberg-write',
      dir: sub,
      schema: JSON.stringify(TRADES_SCHEMA),
      spec: JSON.stringify(TRADES_SPEC),
      snapshot_id: BIG_SNAPSHOT_ID.toString(),
      parent_snapshot_id: null,
      sequence_number: '9',
      codec,
      entries: entries.map((e) => ({
        ...(o({ ...e, data_file: null }) as object),
        data_file: { ...(pyicebergDataFile(e.data_file, 0) as object), file_format: 'PARQUET' },
      })),
    })

    const list = readManifestListFile(readFileSync(written.manifest_list))
    expect(list.metadata).toMatchObject({
      snapshotId: BIG_SNAPSHOT_ID,
      parentSnapshotId: null,
      sequenceNumber: 9n,
      formatVersion: 2,
    })
    expect(list.metadata.properties['avro.codec']).toBe(codec)
    const manifest = list.manifests[0] as ManifestFile
    expect(list.manifests).toHaveLength(1)
    const rows = (i: number) => entries[i]!.data_file.record_count
    expect(manifest).toEqual({
      manifest_path: written.manifest,
      manifest_length: BigInt(readFileSync(written.manifest).length),
      partition_spec_id: 0,
      content: 0,
      sequence_number: 9n,
      min_sequence_number: 2n,
      added_snapshot_id: BIG_SNAPSHOT_ID,
      added_files_count: 2,
      existing_files_count: 1,
      deleted_files_count: 0,
      added_rows_count: rows(0) + rows(1),
      existing_rows_count: rows(2),
      deleted_rows_count: 0n,
      // pyiceberg's own partition summary must equal ours for the same tuples.
      partitions: summarizePartitions(
        TRADES_PARTITION_TYPE,
        entries.map((e) => e.data_file.partition),
      ),
      key_metadata: null,
    })

    const { entries: read, metadata } = readManifest(readFileSync(written.manifest), {
      inheritFrom: manifest,
    })
    expect(read).toEqual(entries.map((e) => inheritFromManifest(e, manifest)))
    expect(read[0]).toMatchObject({ sequence_number: 9n, file_sequence_number: 9n })
    expect(metadata).toMatchObject({
      partitionSpecId: 0,
      formatVersion: 2,
      content: 'data',
      // pyiceberg makes a partition field required when its source column is (Java never does).
      partitionType: {
        type: 'struct',
        fields: [{ ...TRADES_PARTITION_TYPE.fields[0], required: true }],
      },
    })
    expect(JSON.parse(metadata.partitionSpecJson ?? '')).toEqual(TRADES_SPEC.fields)
    expect(JSON.parse(metadata.schemaJson ?? '')).toMatchObject({ 'schema-id': 0 })
  })
})
