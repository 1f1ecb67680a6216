import { codedErrorClass } from '@k2/core'

/** Error codes of `@k2/iceberg` with their retriable flag (one table, STYLE.md habit 5). */
export const ICEBERG_ERROR_CODES = {
  /** A schema, type, partition spec or sort order breaks the Iceberg spec. */
  ICEBERG_INVALID_SPEC: { retriable: false },
  /** Table metadata JSON cannot be read or does not follow the spec. */
  ICEBERG_INVALID_METADATA: { retriable: false },
  /** A manifest or manifest list cannot be written or read. */
  ICEBERG_INVALID_MANIFEST: { retriable: false },
  /** A value cannot be converted to the column's type (bounds, partition values). */
  ICEBERG_INVALID_VALUE: { retriable: false },
  /** The table, namespace or snapshot does not exist. */
  ICEBERG_NOT_FOUND: { retriable: false },
  /** The table or namespace exists already. */
  ICEBERG_ALREADY_EXISTS: { retriable: false },
  /** Another writer committed first (compare-and-swap lost); re-apply on the new base and retry. */
  ICEBERG_COMMIT_CONFLICT: { retriable: true },
  /** The catalog could not be reached or answered with an error (e.g. SQLite busy). */
  ICEBERG_CATALOG_UNAVAILABLE: { retriable: true },
  /** The catalog store failed in a way retrying cannot fix (corrupt or read-only file, closed). */
  ICEBERG_CATALOG_FAILED: { retriable: false },
  /** A caller passed an unusable argument (malformed identifier, unsupported catalog URI). */
  ICEBERG_INVALID_ARGUMENT: { retriable: false },
  /** A commit failed for good; the writer's new files were removed. */
  ICEBERG_COMMIT_FAILED: { retriable: false },
  /** Writing or reading a data file failed. */
  ICEBERG_IO_FAILED: { retriable: true },
  /** Rows read into columns for one schema or partition spec are written after the table changed. */
  ICEBERG_SCHEMA_CHANGED: { retriable: false },
  /** A commit's own precondition failed (e.g. stored Kafka offsets moved, D6). */
  ICEBERG_PRECONDITION_FAILED: { retriable: false },
} as const

/** A code from {@link ICEBERG_ERROR_CODES}. */
export type IcebergErrorCode = keyof typeof ICEBERG_ERROR_CODES

/** An error raised by `@k2/iceberg`. */
export class IcebergError extends codedErrorClass('IcebergError', ICEBERG_ERROR_CODES) {}
