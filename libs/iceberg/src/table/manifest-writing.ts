import type { DataFile, ManifestEntry } from '../spec/data-file.js'
import { stringifyLosslessJson, type JsonValue } from '../spec/json.js'
import { writeManifest, type ManifestSummary } from '../spec/manifest.js'
import { partitionType, serializePartitionSpec } from '../spec/partition-spec.js'
import { serializeSchema } from '../spec/schema.js'
import { currentSchema, defaultSpec } from '../spec/table-metadata-lookups.js'
import type { TableMetadata } from '../spec/table-metadata.js'
import type { FileIO } from '../io/index.js'
import { newManifestLocation } from './table-locations.js'

/** A manifest written to storage, with what its manifest-list entry needs. */
export interface WrittenManifest {
  readonly location: string
  readonly summary: ManifestSummary
  readonly specId: number
}

/**
 * Writes one data manifest of `entries` for the table's current schema and default spec, with the
 * file metadata readers expect (`schema`, `partition-spec`, `partition-spec-id`, format v2).
 */
export async function writeDataManifest(
  io: FileIO,
  metadata: TableMetadata,
  entries: readonly ManifestEntry[],
): Promise<WrittenManifest> {
  const schema = currentSchema(metadata)
  const spec = defaultSpec(metadata)
  const { bytes, summary } = writeManifest({
    entries,
    partitionType: partitionType(spec, schema),
    schemaJson: stringifyLosslessJson(serializeSchema(schema) as JsonValue),
    schemaId: schema['schema-id'],
    partitionSpecJson: stringifyLosslessJson(serializePartitionSpec(spec)['fields'] as JsonValue),
    partitionSpecId: spec['spec-id'],
    formatVersion: 2,
    content: 'data',
  })
  const location = newManifestLocation(metadata.location)
  await io.write(location, bytes)
  return { location, summary, specId: spec['spec-id'] }
}

/** ADDED entries whose snapshot id and sequence numbers are inherited from the manifest list. */
export function addedEntries(files: readonly DataFile[]): ManifestEntry[] {
  return files.map((data_file) => ({
    status: 1,
    snapshot_id: null,
    sequence_number: null,
    file_sequence_number: null,
    data_file,
  }))
}
