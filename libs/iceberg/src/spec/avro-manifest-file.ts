import { IcebergError } from '../errors.js'
import {
  fieldReader,
  fieldsById,
  listSchema,
  namedTypesOf,
  optionalField,
  recordSchema,
  requiredField,
  type AvroFieldRef,
  type AvroSchema,
  type AvroSchemaObject,
} from './avro-schema.js'
import type { ManifestContent, ManifestFile, PartitionFieldSummary } from './manifest-list.js'

/**
 * The Avro schema of a format v2 manifest list (spec: "Manifest Lists", `manifest_file` with every
 * field id, `field_summary` as record `r508`), in the field order Java writes.
 */
export const MANIFEST_FILE_AVRO_SCHEMA: AvroSchemaObject = recordSchema('manifest_file', [
  requiredField(500, 'manifest_path', 'string'),
  requiredField(501, 'manifest_length', 'long'),
  requiredField(502, 'partition_spec_id', 'int'),
  requiredField(517, 'content', 'int'),
  requiredField(515, 'sequence_number', 'long'),
  requiredField(516, 'min_sequence_number', 'long'),
  requiredField(503, 'added_snapshot_id', 'long'),
  requiredField(504, 'added_files_count', 'int'),
  requiredField(505, 'existing_files_count', 'int'),
  requiredField(506, 'deleted_files_count', 'int'),
  requiredField(512, 'added_rows_count', 'long'),
  requiredField(513, 'existing_rows_count', 'long'),
  requiredField(514, 'deleted_rows_count', 'long'),
  optionalField(
    507,
    'partitions',
    listSchema(
      508,
      recordSchema('r508', [
        requiredField(509, 'contains_null', 'boolean'),
        optionalField(518, 'contains_nan', 'boolean'),
        optionalField(510, 'lower_bound', 'bytes'),
        optionalField(511, 'upper_bound', 'bytes'),
      ]),
    ),
  ),
  optionalField(519, 'key_metadata', 'bytes'),
])

/** A manifest list entry as the Avro record of {@link MANIFEST_FILE_AVRO_SCHEMA}. */
export function manifestFileToAvro(file: ManifestFile): Record<string, unknown> {
  return {
    manifest_path: file.manifest_path,
    manifest_length: file.manifest_length,
    partition_spec_id: file.partition_spec_id,
    content: file.content,
    sequence_number: file.sequence_number,
    min_sequence_number: file.min_sequence_number,
    added_snapshot_id: file.added_snapshot_id,
    added_files_count: file.added_files_count,
    existing_files_count: file.existing_files_count,
    deleted_files_count: file.deleted_files_count,
    added_rows_count: file.added_rows_count,
    existing_rows_count: file.existing_rows_count,
    deleted_rows_count: file.deleted_rows_count,
    partitions:
      file.partitions?.map((p) => ({
        contains_null: p.contains_null,
        contains_nan: p.contains_nan ?? null,
        lower_bound: p.lower_bound ? Buffer.from(p.lower_bound) : null,
        upper_bound: p.upper_bound ? Buffer.from(p.upper_bound) : null,
      })) ?? null,
    key_metadata: file.key_metadata ? Buffer.from(file.key_metadata) : null,
  }
}

/**
 * A decoder for manifest list records written with `schema` (by any writer), projecting by field
 * id. Fields that format v1 lacked read as the spec's v2 defaults (appendix E: content 0, sequence
 * numbers 0); the v2-required counts must be present.
 */
export function manifestFileDecoder(schema: AvroSchema): (record: unknown) => ManifestFile {
  const named = namedTypesOf(schema)
  const fields = fieldsById(schema, named)
  const partitions = fields.get(507)
  let summaryFields: ReadonlyMap<number, AvroFieldRef> | undefined
  if (partitions) {
    const items = (partitions.type as AvroSchemaObject)['items'] as AvroSchema
    summaryFields = fieldsById(items, named)
  }
  return (record) => {
    const get = fieldReader(fields, record)
    const required = <T>(id: number, name: string): T => {
      const value = get(id)
      if (value === null) {
        throw new IcebergError(
          'ICEBERG_INVALID_MANIFEST',
          `manifest list entry has no ${name} (${id})`,
        )
      }
      return value as T
    }
    const summaries = get(507) as unknown[] | null
    return {
      manifest_path: required<string>(500, 'manifest_path'),
      manifest_length: required<bigint>(501, 'manifest_length'),
      partition_spec_id: required<number>(502, 'partition_spec_id'),
      content: ((get(517) as number | null) ?? 0) as ManifestContent,
      sequence_number: (get(515) as bigint | null) ?? 0n,
      min_sequence_number: (get(516) as bigint | null) ?? 0n,
      added_snapshot_id: required<bigint>(503, 'added_snapshot_id'),
      added_files_count: required<number>(504, 'added_files_count'),
      existing_files_count: required<number>(505, 'existing_files_count'),
      deleted_files_count: required<number>(506, 'deleted_files_count'),
      added_rows_count: required<bigint>(512, 'added_rows_count'),
      existing_rows_count: required<bigint>(513, 'existing_rows_count'),
      deleted_rows_count: required<bigint>(514, 'deleted_rows_count'),
      partitions:
        summaries === null || summaryFields === undefined
          ? null
          : summaries.map((s) => summaryFromAvro(summaryFields, s)),
      key_metadata: get(519) === null ? null : Uint8Array.from(get(519) as Buffer),
    }
  }
}

function summaryFromAvro(
  fields: ReadonlyMap<number, AvroFieldRef>,
  record: unknown,
): PartitionFieldSummary {
  const get = fieldReader(fields, record)
  const bytes = (id: number) => (get(id) === null ? null : Uint8Array.from(get(id) as Buffer))
  return {
    contains_null: get(509) as boolean,
    contains_nan: (get(518) as boolean | null) ?? null,
    lower_bound: bytes(510),
    upper_bound: bytes(511),
  }
}
