import { IcebergError } from '../errors.js'
import { readAvroContainer, writeAvroContainer, type AvroCodec } from './avro-container.js'
import {
  manifestEntryAvroSchema,
  manifestEntryDecoder,
  manifestEntryToAvro,
} from './avro-manifest-entry.js'
import { MANIFEST_ENTRY_STATUS, type ManifestEntry } from './data-file.js'
import {
  MANIFEST_CONTENT,
  summarizePartitions,
  type ManifestContent,
  type ManifestFile,
  type PartitionFieldSummary,
} from './manifest-list.js'
import type { StructType } from './types.js'

/** Input of {@link writeManifest}. */
export interface WriteManifestOptions {
  /** The manifest's entries, in the order they are written. At least one. */
  readonly entries: readonly ManifestEntry[]
  /** Result type of the partition spec: one field per partition field, ids 1000+. */
  readonly partitionType: StructType
  /** The table schema's JSON (spec appendix C), stored as file metadata `schema`. */
  readonly schemaJson: string
  /** Id of that schema (`schema-id`); taken from `schemaJson`'s `schema-id` when left out. */
  readonly schemaId?: number
  /** JSON of the partition spec's `fields` array, stored as `partition-spec`. */
  readonly partitionSpecJson: string
  /** Id of the partition spec, stored as `partition-spec-id`. */
  readonly partitionSpecId: number
  readonly formatVersion: 2
  /** K2 writes data manifests only. */
  readonly content: 'data'
  /** Avro block codec; `deflate` (as Java and pyiceberg write) unless told. */
  readonly codec?: AvroCodec
}

/** What the manifest list needs to know about a written manifest (spec: "Manifest Lists"). */
export interface ManifestSummary {
  /** Size of the manifest file in bytes. */
  readonly manifest_length: bigint
  readonly partition_spec_id: number
  readonly content: ManifestContent
  readonly added_files_count: number
  readonly existing_files_count: number
  readonly deleted_files_count: number
  readonly added_rows_count: bigint
  readonly existing_rows_count: bigint
  readonly deleted_rows_count: bigint
  /**
   * Least explicit data sequence number of the ADDED and EXISTING entries, or null when all of them
   * inherit theirs (then it is the sequence number of the snapshot that commits the manifest).
   */
  readonly min_sequence_number: bigint | null
  /** Partition field summaries over all entries, in partition spec order. */
  readonly partitions: readonly PartitionFieldSummary[]
}

/** File metadata of a manifest (spec: "Manifests", "Manifest Metadata"). */
export interface ManifestMetadata {
  readonly schemaJson: string | null
  readonly schemaId: number | null
  readonly partitionSpecJson: string | null
  readonly partitionSpecId: number | null
  readonly formatVersion: number
  readonly content: 'data' | 'deletes'
  /** The partition type the manifest was written with (from its Avro `r102` record). */
  readonly partitionType: StructType
  /** Every key/value pair of the Avro header, `avro.schema` and `avro.codec` included. */
  readonly properties: Readonly<Record<string, string>>
}

/**
 * Writes a format v2 data manifest (spec: "Manifests"): an Avro file of `manifest_entry` records
 * with every Iceberg field id, and the file metadata the spec requires (`schema`, `schema-id`,
 * `partition-spec`, `partition-spec-id`, `format-version`, `content`). Returns the bytes and the
 * summary the manifest list entry is made from (see {@link manifestFileFor}).
 */
export function writeManifest(options: WriteManifestOptions): {
  bytes: Uint8Array
  summary: ManifestSummary
} {
  const { entries, partitionType } = options
  if (options.formatVersion !== 2) throw invalid(`format version ${String(options.formatVersion)}`)
  if (options.content !== 'data') throw invalid(`manifest content ${String(options.content)}`)
  if (entries.length === 0) throw invalid('a manifest needs at least one entry')
  checkPartitionSpec(options.partitionSpecJson, partitionType)
  const schemaId = options.schemaId ?? schemaIdOf(options.schemaJson)

  const counts = { files: [0, 0, 0], rows: [0n, 0n, 0n] }
  let minSequence: bigint | null = null
  entries.forEach((entry, i) => {
    checkEntry(entry, i)
    counts.files[entry.status] = (counts.files[entry.status] as number) + 1
    counts.rows[entry.status] = (counts.rows[entry.status] as bigint) + entry.data_file.record_count
    const seq = entry.sequence_number
    if (entry.status !== MANIFEST_ENTRY_STATUS.DELETED && seq !== null) {
      if (minSequence === null || seq < minSequence) minSequence = seq
    }
  })

  const bytes = writeAvroContainer({
    schema: manifestEntryAvroSchema(partitionType),
    records: entries.map((e) => manifestEntryToAvro(e, partitionType)),
    metadata: {
      schema: options.schemaJson,
      'schema-id': String(schemaId),
      'partition-spec': options.partitionSpecJson,
      'partition-spec-id': String(options.partitionSpecId),
      'format-version': '2',
      content: 'data',
    },
    ...(options.codec ? { codec: options.codec } : {}),
  })
  const { EXISTING, ADDED, DELETED } = MANIFEST_ENTRY_STATUS
  const summary: ManifestSummary = {
    manifest_length: BigInt(bytes.length),
    partition_spec_id: options.partitionSpecId,
    content: MANIFEST_CONTENT.DATA,
    added_files_count: counts.files[ADDED] as number,
    existing_files_count: counts.files[EXISTING] as number,
    deleted_files_count: counts.files[DELETED] as number,
    added_rows_count: counts.rows[ADDED] as bigint,
    existing_rows_count: counts.rows[EXISTING] as bigint,
    deleted_rows_count: counts.rows[DELETED] as bigint,
    min_sequence_number: minSequence,
    partitions: summarizePartitions(
      partitionType,
      entries.map((e) => e.data_file.partition),
    ),
  }
  return { bytes, summary }
}

/**
 * The manifest list entry of a manifest written by {@link writeManifest} and committed by snapshot
 * `addedSnapshotId` with sequence number `sequenceNumber`. On a commit retry only this (and the
 * list) changes: the manifest itself is reused (spec: "Sequence Number Inheritance").
 */
export function manifestFileFor(
  summary: ManifestSummary,
  where: { manifestPath: string; addedSnapshotId: bigint; sequenceNumber: bigint },
): ManifestFile {
  const { manifest_length, partition_spec_id, content, partitions, min_sequence_number } = summary
  return {
    manifest_path: where.manifestPath,
    manifest_length,
    partition_spec_id,
    content,
    sequence_number: where.sequenceNumber,
    min_sequence_number: min_sequence_number ?? where.sequenceNumber,
    added_snapshot_id: where.addedSnapshotId,
    added_files_count: summary.added_files_count,
    existing_files_count: summary.existing_files_count,
    deleted_files_count: summary.deleted_files_count,
    added_rows_count: summary.added_rows_count,
    existing_rows_count: summary.existing_rows_count,
    deleted_rows_count: summary.deleted_rows_count,
    partitions,
    key_metadata: null,
  }
}

/**
 * Reads a manifest written by any Iceberg writer, projecting its Avro schema by field id. With
 * `inheritFrom` (the manifest's entry in the manifest list), null snapshot ids and the null
 * sequence numbers of ADDED entries are filled in (spec: "Sequence Number Inheritance").
 */
export function readManifest(
  bytes: Uint8Array,
  options: { readonly inheritFrom?: ManifestFile } = {},
): { entries: ManifestEntry[]; metadata: ManifestMetadata } {
  const container = readAvroContainer(bytes)
  const decoder = manifestEntryDecoder(container.schema)
  const props = container.metadata
  const int = (key: string): number | null => (props[key] === undefined ? null : Number(props[key]))
  const metadata: ManifestMetadata = {
    schemaJson: props['schema'] ?? null,
    schemaId: int('schema-id'),
    partitionSpecJson: props['partition-spec'] ?? null,
    partitionSpecId: int('partition-spec-id'),
    formatVersion: int('format-version') ?? 1,
    content: props['content'] === 'deletes' ? 'deletes' : 'data',
    partitionType: decoder.partitionType,
    properties: props,
  }
  let entries = container.records.map((r) => decoder.decode(r))
  // Spec: "When reading v1 manifests with no sequence number column, sequence numbers for all
  // files must default to 0."
  if (metadata.formatVersion === 1) {
    entries = entries.map((e) => ({
      ...e,
      sequence_number: e.sequence_number ?? 0n,
      file_sequence_number: e.file_sequence_number ?? 0n,
    }))
  }
  const from = options.inheritFrom
  return { entries: from ? entries.map((e) => inheritFromManifest(e, from)) : entries, metadata }
}

/**
 * Fills an entry's null fields from its manifest's list entry (spec: "Sequence Number
 * Inheritance"): the snapshot id always; data and file sequence numbers only for ADDED entries,
 * since EXISTING and DELETED entries must carry theirs explicitly.
 */
export function inheritFromManifest(entry: ManifestEntry, manifest: ManifestFile): ManifestEntry {
  const added = entry.status === MANIFEST_ENTRY_STATUS.ADDED
  return {
    ...entry,
    snapshot_id: entry.snapshot_id ?? manifest.added_snapshot_id,
    sequence_number: entry.sequence_number ?? (added ? manifest.sequence_number : null),
    file_sequence_number: entry.file_sequence_number ?? (added ? manifest.sequence_number : null),
  }
}

function checkEntry(entry: ManifestEntry, index: number): void {
  const where = `entry ${index} (${entry.data_file.file_path})`
  if (!Object.values(MANIFEST_ENTRY_STATUS).includes(entry.status)) {
    throw invalid(`${where}: unknown status ${String(entry.status)}`)
  }
  if (entry.data_file.content !== 0)
    throw invalid(`${where}: a data manifest holds data files only`)
  if (entry.data_file.record_count < 0n || entry.data_file.file_size_in_bytes < 0n) {
    throw invalid(`${where}: negative record count or file size`)
  }
  // Spec: "If the entry status is 0 (existing) or 2 (deleted), the entry must include both sequence
  // numbers explicitly."
  if (
    entry.status !== MANIFEST_ENTRY_STATUS.ADDED &&
    (entry.sequence_number === null || entry.file_sequence_number === null)
  ) {
    throw invalid(`${where}: EXISTING and DELETED entries need both sequence numbers`)
  }
}

/** The partition spec JSON must be the fields array and agree with the partition type. */
function checkPartitionSpec(json: string, partitionType: StructType): void {
  let fields: unknown
  try {
    fields = JSON.parse(json)
  } catch (cause) {
    throw new IcebergError('ICEBERG_INVALID_SPEC', 'partition-spec is not JSON', { cause })
  }
  if (!Array.isArray(fields)) {
    throw new IcebergError('ICEBERG_INVALID_SPEC', 'partition-spec must be the fields array')
  }
  const specIds = fields.map((f) => (f as { 'field-id'?: unknown })['field-id'])
  const typeIds = partitionType.fields.map((f) => f.id)
  if (JSON.stringify(specIds) !== JSON.stringify(typeIds)) {
    throw new IcebergError(
      'ICEBERG_INVALID_SPEC',
      `partition spec field ids ${JSON.stringify(specIds)} differ from the partition type's ` +
        JSON.stringify(typeIds),
    )
  }
}

function schemaIdOf(schemaJson: string): number {
  let id: unknown
  try {
    id = (JSON.parse(schemaJson) as { 'schema-id'?: unknown })['schema-id']
  } catch (cause) {
    throw new IcebergError('ICEBERG_INVALID_SPEC', 'schema is not JSON', { cause })
  }
  if (typeof id !== 'number') {
    throw new IcebergError('ICEBERG_INVALID_SPEC', 'schema JSON has no schema-id; pass schemaId')
  }
  return id
}

function invalid(message: string): IcebergError {
  return new IcebergError('ICEBERG_INVALID_MANIFEST', message)
}
