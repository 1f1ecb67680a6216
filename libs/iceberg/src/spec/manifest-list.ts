import { IcebergError } from '../errors.js'
import { readAvroContainer, writeAvroContainer, type AvroCodec } from './avro-container.js'
import {
  MANIFEST_FILE_AVRO_SCHEMA,
  manifestFileDecoder,
  manifestFileToAvro,
} from './avro-manifest-file.js'
import { canonicalPartitionValue, type PartitionData } from './avro-partition.js'
import { encodeSingleValue, type SingleValue } from './single-value.js'
import type { PrimitiveType, StructType } from './types.js'

/** `manifest_file.content` (spec: "Manifest Lists", field 517): 0 data, 1 deletes. */
export const MANIFEST_CONTENT = { DATA: 0, DELETES: 1 } as const

/** 0 for a data manifest, 1 for a delete manifest. */
export type ManifestContent = (typeof MANIFEST_CONTENT)[keyof typeof MANIFEST_CONTENT]

/**
 * Summary of one partition field over all entries of a manifest (spec: "Manifest Lists",
 * `field_summary`, ids 509/518/510/511). Bounds are single-value encoded (spec appendix D).
 */
export interface PartitionFieldSummary {
  /** [509] Whether some file has a null value for the field. */
  readonly contains_null: boolean
  /** [518] Whether some file has a NaN value for the field (false for non-float types). */
  readonly contains_nan: boolean | null
  /** [510] Least non-null, non-NaN value, or null if there is none. */
  readonly lower_bound: Uint8Array | null
  /** [511] Greatest non-null, non-NaN value, or null if there is none. */
  readonly upper_bound: Uint8Array | null
}

/**
 * One manifest in a manifest list: the `manifest_file` struct of format v2 (spec: "Manifest
 * Lists", field ids in brackets), with the spec's field names. Longs are bigints.
 */
export interface ManifestFile {
  /** [500] Location of the manifest, with its scheme. */
  readonly manifest_path: string
  /** [501] Manifest size in bytes. */
  readonly manifest_length: bigint
  /** [502] Id of the partition spec the manifest was written with. */
  readonly partition_spec_id: number
  /** [517] 0 data, 1 deletes. */
  readonly content: ManifestContent
  /** [515] Sequence number of the snapshot that added the manifest (what ADDED entries inherit). */
  readonly sequence_number: bigint
  /** [516] Least data sequence number of the manifest's live (added or existing) files. */
  readonly min_sequence_number: bigint
  /** [503] Snapshot that added the manifest (what null entry snapshot ids inherit). */
  readonly added_snapshot_id: bigint
  /** [504] Entries with status ADDED. */
  readonly added_files_count: number
  /** [505] Entries with status EXISTING. */
  readonly existing_files_count: number
  /** [506] Entries with status DELETED. */
  readonly deleted_files_count: number
  /** [512] Rows in ADDED files. */
  readonly added_rows_count: bigint
  /** [513] Rows in EXISTING files. */
  readonly existing_rows_count: bigint
  /** [514] Rows in DELETED files. */
  readonly deleted_rows_count: bigint
  /** [507] One summary per partition field, in partition spec order. */
  readonly partitions: readonly PartitionFieldSummary[] | null
  /** [519] Encryption key metadata; null (K2 does not encrypt). */
  readonly key_metadata: Uint8Array | null
}

/** Input of {@link writeManifestList}. */
export interface WriteManifestListOptions {
  /** Every manifest of the new snapshot: the ones it wrote and the ones it kept. */
  readonly manifests: readonly ManifestFile[]
  /** The snapshot this list belongs to. */
  readonly snapshotId: bigint
  /** Its parent, or null for a table's first snapshot. */
  readonly parentSnapshotId: bigint | null
  /** The snapshot's sequence number. */
  readonly sequenceNumber: bigint
  /** Avro block codec; `deflate` (as Java and pyiceberg write) unless told. */
  readonly codec?: AvroCodec
}

/** File metadata of a manifest list (spec: "Manifest Lists"). */
export interface ManifestListMetadata {
  readonly snapshotId: bigint | null
  readonly parentSnapshotId: bigint | null
  readonly sequenceNumber: bigint | null
  readonly formatVersion: number
  /** Every key/value pair of the Avro header, `avro.schema` and `avro.codec` included. */
  readonly properties: Readonly<Record<string, string>>
}

/**
 * Writes a format v2 manifest list (spec: "Manifest Lists"). Sequence numbers must be the real
 * ones: a manifest added by this snapshot carries the snapshot's sequence number (never the -1
 * placeholder some writers fill in later), since readers inherit it into the manifest's entries.
 */
export function writeManifestList(options: WriteManifestListOptions): Uint8Array {
  const { manifests, snapshotId, parentSnapshotId, sequenceNumber } = options
  if (sequenceNumber < 0n) throw invalid(`sequence number ${sequenceNumber} is negative`)
  for (const m of manifests) {
    if (m.sequence_number < 0n || m.min_sequence_number < 0n) {
      throw invalid(`${m.manifest_path}: sequence numbers must be assigned (>= 0)`)
    }
    if (m.min_sequence_number > m.sequence_number) {
      throw invalid(`${m.manifest_path}: min_sequence_number exceeds sequence_number`)
    }
    if (m.added_snapshot_id === snapshotId && m.sequence_number !== sequenceNumber) {
      throw invalid(
        `${m.manifest_path} was added by snapshot ${snapshotId} but has sequence number ` +
          `${m.sequence_number}, not the snapshot's ${sequenceNumber}`,
      )
    }
  }
  return writeAvroContainer({
    schema: MANIFEST_FILE_AVRO_SCHEMA,
    records: manifests.map(manifestFileToAvro),
    metadata: {
      'snapshot-id': snapshotId.toString(),
      // Java (String.valueOf of a null Long) and pyiceberg both write the text "null" here.
      'parent-snapshot-id': parentSnapshotId === null ? 'null' : parentSnapshotId.toString(),
      'sequence-number': sequenceNumber.toString(),
      'format-version': '2',
    },
    ...(options.codec ? { codec: options.codec } : {}),
  })
}

/** Reads a manifest list with its file metadata; projects the writer's schema by field id. */
export function readManifestListFile(bytes: Uint8Array): {
  manifests: ManifestFile[]
  metadata: ManifestListMetadata
} {
  const container = readAvroContainer(bytes)
  const decode = manifestFileDecoder(container.schema)
  const props = container.metadata
  const long = (key: string): bigint | null => {
    const text = props[key]
    return text === undefined || text === 'null' ? null : BigInt(text)
  }
  return {
    manifests: container.records.map(decode),
    metadata: {
      snapshotId: long('snapshot-id'),
      parentSnapshotId: long('parent-snapshot-id'),
      sequenceNumber: long('sequence-number'),
      formatVersion: Number(props['format-version'] ?? '1'),
      properties: props,
    },
  }
}

/** Reads the manifests of a manifest list (spec: "Manifest Lists"). */
export function readManifestList(bytes: Uint8Array): ManifestFile[] {
  return readManifestListFile(bytes).manifests
}

/**
 * Partition field summaries over a manifest's partition tuples (spec: "Manifest Lists",
 * `field_summary`): per field, whether a null or NaN occurs and the least and greatest other
 * value, single-value encoded. Strings and binaries order by unsigned bytes (UTF-8 for strings),
 * as Iceberg's comparators do.
 */
export function summarizePartitions(
  partitionType: StructType,
  partitions: readonly PartitionData[],
): PartitionFieldSummary[] {
  return partitionType.fields.map((field) => {
    let containsNull = false
    let containsNaN = false
    let min: SingleValue | null = null
    let max: SingleValue | null = null
    for (const partition of partitions) {
      const value = canonicalPartitionValue(field, partition.get(field.id) ?? null)
      if (value === null) containsNull = true
      else if (typeof value === 'number' && Number.isNaN(value)) containsNaN = true
      else {
        if (min === null || compareValues(value, min) < 0) min = value
        if (max === null || compareValues(value, max) > 0) max = value
      }
    }
    const type = field.type as PrimitiveType
    return {
      contains_null: containsNull,
      contains_nan: containsNaN,
      lower_bound: min === null ? null : Uint8Array.from(encodeSingleValue(type, min)),
      upper_bound: max === null ? null : Uint8Array.from(encodeSingleValue(type, max)),
    }
  })
}

/** Orders two canonical single values of the same type. */
function compareValues(a: SingleValue, b: SingleValue): number {
  if (typeof a === 'number' && typeof b === 'number') {
    // -0 before +0 (spec: "Manifests", bounds follow IEEE 754 totalOrder).
    if (a === 0 && b === 0)
      return Object.is(a, -0) === Object.is(b, -0) ? 0 : Object.is(a, -0) ? -1 : 1
    return a < b ? -1 : a > b ? 1 : 0
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  if (typeof a === 'string' && typeof b === 'string') {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b)
  throw new IcebergError('ICEBERG_INVALID_VALUE', 'partition values of one field differ in type')
}

function invalid(message: string): IcebergError {
  return new IcebergError('ICEBERG_INVALID_MANIFEST', message)
}
