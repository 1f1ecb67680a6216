import { IcebergError } from '../errors.js'
import type { JsonObject, JsonValue } from './json.js'
import { JsonReader } from './json-reader.js'
import { findFieldById, walkFields } from './schema-lookup.js'
import {
  decimalParams,
  type IcebergType,
  type NestedField,
  type PrimitiveType,
  type StructType,
} from './types.js'

/**
 * A table schema (spec: "Schemas and Data Types"; JSON form in appendix C): a struct with a
 * schema id and, optionally, the ids of the identifier (row key) fields.
 */
export interface IcebergSchema extends StructType {
  readonly 'schema-id': number
  readonly 'identifier-field-ids'?: readonly number[]
}

const CODE = 'ICEBERG_INVALID_SPEC'

// Format v2 primitive types. The v3 additions (timestamp_ns, unknown, variant, geo) are refused:
// a v2 table that used them would break v2 readers (spec: "Primitive Types", "added by v3").
const V2_PRIMITIVES: ReadonlySet<string> = new Set([
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'string',
  'uuid',
  'binary',
])
const DECIMAL = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/
const FIXED = /^fixed\[\s*(\d+)\s*\]$/

/**
 * Reads a primitive type string into its canonical spelling, the one Java and pyiceberg write:
 * lower case, `decimal(P, S)` with a space, `fixed[L]`.
 */
export function parsePrimitiveType(text: string, path = '$'): PrimitiveType {
  const t = text.trim().toLowerCase()
  if (V2_PRIMITIVES.has(t)) return t as PrimitiveType
  const dec = DECIMAL.exec(t)
  if (dec) {
    const canonical = `decimal(${Number(dec[1])}, ${Number(dec[2])})` as PrimitiveType
    decimalParams(canonical) // throws for precision outside 1..38 or scale > precision
    return canonical
  }
  const fixed = FIXED.exec(t)
  if (fixed && Number(fixed[1]) >= 1) return `fixed[${Number(fixed[1])}]` as PrimitiveType
  throw new IcebergError(CODE, `${path}: ${JSON.stringify(text)} is not a format v2 type`, {
    context: { path, type: text },
  })
}

/** Reads a type in its JSON form (spec appendix C): a primitive string or a nested object. */
export function parseIcebergType(json: unknown, path = '$'): IcebergType {
  if (typeof json === 'string') return parsePrimitiveType(json, path)
  const r = JsonReader.of(json, path, CODE)
  const kind = r.string('type')
  switch (kind) {
    case 'struct':
      return { type: 'struct', fields: parseFields(r, path) }
    case 'list':
      return {
        type: 'list',
        'element-id': r.int('element-id'),
        element: parseIcebergType(r.raw('element'), `${path}.element`),
        'element-required': r.boolean('element-required'),
      }
    case 'map':
      return {
        type: 'map',
        'key-id': r.int('key-id'),
        key: parseIcebergType(r.raw('key'), `${path}.key`),
        'value-id': r.int('value-id'),
        value: parseIcebergType(r.raw('value'), `${path}.value`),
        'value-required': r.boolean('value-required'),
      }
    default:
      throw r.fail('type', `${JSON.stringify(kind)} is not struct, list or map`)
  }
}

/** Reads and validates a schema from its JSON form (already parsed). */
export function parseSchema(json: unknown, path = '$'): IcebergSchema {
  const r = JsonReader.of(json, path, CODE)
  if (r.optString('type') !== undefined && r.string('type') !== 'struct') {
    throw r.fail('type', 'must be "struct"')
  }
  const ids = r.optArray('identifier-field-ids').map((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw r.fail(`identifier-field-ids[${i}]`, 'must be an integer')
    }
    return v
  })
  const schema: IcebergSchema = {
    type: 'struct',
    'schema-id': r.optInt('schema-id') ?? 0,
    ...(ids.length > 0 ? { 'identifier-field-ids': ids } : {}),
    fields: parseFields(r, path),
  }
  validateSchema(schema)
  return schema
}

/** The JSON form of a type (spec appendix C), members in the order Java writes them. */
export function serializeType(type: IcebergType): JsonValue {
  if (typeof type === 'string') return type
  switch (type.type) {
    case 'struct':
      return { type: 'struct', fields: type.fields.map(serializeField) }
    case 'list':
      return {
        type: 'list',
        'element-id': type['element-id'],
        element: serializeType(type.element),
        'element-required': type['element-required'],
      }
    case 'map':
      return {
        type: 'map',
        'key-id': type['key-id'],
        key: serializeType(type.key),
        'value-id': type['value-id'],
        value: serializeType(type.value),
        'value-required': type['value-required'],
      }
  }
}

/**
 * The JSON form of a schema (spec appendix C). `identifier-field-ids` is written only when
 * non-empty, as Java does.
 */
export function serializeSchema(schema: IcebergSchema): JsonObject {
  const ids = schema['identifier-field-ids'] ?? []
  return {
    type: 'struct',
    'schema-id': schema['schema-id'],
    ...(ids.length > 0 ? { 'identifier-field-ids': [...ids] } : {}),
    fields: schema.fields.map(serializeField),
  }
}

/**
 * Checks a schema against the spec ("Schemas and Data Types", "Identifier Field IDs"): field ids
 * (including list element and map key/value ids) positive and unique in the schema, names
 * non-empty and unique within their struct, primitive types valid for format v2, identifier
 * fields existing, required, primitive, not float/double and not inside a list, map or optional
 * struct. Throws `ICEBERG_INVALID_SPEC` naming the first problem.
 */
export function validateSchema(schema: IcebergSchema): void {
  if (!Number.isInteger(schema['schema-id']) || schema['schema-id'] < 0) {
    throw invalid(`schema-id ${schema['schema-id']} must be a non-negative integer`)
  }
  const seen = new Map<number, string>()
  for (const { field, path } of walkFields(schema)) {
    if (!Number.isInteger(field.id) || field.id < 1) {
      throw invalid(`field ${path} has id ${field.id}; ids must be positive integers`)
    }
    const other = seen.get(field.id)
    if (other !== undefined) throw invalid(`fields ${other} and ${path} share the id ${field.id}`)
    seen.set(field.id, path)
    if (typeof field.type === 'string') parsePrimitiveType(field.type, path)
    if (typeof field.type === 'object' && field.type.type === 'struct') {
      checkUniqueNames(field.type, path)
    }
  }
  checkUniqueNames(schema, '')
  for (const id of schema['identifier-field-ids'] ?? []) checkIdentifierField(schema, id)
}

function parseFields(r: JsonReader, path: string): NestedField[] {
  return r.array('fields').map((json, i) => {
    const fieldPath = `${path}.fields[${i}]`
    const f = JsonReader.of(json, fieldPath, CODE)
    const doc = f.optString('doc')
    return {
      id: f.int('id'),
      name: f.string('name'),
      required: f.boolean('required'),
      type: parseIcebergType(f.raw('type'), `${fieldPath}.type`),
      ...(doc !== undefined ? { doc } : {}),
    }
  })
}

function serializeField(field: NestedField): JsonObject {
  return {
    id: field.id,
    name: field.name,
    required: field.required,
    type: serializeType(field.type),
    ...(field.doc !== undefined ? { doc: field.doc } : {}),
  }
}

function checkUniqueNames(struct: StructType, path: string): void {
  const names = new Set<string>()
  for (const field of struct.fields) {
    if (typeof field.name !== 'string' || field.name === '') {
      throw invalid(`a field of ${path || 'the schema'} (id ${field.id}) has an empty name`)
    }
    if (names.has(field.name)) {
      throw invalid(`${path || 'the schema'} has two fields named ${JSON.stringify(field.name)}`)
    }
    names.add(field.name)
  }
}

function checkIdentifierField(schema: IcebergSchema, id: number): void {
  const found = findFieldById(schema, id)
  if (found === undefined) throw invalid(`identifier field id ${id} is not in the schema`)
  const visit = [...walkFields(schema)].find((v) => v.field.id === id)
  const name = visit?.path ?? String(id)
  if (typeof found.type !== 'string') throw invalid(`identifier field ${name} is not primitive`)
  if (found.type === 'float' || found.type === 'double') {
    throw invalid(`identifier field ${name} must not be float or double`)
  }
  if (visit?.repeated) throw invalid(`identifier field ${name} must not be in a list or map`)
  if (visit?.optional) throw invalid(`identifier field ${name} and its parents must be required`)
}

function invalid(message: string): IcebergError {
  return new IcebergError(CODE, `invalid schema: ${message}`)
}
