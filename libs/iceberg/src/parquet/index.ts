export {
  createParquetWriter,
  type DuckdbParquetWriter,
  type ParquetRewriter,
  type ParquetWriter,
} from './parquet-writer.js'
export {
  PARQUET_COMPRESSIONS,
  PARQUET_WRITER_DEFAULTS,
  validateParquetWriterOptions,
  type ParquetCompression,
  type ParquetWriterOptions,
} from './parquet-writer-options.js'
export type {
  ColumnsWriteRequest,
  ParquetWriteRequest,
  PartitionSplit,
  RowsWriteRequest,
  SortColumn,
} from './write-request.js'
export { RowColumns } from './row-columns.js'
export { ENCODE_WORKER_MAIN_URL } from './encode/encode-pool.js'
export type { ParquetRewriteRequest } from './rewrite-request.js'
export type { WrittenDataFile } from './written-data-file.js'
export {
  DEFAULT_TRUNCATE_LENGTH,
  truncateBinaryMax,
  truncateBinaryMin,
  truncateStringMax,
  truncateStringMin,
} from './bounds.js'
export { quoteIdentifier, quoteString } from './sql.js'
