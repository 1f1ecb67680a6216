import { IcebergError } from '../errors.js'
import type { StructType } from '../spec/types.js'
import type { SortColumn } from './write-request.js'

/**
 * What to rewrite (compaction, D4): existing Parquet data files of one partition, read by DuckDB
 * and written again as sorted files, without the rows passing through JavaScript.
 */
export interface ParquetRewriteRequest {
  /** The files to read: `file:` URIs (as manifests hold them) or absolute paths. */
  readonly sources: readonly string[]
  /**
   * Iceberg schema (JSON form) of the new files. Source columns are matched by name, as our
   * writer and pyiceberg name them; a table whose schema evolved (renamed columns) would need the
   * sources read by field id instead.
   */
  readonly schema: StructType
  /** Target directory: a `file:` URI or an absolute path (e.g. `.../data/timestamp_day=...`). */
  readonly directory: string
  /** Sort order of the rows inside each new file. */
  readonly sortOrder?: readonly (string | SortColumn)[]
  /** Copied into each {@link WrittenDataFile.partitionKey}; null when absent. */
  readonly partitionKey?: string | null
  /**
   * Target size of one new file. The output is split into `ceil(input bytes / target)` files of
   * equal row counts, consecutive in the sort order; one file when undefined.
   */
  readonly targetFileSizeBytes?: number
}

/** Checks a rewrite request before any work starts (`ICEBERG_INVALID_ARGUMENT`). */
export function checkRewriteRequest(request: ParquetRewriteRequest): void {
  if (!Array.isArray(request.sources) || request.sources.some((s) => typeof s !== 'string')) {
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', 'sources must be an array of locations')
  }
  if (new Set(request.sources).size !== request.sources.length) {
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', 'sources must not repeat a file')
  }
  if (request.schema?.type !== 'struct' || !Array.isArray(request.schema.fields)) {
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', 'schema must be an Iceberg struct schema')
  }
  const target = request.targetFileSizeBytes
  if (target !== undefined && !(Number.isSafeInteger(target) && target > 0)) {
    throw new IcebergError(
      'ICEBERG_INVALID_ARGUMENT',
      `targetFileSizeBytes must be a positive integer, got ${JSON.stringify(target)}`,
      { context: { option: 'targetFileSizeBytes' } },
    )
  }
}

/**
 * How many files `rows` rows of `inputBytes` bytes become for a target size: the input size is
 * the estimate of the output size (sorting usually compresses better, so it errs towards more,
 * smaller files), and no file is empty.
 */
export function rewriteFileCount(
  inputBytes: number,
  rows: number,
  targetFileSizeBytes: number | undefined,
): { files: number; rowsPerFile: number } {
  if (rows <= 0) return { files: 0, rowsPerFile: 0 }
  const wanted =
    targetFileSizeBytes === undefined ? 1 : Math.max(1, Math.ceil(inputBytes / targetFileSizeBytes))
  const rowsPerFile = Math.ceil(rows / Math.min(wanted, rows))
  return { files: Math.ceil(rows / rowsPerFile), rowsPerFile }
}
