import type { ParquetWriterOptions } from './parquet-writer-options.js'

/**
 * The options of DuckDB's `COPY ... TO` that every data file gets, whether written from rows or
 * rewritten from other files: Parquet, the configured codec and row-group size, and the Iceberg
 * field ids of every column (spec: "Parquet": columns must carry field ids).
 */
export function copyOptions(settings: ParquetWriterOptions, fieldIds: string): string {
  const opts = [
    'FORMAT parquet',
    `COMPRESSION ${settings.compression}`,
    ...(settings.compressionLevel === undefined
      ? []
      : [`COMPRESSION_LEVEL ${settings.compressionLevel}`]),
    `ROW_GROUP_SIZE ${settings.rowGroupSize}`,
    `FIELD_IDS ${fieldIds}`,
  ]
  return `(${opts.join(', ')})`
}
