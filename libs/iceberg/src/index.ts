/**
 * `@k2/iceberg`: K2's own Apache Iceberg format-v2 writer and reader (D4). `spec/` mirrors the
 * table spec (schemas, transforms, partition specs, snapshots, table metadata, manifests and
 * manifest lists with their Avro forms); `catalog/` holds the SQL catalog shared with Java and
 * pyiceberg; `parquet/` writes data files with its own Parquet encoder (DuckDB only for compaction rewrites); `table/` commits appends and replaces with
 * optimistic concurrency; `scan/` plans pruned reads; `maintenance/` expires snapshots and compacts.
 */
export { IcebergError, ICEBERG_ERROR_CODES } from './errors.js'
export type { IcebergErrorCode } from './errors.js'
export * from './spec/index.js'
export * from './catalog/index.js'
export * from './io/index.js'
export * from './table/index.js'
export * from './scan/index.js'
export * from './maintenance/index.js'
export * from './tables/index.js'
export * from './parquet/index.js'
