import { IcebergError } from '../errors.js'
import {
  PARTITION_FIELD_ID,
  partitionAvroSchema,
  partitionFromAvro,
  partitionToAvro,
  partitionTypeOfAvro,
} from './avro-partition.js'
import {
  fieldReader,
  fieldsById,
  intKeyMapSchema,
  listSchema,
  namedTypesOf,
  optionalField,
  recordSchema,
  requiredField,
  type AvroFieldRef,
  type AvroSchema,
  type AvroSchemaObject,
} from './avro-schema.js'
import type {
  DataFile,
  DataFileContent,
  FileFormat,
  ManifestEntry,
  ManifestEntryStatus,
} from './data-file.js'
import type { StructType } from './types.js'

/**
 * The Avro schema of a format v2 manifest (spec: "Manifests", `manifest_entry` and `data_file`
 * with every field id; appendix A for the Avro forms), in the field order Java writes. The
 * `partition` record is built from the partition type with the partition field ids.
 */
export function manifestEntryAvroSchema(partitionType: StructType): AvroSchemaObject {
  const defined = new Set<string>()
  const dataFile = recordSchema('r2', [
    requiredField(134, 'content', 'int'),
    requiredField(100, 'file_path', 'string'),
    requiredField(101, 'file_format', 'string'),
    requiredField(PARTITION_FIELD_ID, 'partition', partitionAvroSchema(partitionType, defined)),
    requiredField(103, 'record_count', 'long'),
    requiredField(104, 'file_size_in_bytes', 'long'),
    optionalField(108, 'column_sizes', intKeyMapSchema(117, 118, 'long')),
    optionalField(109, 'value_counts', intKeyMapSchema(119, 120, 'long')),
    optionalField(110, 'null_value_counts', intKeyMapSchema(121, 122, 'long')),
    optionalField(137, 'nan_value_counts', intKeyMapSchema(138, 139, 'long')),
    optionalField(125, 'lower_bounds', intKeyMapSchema(126, 127, 'bytes')),
    optionalField(128, 'upper_bounds', intKeyMapSchema(129, 130, 'bytes')),
    optionalField(131, 'key_metadata', 'bytes'),
    optionalField(132, 'split_offsets', listSchema(133, 'long')),
    optionalField(135, 'equality_ids', listSchema(136, 'int')),
    optionalField(140, 'sort_order_id', 'int'),
  ])
  return recordSchema('manifest_entry', [
    requiredField(0, 'status', 'int'),
    optionalField(1, 'snapshot_id', 'long'),
    optionalField(3, 'sequence_number', 'long'),
    optionalField(4, 'file_sequence_number', 'long'),
    requiredField(2, 'data_file', dataFile),
  ])
}

/** A manifest entry as the Avro record of {@link manifestEntryAvroSchema}. */
export function manifestEntryToAvro(
  entry: ManifestEntry,
  partitionType: StructType,
): Record<string, unknown> {
  const file = entry.data_file
  return {
    status: entry.status,
    snapshot_id: entry.snapshot_id,
    sequence_number: entry.sequence_number,
    file_sequence_number: entry.file_sequence_number,
    data_file: {
      content: file.content,
      file_path: file.file_path,
      file_format: file.file_format,
      partition: partitionToAvro(partitionType, file.partition),
      record_count: file.record_count,
      file_size_in_bytes: file.file_size_in_bytes,
      column_sizes: mapToAvro(file.column_sizes),
      value_counts: mapToAvro(file.value_counts),
      null_value_counts: mapToAvro(file.null_value_counts),
      nan_value_counts: mapToAvro(file.nan_value_counts),
      lower_bounds: mapToAvro(file.lower_bounds, (v) => Buffer.from(v)),
      upper_bounds: mapToAvro(file.upper_bounds, (v) => Buffer.from(v)),
      key_metadata: file.key_metadata ? Buffer.from(file.key_metadata) : null,
      split_offsets: file.split_offsets ? [...file.split_offsets] : null,
      equality_ids: file.equality_ids ? [...file.equality_ids] : null,
      sort_order_id: file.sort_order_id ?? null,
    },
  }
}

/** Decodes the records of one manifest, projecting its writer schema by field id. */
export interface ManifestEntryDecoder {
  /** The partition type the manifest was written with, from its `r102` record. */
  readonly partitionType: StructType
  /** One decoded Avro record -> manifest entry (nothing inherited yet). */
  decode(record: unknown): ManifestEntry
}

/**
 * A decoder for records written with `schema` (the manifest's header schema, by any writer): the
 * fields are found by their Iceberg ids, so names, order and extra fields do not matter.
 */
export function manifestEntryDecoder(schema: AvroSchema): ManifestEntryDecoder {
  const named = namedTypesOf(schema)
  const entryFields = fieldsById(schema, named)
  const dataFileSchema = need(entryFields, 2, 'data_file').type
  const fileFields = fieldsById(dataFileSchema, named)
  const partitionSchema = need(fileFields, PARTITION_FIELD_ID, 'partition').type
  const partitionType = partitionTypeOfAvro(partitionSchema, named)

  return {
    partitionType,
    decode(record: unknown): ManifestEntry {
      const entry = fieldReader(entryFields, record)
      const file = fieldReader(fileFields, entry(2))
      const dataFile: DataFile = {
        content: ((file(134) as number | null) ?? 0) as DataFileContent,
        file_path: file(100) as string,
        file_format: (file(101) as string).toUpperCase() as FileFormat,
        partition: partitionFromAvro(partitionSchema, named, file(102) as Record<string, unknown>),
        record_count: file(103) as bigint,
        file_size_in_bytes: file(104) as bigint,
        column_sizes: mapFromAvro<bigint>(file(108)),
        value_counts: mapFromAvro<bigint>(file(109)),
        null_value_counts: mapFromAvro<bigint>(file(110)),
        nan_value_counts: mapFromAvro<bigint>(file(137)),
        lower_bounds: mapFromAvro<Uint8Array>(file(125), (v) => Uint8Array.from(v as Buffer)),
        upper_bounds: mapFromAvro<Uint8Array>(file(128), (v) => Uint8Array.from(v as Buffer)),
        key_metadata: file(131) == null ? null : Uint8Array.from(file(131) as Buffer),
        split_offsets: file(132) == null ? null : (file(132) as bigint[]).map(BigInt),
        equality_ids: file(135) == null ? null : (file(135) as (number | bigint)[]).map(Number),
        sort_order_id: (file(140) as number | null) ?? null,
      }
      return {
        status: entry(0) as ManifestEntryStatus,
        snapshot_id: (entry(1) as bigint | null) ?? null,
        sequence_number: (entry(3) as bigint | null) ?? null,
        file_sequence_number: (entry(4) as bigint | null) ?? null,
        data_file: dataFile,
      }
    },
  }
}

function need(fields: ReadonlyMap<number, AvroFieldRef>, id: number, name: string): AvroFieldRef {
  const found = fields.get(id)
  if (!found)
    throw new IcebergError('ICEBERG_INVALID_MANIFEST', `manifest has no field ${id} (${name})`)
  return found
}

/** An id-keyed map as the array of `{key, value}` records of spec appendix A, sorted by key. */
function mapToAvro<V>(
  map: ReadonlyMap<number, V> | null | undefined,
  convert: (value: V) => unknown = (v) => v,
): { key: number; value: unknown }[] | null {
  if (map === null || map === undefined) return null
  return [...map.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, value]) => ({ key, value: convert(value) }))
}

/** Inverse of {@link mapToAvro}; also takes an Avro string-keyed map, which readers must accept. */
function mapFromAvro<V>(
  value: unknown,
  convert: (v: unknown) => V = (v) => v as V,
): Map<number, V> | null {
  if (value === null || value === undefined) return null
  if (Array.isArray(value)) {
    // Spec appendix A: the first field of each record is the key, the second the value.
    return new Map(
      value.map((kv: object) => {
        const [key, item] = Object.values(kv)
        return [Number(key), convert(item)]
      }),
    )
  }
  return new Map(Object.entries(value as object).map(([k, v]) => [Number(k), convert(v)]))
}
