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
  /** Rows per Parquet row group (DuckDB's default, 122880 = 60 DuckDB vectors). */
  readonly rowGroupSize: number
  /** Code points (strings) or bytes (binary) kept in bounds: metrics mode `truncate(N)`. */
  readonly truncateLength: number
  /** DuckDB worker threads; DuckDB's default (one per core) when undefined. */
  readonly threads: number | undefined
}

/** Defaults of {@link ParquetWriterOptions}. */
export const PARQUET_WRITER_DEFAULTS: ParquetWriterOptions = Object.freeze({
  compression: 'zstd',
  compressionLevel: undefined,
  rowGroupSize: 122_880,
  truncateLength: DEFAULT_TRUNCATE_LENGTH,
  threads: undefined,
})

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
