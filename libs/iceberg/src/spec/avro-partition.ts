import { bytesToBigInt } from '@k2/codecs'

import { IcebergError } from '../errors.js'
import {
  compatibleName,
  fieldsById,
  optionalField,
  recordSchema,
  requiredField,
  type AvroField,
  type AvroSchema,
  type AvroSchemaObject,
  type NamedTypes,
} from './avro-schema.js'
import { decodeSingleValue, encodeSingleValue, type SingleValue } from './single-value.js'
import {
  decimalParams,
  fixedLength,
  isPrimitive,
  type NestedField,
  type PrimitiveType,
  type StructType,
} from './types.js'

/** One partition value: a {@link SingleValue}, or null for a null partition. */
export type PartitionValue = SingleValue | null

/**
 * A data file's partition tuple, keyed by partition field id (spec: "Partitioning": the ids of the
 * spec's fields, 1000 and up; they are also the field ids of the `partition` struct in manifests).
 * A field missing from the map is null. Read back, values have the canonical forms of
 * `decodeSingleValue`: numbers for int/date/float/double, bigints for long/time/timestamps and for
 * unscaled decimals, strings for string/uuid, Uint8Arrays for binary/fixed.
 */
export type PartitionData = ReadonlyMap<number, PartitionValue>

/** The partition struct's field id in `data_file` (spec: "Manifests"). */
export const PARTITION_FIELD_ID = 102

/**
 * Avro schema of an Iceberg primitive (spec appendix A, "Avro" type table). Named types (fixed,
 * decimal, uuid) are defined on first use and referenced by name after that, since Avro forbids
 * defining a name twice; `defined` holds the names already written.
 */
export function avroPrimitiveSchema(type: PrimitiveType, defined: Set<string>): AvroSchema {
  const named = (name: string, schema: AvroSchemaObject): AvroSchema => {
    if (defined.has(name)) return name
    defined.add(name)
    return schema
  }
  switch (type) {
    case 'boolean':
    case 'int':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
      return type
    case 'binary':
      return 'bytes'
    case 'date':
      return { type: 'int', logicalType: 'date' }
    case 'time':
      return { type: 'long', logicalType: 'time-micros' }
    case 'timestamp':
    case 'timestamptz':
      return {
        type: 'long',
        logicalType: 'timestamp-micros',
        'adjust-to-utc': type === 'timestamptz',
      }
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return {
        type: 'long',
        logicalType: 'timestamp-nanos',
        'adjust-to-utc': type === 'timestamptz_ns',
      }
    case 'uuid':
      return named('uuid_fixed', {
        type: 'fixed',
        name: 'uuid_fixed',
        size: 16,
        logicalType: 'uuid',
      })
    default: {
      const decimal = decimalParams(type)
      if (decimal) {
        const name = `decimal_${decimal.precision}_${decimal.scale}`
        const size = decimalBytes(decimal.precision)
        return named(name, { type: 'fixed', name, size, logicalType: 'decimal', ...decimal })
      }
      const length = fixedLength(type)
      if (length !== undefined) {
        return named(`fixed_${length}`, { type: 'fixed', name: `fixed_${length}`, size: length })
      }
      throw new IcebergError('ICEBERG_INVALID_SPEC', `no Avro form for Iceberg type ${type}`)
    }
  }
}

/** The Iceberg primitive an Avro schema stands for (inverse of {@link avroPrimitiveSchema}). */
export function primitiveOfAvro(schema: AvroSchema): PrimitiveType {
  if (typeof schema === 'string') {
    if (schema === 'bytes') return 'binary'
    if (['boolean', 'int', 'long', 'float', 'double', 'string'].includes(schema)) {
      return schema as PrimitiveType
    }
  } else if (!Array.isArray(schema)) {
    const obj = schema as AvroSchemaObject
    const logical = obj['logicalType']
    const utc = obj['adjust-to-utc'] === true
    if (obj.type === 'int' && logical === 'date') return 'date'
    if (obj.type === 'long' && logical === 'time-micros') return 'time'
    if (obj.type === 'long' && logical === 'timestamp-micros')
      return utc ? 'timestamptz' : 'timestamp'
    if (obj.type === 'long' && logical === 'timestamp-nanos')
      return utc ? 'timestamptz_ns' : 'timestamp_ns'
    if ((obj.type === 'fixed' || obj.type === 'bytes') && logical === 'decimal') {
      return `decimal(${Number(obj['precision'])},${Number(obj['scale'] ?? 0)})`
    }
    if ((obj.type === 'fixed' || obj.type === 'string') && logical === 'uuid') return 'uuid'
    if (obj.type === 'fixed') return `fixed[${Number(obj['size'])}]`
    if (typeof obj.type === 'string') return primitiveOfAvro(obj.type)
  }
  throw new IcebergError(
    'ICEBERG_INVALID_MANIFEST',
    `Avro type ${JSON.stringify(schema)} is not an Iceberg partition type`,
  )
}

/**
 * The `r102` record of a manifest's `data_file.partition` (spec: "Manifests": "partition field ids
 * for the struct field ids"; appendix A: nested records are named `r<field id>`).
 */
export function partitionAvroSchema(
  partitionType: StructType,
  defined: Set<string>,
): AvroSchemaObject {
  const fields: AvroField[] = partitionType.fields.map((field) => {
    const type = avroPrimitiveSchema(partitionPrimitive(field), defined)
    const name = compatibleName(field.name)
    const avro = field.required
      ? requiredField(field.id, name, type)
      : optionalField(field.id, name, type)
    return name === field.name ? avro : { ...avro, 'iceberg-field-name': field.name }
  })
  return recordSchema(`r${PARTITION_FIELD_ID}`, fields)
}

/** A partition tuple as the Avro record of {@link partitionAvroSchema}. */
export function partitionToAvro(
  partitionType: StructType,
  data: PartitionData,
): Record<string, unknown> {
  const known = new Set(partitionType.fields.map((f) => f.id))
  for (const id of data.keys()) {
    if (!known.has(id)) {
      throw new IcebergError('ICEBERG_INVALID_VALUE', `partition value for unknown field id ${id}`)
    }
  }
  const record: Record<string, unknown> = {}
  for (const field of partitionType.fields) {
    const value = canonicalPartitionValue(field, data.get(field.id) ?? null)
    if (value === null && field.required) {
      throw new IcebergError('ICEBERG_INVALID_VALUE', `partition field ${field.name} is required`)
    }
    record[compatibleName(field.name)] =
      value === null ? null : valueToAvro(partitionPrimitive(field), value)
  }
  return record
}

/**
 * A partition value in its canonical form (see {@link PartitionData}), checked against the field's
 * type by a round trip through the single-value encoding (spec appendix D).
 */
export function canonicalPartitionValue(field: NestedField, value: PartitionValue): PartitionValue {
  if (value === null) return null
  const type = partitionPrimitive(field)
  return decodeSingleValue(type, encodeSingleValue(type, value))
}

/** The partition type a manifest was written with, from its Avro `r102` record. */
export function partitionTypeOfAvro(schema: AvroSchema, named: NamedTypes): StructType {
  const fields: NestedField[] = [...fieldsById(schema, named)].map(([id, ref]) => ({
    id,
    name: ref.icebergName,
    required: !ref.optional,
    type: primitiveOfAvro(ref.type),
  }))
  return { type: 'struct', fields }
}

/** Reads a decoded `r102` record back into a partition tuple keyed by field id. */
export function partitionFromAvro(
  schema: AvroSchema,
  named: NamedTypes,
  record: Readonly<Record<string, unknown>>,
): Map<number, PartitionValue> {
  const out = new Map<number, PartitionValue>()
  for (const [id, ref] of fieldsById(schema, named)) {
    const value = record[ref.name]
    out.set(id, value === null || value === undefined ? null : valueFromAvro(ref.type, value))
  }
  return out
}

/** Bytes of the fixed that holds a decimal of this precision (spec appendix A: "minimum bytes"). */
export function decimalBytes(precision: number): number {
  const max = 10n ** BigInt(precision) - 1n
  let size = 1
  while (max >= 1n << BigInt(size * 8 - 1)) size++
  return size
}

function valueToAvro(type: PrimitiveType, value: SingleValue): unknown {
  const decimal = decimalParams(type)
  if (decimal) {
    const unscaled = value as bigint
    const size = decimalBytes(decimal.precision)
    if (
      unscaled >= 10n ** BigInt(decimal.precision) ||
      unscaled <= -(10n ** BigInt(decimal.precision))
    ) {
      throw new IcebergError('ICEBERG_INVALID_VALUE', `${unscaled} has more digits than ${type}`)
    }
    const buf = Buffer.alloc(size)
    let v = BigInt.asUintN(size * 8, unscaled)
    for (let i = size - 1; i >= 0; i--) {
      buf[i] = Number(v & 0xffn)
      v >>= 8n
    }
    return buf
  }
  if (type === 'uuid') return Buffer.from((value as string).replace(/-/g, ''), 'hex')
  if (value instanceof Uint8Array) return Buffer.from(value)
  return value
}

function valueFromAvro(schema: AvroSchema, value: unknown): SingleValue {
  const type = primitiveOfAvro(schema)
  if (decimalParams(type)) return bytesToBigInt(value as Uint8Array)
  if (type === 'uuid') {
    if (typeof value === 'string') return value.toLowerCase()
    return decodeSingleValue('uuid', value as Uint8Array)
  }
  if (value instanceof Uint8Array) return Uint8Array.from(value)
  return value as SingleValue
}

function partitionPrimitive(field: NestedField): PrimitiveType {
  if (!isPrimitive(field.type)) {
    throw new IcebergError(
      'ICEBERG_INVALID_SPEC',
      `partition field ${field.name} has a nested type; partition results are primitives`,
    )
  }
  return field.type
}
