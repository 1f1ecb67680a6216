import { IcebergError } from '../errors.js'

/**
 * Table property keys K2 reads or sets, as Java's `TableProperties` names them (Iceberg docs,
 * "Table properties").
 */
export const TABLE_PROPERTIES = Object.freeze({
  /** Data file format of new files (`parquet`). */
  formatDefault: 'write.format.default',
  /** Parquet compression codec (`zstd`). */
  parquetCompressionCodec: 'write.parquet.compression-codec',
  /** Target data file size in bytes for writers and compaction. */
  targetFileSizeBytes: 'write.target-file-size-bytes',
  /** Previous metadata files kept in `metadata-log` (Java default 100). */
  metadataPreviousVersionsMax: 'write.metadata.previous-versions-max',
  /** Delete metadata files that fall out of `metadata-log` after a commit (Java default false). */
  metadataDeleteAfterCommit: 'write.metadata.delete-after-commit.enabled',
} as const)

/** Java's default of `write.metadata.previous-versions-max`. */
export const DEFAULT_PREVIOUS_VERSIONS_MAX = 100

/**
 * Properties a catalog derives from metadata and that must not be stored as table properties
 * (Java's `TableProperties.RESERVED_PROPERTIES`); the format version lives in `format-version`.
 */
export const RESERVED_TABLE_PROPERTIES: ReadonlySet<string> = new Set([
  'format-version',
  'uuid',
  'snapshot-count',
  'current-snapshot-id',
  'current-snapshot-summary',
  'current-snapshot-timestamp-ms',
  'current-schema',
  'default-partition-spec',
  'default-sort-order',
])

/** Throws `ICEBERG_INVALID_SPEC` if `keys` contains a reserved property. */
export function checkNotReserved(keys: Iterable<string>): void {
  for (const key of keys) {
    if (RESERVED_TABLE_PROPERTIES.has(key)) {
      throw new IcebergError('ICEBERG_INVALID_SPEC', `table property ${key} is reserved`)
    }
  }
}

/**
 * An integer table property, or `fallback` when absent. Throws `ICEBERG_INVALID_SPEC` naming the
 * property when it is present but not an integer.
 */
export function intProperty(
  properties: Readonly<Record<string, string>>,
  key: string,
  fallback: number,
): number {
  const text = properties[key]
  if (text === undefined) return fallback
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) {
    throw new IcebergError(
      'ICEBERG_INVALID_SPEC',
      `table property ${key}=${text} is not an integer`,
    )
  }
  return Number(text)
}
