import { IcebergError } from '../errors.js'

/**
 * The file name of table metadata version `version`: `00001-<uuid>.metadata.json`, the layout
 * Java's and pyiceberg's catalogs use under `<location>/metadata/` (zero-padded to 5 digits,
 * longer when needed). The random UUID keeps two writers racing for the same version from
 * overwriting each other's file: only the catalog swap decides which one wins.
 */
export function metadataFileName(version: number, uuid: string): string {
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new IcebergError(
      'ICEBERG_INVALID_VALUE',
      `metadata version ${version} is not a non-negative integer`,
    )
  }
  return `${String(version).padStart(5, '0')}-${uuid}.metadata.json`
}

const VERSIONED = /^(\d+)-[^/]*\.metadata\.json(\.gz)?$/
const HADOOP = /^v(\d+)(\.gz)?\.metadata\.json$/

/**
 * The version number in a metadata file path or name (`.../00042-<uuid>.metadata.json` -> 42;
 * Hadoop-table `v42.metadata.json` -> 42), or undefined when the name has none, like Java's
 * `parseVersion` returning -1. The next metadata file gets version + 1.
 */
export function parseMetadataVersion(path: string): number | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const m = VERSIONED.exec(name) ?? HADOOP.exec(name)
  if (!m) return undefined
  const version = Number(m[1])
  return Number.isSafeInteger(version) ? version : undefined
}
