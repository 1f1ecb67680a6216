/**
 * One Parquet data file the writer produced, with everything a manifest's `data_file` entry needs
 * about it (spec: "Manifests", fields 100-140). Counts and sizes are bigints; every map is keyed
 * by Iceberg field id: `columnSizes`, `valueCounts` and `nullValueCounts` have an entry per Parquet
 * leaf column (list elements and map keys/values included, counted as Java and pyiceberg count
 * them from the Parquet footer), `nanValueCounts` per float/double column, and the bounds per
 * top-level primitive column that has a non-null value, in single-value form (spec appendix D),
 * strings and binary truncated to 16 (metrics mode `truncate(16)`).
 */
export interface WrittenDataFile {
  /** Absolute local path of the file. */
  readonly path: string
  /** The partition key the caller's `keyOf` gave these rows; null when unpartitioned. */
  readonly partitionKey: string | null
  readonly recordCount: bigint
  readonly fileSizeInBytes: bigint
  /** Field id -> compressed bytes of the column's chunks. */
  readonly columnSizes: ReadonlyMap<number, bigint>
  /** Field id -> values including nulls (Parquet `num_values`). */
  readonly valueCounts: ReadonlyMap<number, bigint>
  /** Field id -> nulls (Parquet statistics `null_count`). */
  readonly nullValueCounts: ReadonlyMap<number, bigint>
  /** Field id -> NaN values, for top-level float and double columns. */
  readonly nanValueCounts: ReadonlyMap<number, bigint>
  readonly lowerBounds: ReadonlyMap<number, Uint8Array>
  readonly upperBounds: ReadonlyMap<number, Uint8Array>
  /** Byte offsets where the row groups start, ascending. */
  readonly splitOffsets: readonly bigint[]
}
