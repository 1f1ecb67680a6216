import { randomUUID } from 'node:crypto'
import { resolve } from 'node:path'

import type { TableIdentifier } from '../catalog/index.js'
import { metadataFileName, parseMetadataVersion } from '../spec/metadata-file-name.js'

/**
 * File layout of a table, as Java's and pyiceberg's catalogs lay it out:
 * `<warehouse>/<namespace>.db/<table>/{metadata,data}/...`. Locations are `file://` URIs for local
 * warehouses so that every engine reads the same strings.
 */
export function tableLocation(warehouse: string, id: TableIdentifier): string {
  const base = /^[a-z][a-z0-9+.-]*:\/\//i.test(warehouse)
    ? warehouse.replace(/\/+$/, '')
    : // Not pathToFileURL: engines take file:// paths as written, without percent-decoding.
      `file://${resolve(warehouse)}`.replace(/\/+$/, '')
  return `${base}/${id.namespace.join('.')}.db/${id.name}`
}

/** The next metadata file after `previous` (version + 1; version 0 for a new table). */
export function nextMetadataLocation(tableLocation: string, previous?: string): string {
  const version = previous === undefined ? 0 : (parseMetadataVersion(previous) ?? 0) + 1
  return `${tableLocation}/metadata/${metadataFileName(version, randomUUID())}`
}

/** A new manifest file: `<location>/metadata/<uuid>-m<n>.avro`. */
export function newManifestLocation(tableLocation: string, n = 0): string {
  return `${tableLocation}/metadata/${randomUUID()}-m${n}.avro`
}

/** A new manifest list: `<location>/metadata/snap-<id>-<attempt>-<uuid>.avro`. */
export function newManifestListLocation(
  tableLocation: string,
  snapshotId: bigint,
  attempt: number,
): string {
  return `${tableLocation}/metadata/snap-${snapshotId}-${attempt}-${randomUUID()}.avro`
}

/** The data directory of a partition path (`timestamp_day=2025-11-26`). */
export function dataDirectory(tableLocation: string, partitionPath: string): string {
  return partitionPath === '' ? `${tableLocation}/data` : `${tableLocation}/data/${partitionPath}`
}
