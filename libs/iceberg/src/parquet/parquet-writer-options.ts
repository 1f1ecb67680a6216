import { availableParallelism } from 'node:os'

import { IcebergError } from '../errors.js'
import { DEFAULT_TRUNCATE_LENGTH } from './bounds.js'

/** Parquet compression codecs the writer supports (Iceberg property `write.parquet.compression-codec`). */
export const PARQUET_COMPRESSIONS = ['zstd', 'gzip', 'uncompressed'] as const

/** A codec from {@link PARQUET_COMPRESSIONS}. */
export type ParquetCompression = (typeof PARQUET_COMPRESSIONS)[number]

/** Options of the Parquet data-file writer (STYLE.md habit 7: typed options, defaults, validate). */
export interface ParquetWriterOptions {
  /** Page compression codec; D4 says zstd. */
  readonly compression: ParquetCompression
  /** Codec level (zstd 1-22); DuckDB's default when undefined. */
  readonly compressionLevel: number | undefined
  /**
   * Rows per Parquet row group, for written files and compaction output alike (`copyOptions`).
   * Default 16,384 (8 DuckDB vectors), not DuckDB's 122,880: readers skip whole row groups by
   * their statistics but decode every selected column of a row group they keep, so a
   * one-symbol, one-minute query costs ~3-4x less DuckDB CPU at the same file size
   * (BENCHMARKS.md "Query latency").
   */
  readonly rowGroupSize: number
  /** Code points (strings) or bytes (binary) kept in bounds: metrics mode `truncate(N)`. */
  readonly truncateLength: number
  /** DuckDB worker threads; DuckDB's default (one per core) when undefined. */
  readonly threads: number | undefined
  /**
   * DuckDB's `memory_limit` for rewrites (e.g. `'256MB'`, `'1GiB'`); DuckDB's default (80% of
   * RAM) when undefined. Compaction of a million rows takes ~1 GB more RSS without one.
   */
  readonly memoryLimit: string | undefined
  /**
   * Worker threads that encode row groups of large writes alongside the calling thread (which
   * reads the rows, then encodes too); 0 encodes on the calling thread only. Default: one fewer
   * than the cores (at least 1, at most 3).
   */
  readonly encodeWorkers: number
  /** Writes of at least this many rows use the encoding workers; smaller ones stay inline. */
  readonly parallelMinRows: number
}

/** The default of {@link ParquetWriterOptions.encodeWorkers}: the cores but one, 1 to 3. */
export function defaultEncodeWorkers(): number {
  return Math.max(1, Math.min(3, availableParallelism() - 1))
}

/** Defaults of {@link ParquetWriterOptions}. */
export const PARQUET_WRITER_DEFAULTS: ParquetWriterOptions = Object.freeze({
  compression: 'zstd',
  compressionLevel: undefined,
  rowGroupSize: 16_384,
  truncateLength: DEFAULT_TRUNCATE_LENGTH,
  threads: undefined,
  memoryLimit: undefined,
  encodeWorkers: defaultEncodeWorkers(),
  parallelMinRows: 65_536,
})

/** A DuckDB memory size: a number and a unit (B, KB, MB, GB, TB or KiB, MiB, GiB, TiB). */
const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(B|[KMGT]i?B)$/i

/** Fills in defaults and checks every option, naming the bad one (`ICEBERG_INVALID_ARGUMENT`). */
export function validateParquetWriterOptions(
  options: Partial<ParquetWriterOptions> = {},
): ParquetWriterOptions {
  const merged: ParquetWriterOptions = { ...PARQUET_WRITER_DEFAULTS, ...definedOnly(options) }
  if (!(PARQUET_COMPRESSIONS as readonly string[]).includes(merged.compression)) {
    throw bad('compression', merged.compression, `one of ${PARQUET_COMPRESSIONS.join(', ')}`)
  }
  if (merged.compressionLevel !== undefined && !isIntIn(merged.compressionLevel, 1, 22)) {
    throw bad('compressionLevel', merged.compressionLevel, 'an integer 1..22')
  }
  if (!isIntIn(merged.rowGroupSize, 2048, 1 << 30)) {
    throw bad('rowGroupSize', merged.rowGroupSize, 'an integer of at least 2048')
  }
  if (!isIntIn(merged.truncateLength, 1, 1 << 20)) {
    throw bad('truncateLength', merged.truncateLength, 'a positive integer')
  }
  if (merged.threads !== undefined && !isIntIn(merged.threads, 1, 1024)) {
    throw bad('threads', merged.threads, 'a positive integer')
  }
  if (merged.memoryLimit !== undefined && !MEMORY_LIMIT.test(merged.memoryLimit)) {
    throw bad('memoryLimit', merged.memoryLimit, "a size such as '256MB' or '1GiB'")
  }
  if (!isIntIn(merged.encodeWorkers, 0, 64)) {
    throw bad('encodeWorkers', merged.encodeWorkers, 'an integer 0..64')
  }
  if (!isIntIn(merged.parallelMinRows, 1, Number.MAX_SAFE_INTEGER)) {
    throw bad('parallelMinRows', merged.parallelMinRows, 'a positive integer')
  }
  return Object.freeze(merged)
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as Partial<T>
}

function isIntIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

function bad(option: string, value: unknown, expected: string): IcebergError {
  return new IcebergError(
    'ICEBERG_INVALID_ARGUMENT',
    `Parquet writer option ${option} must be ${expected}, got ${JSON.stringify(value)}`,
    { context: { option } },
  )
}
