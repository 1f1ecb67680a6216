import { IcebergError } from '../errors.js'
import type { JsonObject } from './json.js'
import { JsonReader } from './json-reader.js'
import { partitionPathValue, quotePlus } from './partition-path-value.js'
import type { IcebergSchema } from './schema.js'
import { fieldPathById, findFieldById, findFieldByName, walkFields } from './schema-lookup.js'
import type { SingleValue } from './single-value.js'
import { parseTransform, type Transform } from './transforms.js'
import type { IcebergType, StructType } from './types.js'

/** A partition field (spec: "Partitioning"; JSON form in appendix C). */
export interface PartitionField {
  /** Field id of the source column in the table schema. */
  readonly 'source-id': number
  /** Partition field id, from 1000, unique across the table's specs; the id in manifests. */
  readonly 'field-id': number
  readonly name: string
  /** Transform string form (`identity`, `day`, `bucket[16]`, ...). */
  readonly transform: string
}

/** A partition spec: how to derive a data file's partition tuple from its rows. */
export interface PartitionSpec {
  readonly 'spec-id': number
  readonly fields: readonly PartitionField[]
}

/** Partition field ids start here (spec: "Partition Evolution"; Java and pyiceberg agree). */
export const PARTITION_FIELD_ID_START = 1000

/** The spec of an unpartitioned table: id 0, no fields. */
export const UNPARTITIONED_SPEC: PartitionSpec = Object.freeze({ 'spec-id': 0, fields: [] })

/** A data file's partition tuple: one value per spec field, in spec order. */
export type PartitionValues = readonly (SingleValue | null)[]

const CODE = 'ICEBERG_INVALID_SPEC'

/**
 * Reads a partition spec from its JSON form. Only the structure is checked: a spec read from
 * another writer may use a transform this library does not know, which readers must tolerate
 * (spec: "Partitioning"); {@link validatePartitionSpec} checks a spec before it is written to.
 */
export function parsePartitionSpec(json: unknown, path = '$'): PartitionSpec {
  const r = JsonReader.of(json, path, CODE)
  return {
    'spec-id': r.int('spec-id'),
    fields: r.array('fields').map((f, i) => {
      const fr = JsonReader.of(f, `${path}.fields[${i}]`, CODE)
      return {
        'source-id': fr.int('source-id'),
        'field-id': fr.int('field-id'),
        name: fr.string('name'),
        transform: fr.string('transform'),
      }
    }),
  }
}

/** The JSON form of a partition spec (appendix C), members in Java's order. */
export function serializePartitionSpec(spec: PartitionSpec): JsonObject {
  return {
    'spec-id': spec['spec-id'],
    fields: spec.fields.map((f) => ({
      name: f.name,
      transform: f.transform,
      'source-id': f['source-id'],
      'field-id': f['field-id'],
    })),
  }
}

/**
 * Checks that data can be written with `spec` under `schema` (spec: "Partitioning", Java's
 * `PartitionSpec.Builder` rules): field ids from 1000 and unique, names non-empty and unique and
 * not the name of another schema column (an identity field may reuse its source's name), source
 * columns existing, primitive and outside lists and maps, known transforms that apply to the
 * source type, and no transform of a column listed twice. Throws `ICEBERG_INVALID_SPEC`.
 */
export function validatePartitionSpec(spec: PartitionSpec, schema: IcebergSchema): void {
  if (!Number.isInteger(spec['spec-id']) || spec['spec-id'] < 0) {
    throw invalid(spec, `spec-id ${spec['spec-id']} must be a non-negative integer`)
  }
  const ids = new Set<number>()
  const names = new Set<string>()
  const sources = new Set<string>()
  for (const field of spec.fields) {
    const id = field['field-id']
    if (!Number.isInteger(id) || id < PARTITION_FIELD_ID_START) {
      throw invalid(
        spec,
        `field ${field.name}: field-id ${id} is below ${PARTITION_FIELD_ID_START}`,
      )
    }
    if (ids.has(id)) throw invalid(spec, `field-id ${id} is used twice`)
    ids.add(id)
    if (field.name === '') throw invalid(spec, `field ${id} has an empty name`)
    if (names.has(field.name)) throw invalid(spec, `two fields are named ${field.name}`)
    names.add(field.name)
    const transform = parseTransform(field.transform)
    const visit = [...walkFields(schema)].find((v) => v.field.id === field['source-id'])
    if (visit === undefined) {
      throw invalid(
        spec,
        `field ${field.name}: source-id ${field['source-id']} is not in the schema`,
      )
    }
    if (visit.repeated || typeof visit.field.type !== 'string') {
      throw invalid(
        spec,
        `field ${field.name}: source ${visit.path} must be a primitive outside lists and maps`,
      )
    }
    if (!transform.canTransform(visit.field.type)) {
      throw invalid(spec, `field ${field.name}: ${transform} does not apply to ${visit.field.type}`)
    }
    const clash = findFieldByName(schema, field.name)
    if (
      clash !== undefined &&
      !(transform.name === 'identity' && clash.id === field['source-id'])
    ) {
      throw invalid(spec, `field name ${field.name} is a schema column it is not an identity of`)
    }
    const key = `${field['source-id']}:${transform}`
    if (transform.name !== 'void' && sources.has(key)) {
      throw invalid(spec, `${transform} of ${visit.path} is listed twice`)
    }
    sources.add(key)
  }
}

/** The highest partition field id of `spec`, or 999 when it has none (`last-partition-id`). */
export function lastPartitionId(spec: PartitionSpec): number {
  return spec.fields.reduce((max, f) => Math.max(max, f['field-id']), PARTITION_FIELD_ID_START - 1)
}

/**
 * The partition tuple's struct type (spec: manifest `partition` field 102): one field per
 * partition field, with the partition field id, its name and the transform's result type. All
 * fields are optional, as Java declares them: a `void` field, or a spec evolved later, yields nulls.
 */
export function partitionType(spec: PartitionSpec, schema: IcebergSchema): StructType {
  return {
    type: 'struct',
    fields: bind(spec, schema).map(({ field, transform, sourceType }) => ({
      id: field['field-id'],
      name: field.name,
      required: false,
      type: transform.resultType(sourceType),
    })),
  }
}

/**
 * A function computing the partition tuple of a row: rows are objects keyed by column name
 * (nested source columns by their dotted path through nested objects), values as
 * {@link SingleValue}. Transforms are parsed once, so the function is cheap per row.
 */
export function createPartitioner(
  spec: PartitionSpec,
  schema: IcebergSchema,
): (row: Readonly<Record<string, unknown>>) => PartitionValues {
  const bound = bind(spec, schema).map((b) => ({ ...b, path: b.sourcePath.split('.') }))
  return (row) =>
    bound.map(({ transform, sourceType, path }) => {
      let value: unknown = row
      for (const part of path) {
        value =
          typeof value === 'object' && value !== null
            ? (value as Record<string, unknown>)[part]
            : undefined
      }
      return transform.apply(sourceType, value as SingleValue | null | undefined)
    })
}

/** The partition tuple of one row (see {@link createPartitioner}). */
export function partitionValues(
  spec: PartitionSpec,
  schema: IcebergSchema,
  row: Readonly<Record<string, unknown>>,
): PartitionValues {
  return createPartitioner(spec, schema)(row)
}

/**
 * The data-file directory of a partition tuple relative to the table's `data/` folder, as Java
 * and pyiceberg lay it out: `name=value` segments joined by `/` (`timestamp_day=2025-11-26`),
 * URL-encoded; empty for an unpartitioned spec. Distinct tuples give distinct paths, so the
 * path also serves as a grouping key.
 */
export function partitionPath(
  spec: PartitionSpec,
  schema: IcebergSchema,
  values: PartitionValues,
): string {
  if (values.length !== spec.fields.length) {
    throw new IcebergError(
      'ICEBERG_INVALID_VALUE',
      `partition tuple has ${values.length} values, spec ${spec['spec-id']} has ${spec.fields.length} fields`,
    )
  }
  return bind(spec, schema)
    .map(
      ({ field, transform, sourceType }, i) =>
        `${quotePlus(field.name)}=${partitionPathValue(transform, sourceType, values[i])}`,
    )
    .join('/')
}

interface BoundField {
  readonly field: PartitionField
  readonly transform: Transform
  readonly sourceType: IcebergType
  readonly sourcePath: string
}

function bind(spec: PartitionSpec, schema: IcebergSchema): BoundField[] {
  return spec.fields.map((field) => {
    const source = findFieldById(schema, field['source-id'])
    const sourcePath = fieldPathById(schema, field['source-id'])
    if (source === undefined || sourcePath === undefined) {
      throw invalid(
        spec,
        `field ${field.name}: source-id ${field['source-id']} is not in the schema`,
      )
    }
    return {
      field,
      transform: parseTransform(field.transform),
      sourceType: source.type,
      sourcePath,
    }
  })
}

function invalid(spec: PartitionSpec, message: string): IcebergError {
  return new IcebergError(CODE, `invalid partition spec ${spec['spec-id']}: ${message}`)
}
