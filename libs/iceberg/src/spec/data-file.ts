import type { PartitionData } from './avro-partition.js'

/** `data_file.content` (spec: "Manifests", field 134). */
export const DATA_FILE_CONTENT = { DATA: 0, POSITION_DELETES: 1, EQUALITY_DELETES: 2 } as const

/** What a data file holds: 0 data, 1 position deletes, 2 equality deletes. */
export type DataFileContent = (typeof DATA_FILE_CONTENT)[keyof typeof DATA_FILE_CONTENT]

/** `data_file.file_format` (field 101), written upper-case as Java and pyiceberg write it. */
export type FileFormat = 'PARQUET' | 'AVRO' | 'ORC' | 'PUFFIN'

/**
 * A data file's entry in a manifest: the `data_file` struct of format v2 (spec: "Manifests", field
 * ids in brackets). Field names are the spec's. Every 64-bit value is a bigint (counts and sizes
 * included), every map is keyed by the table schema's column field id, and bounds hold values
 * already in the single-value binary encoding (spec appendix D, see `encodeSingleValue`).
 * Optional fields may be left out when writing; reading gives null for each one that is absent.
 */
export interface DataFile {
  /** [134] 0 for data files (K2 writes only those). */
  readonly content: DataFileContent
  /** [100] Full URI of the file, with its scheme (e.g. `file:///...`). */
  readonly file_path: string
  /** [101] `PARQUET` for K2's files. */
  readonly file_format: FileFormat
  /** [102] Partition tuple keyed by partition field id (1000+); a missing id is a null value. */
  readonly partition: PartitionData
  /** [103] Number of rows in the file. */
  readonly record_count: bigint
  /** [104] File size in bytes. */
  readonly file_size_in_bytes: bigint
  /** [108] Column id -> bytes on disk of the column's regions. */
  readonly column_sizes?: ReadonlyMap<number, bigint> | null
  /** [109] Column id -> number of values, nulls and NaNs included. */
  readonly value_counts?: ReadonlyMap<number, bigint> | null
  /** [110] Column id -> number of nulls. */
  readonly null_value_counts?: ReadonlyMap<number, bigint> | null
  /** [137] Column id -> number of NaNs (float and double columns). */
  readonly nan_value_counts?: ReadonlyMap<number, bigint> | null
  /** [125] Column id -> lower bound, single-value encoded. */
  readonly lower_bounds?: ReadonlyMap<number, Uint8Array> | null
  /** [128] Column id -> upper bound, single-value encoded. */
  readonly upper_bounds?: ReadonlyMap<number, Uint8Array> | null
  /** [131] Encryption key metadata; K2 does not encrypt, so null. */
  readonly key_metadata?: Uint8Array | null
  /** [132] Split offsets (Parquet row group starts), ascending. */
  readonly split_offsets?: readonly bigint[] | null
  /** [135] Equality field ids of an equality delete file; null for data files. */
  readonly equality_ids?: readonly number[] | null
  /** [140] Sort order id the rows follow. */
  readonly sort_order_id?: number | null
}

/** `manifest_entry.status` (spec: "Manifests", field 0). */
export const MANIFEST_ENTRY_STATUS = { EXISTING: 0, ADDED: 1, DELETED: 2 } as const

/** 0 existing, 1 added, 2 deleted. */
export type ManifestEntryStatus = (typeof MANIFEST_ENTRY_STATUS)[keyof typeof MANIFEST_ENTRY_STATUS]

/**
 * One row of a manifest: the `manifest_entry` struct of format v2 (spec: "Manifests"). Null ids
 * and sequence numbers are inherited from the manifest's entry in the manifest list (spec:
 * "Sequence Number Inheritance"): snapshot_id always, the sequence numbers only for ADDED entries.
 */
export interface ManifestEntry {
  /** [0] Whether the file was added, kept or deleted by the manifest's snapshot. */
  readonly status: ManifestEntryStatus
  /** [1] Snapshot that added (or deleted) the file; null = inherited. */
  readonly snapshot_id: bigint | null
  /** [3] Data sequence number; null = inherited (ADDED entries only). */
  readonly sequence_number: bigint | null
  /** [4] File sequence number; null = inherited (ADDED entries only). */
  readonly file_sequence_number: bigint | null
  /** [2] The file. */
  readonly data_file: DataFile
}
