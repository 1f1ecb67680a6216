import { IcebergError } from '../errors.js'

/** An Avro schema in its JSON form (Avro spec, "Schema Declaration"), extra attributes included. */
export type AvroSchema = string | AvroSchemaObject | readonly AvroSchema[]

/** A complex Avro schema (record, array, map, fixed, enum) or an annotated primitive. */
export interface AvroSchemaObject {
  readonly type: AvroSchema
  readonly [attribute: string]: unknown
}

/** A field of an Avro record schema. */
export interface AvroField {
  readonly name: string
  readonly type: AvroSchema
  readonly 'field-id'?: number
  readonly default?: null
  readonly [attribute: string]: unknown
}

const AVRO_PRIMITIVES = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
])

/** A required Iceberg field (spec appendix A, "Avro": every field carries its `field-id`). */
export function requiredField(id: number, name: string, type: AvroSchema): AvroField {
  return { name, type, 'field-id': id }
}

/**
 * An optional Iceberg field: a union with null first and a null default (spec appendix A: "Optional
 * fields must always set the Avro field default value to null").
 */
export function optionalField(id: number, name: string, type: AvroSchema): AvroField {
  return { name, type: ['null', type], default: null, 'field-id': id }
}

/** An Avro record named as Iceberg names nested records (`r<field id>`, root records by role). */
export function recordSchema(name: string, fields: readonly AvroField[]): AvroSchemaObject {
  return { type: 'record', name, fields }
}

/** An Iceberg `list<elementId: T>` as an Avro array carrying `element-id` (spec appendix A). */
export function listSchema(elementId: number, items: AvroSchema): AvroSchemaObject {
  return { type: 'array', items, 'element-id': elementId }
}

/**
 * An Iceberg map with non-string keys (spec appendix A: "Maps with non-string keys must use an
 * array representation with the `map` logical type"): an array of `k<keyId>_v<valueId>` records
 * whose `key` and `value` fields carry the key and value ids.
 */
export function intKeyMapSchema(
  keyId: number,
  valueId: number,
  value: AvroSchema,
): AvroSchemaObject {
  return {
    type: 'array',
    logicalType: 'map',
    items: recordSchema(`k${keyId}_v${valueId}`, [
      requiredField(keyId, 'key', 'int'),
      requiredField(valueId, 'value', value),
    ]),
  }
}

/**
 * An Avro-compatible field name (Avro names match `[A-Za-z_][A-Za-z0-9_]*`), made the way Java's
 * `AvroSchemaUtil.makeCompatibleName` and pyiceberg make it: a leading digit gets a `_` prefix,
 * any other invalid character becomes `_x<HEX code>`. The original name then goes into the
 * field's `iceberg-field-name` attribute.
 */
export function compatibleName(name: string): string {
  let out = ''
  for (const [i, ch] of [...name].entries()) {
    if (/[A-Za-z_]/.test(ch) || (i > 0 && /[0-9]/.test(ch))) out += ch
    else if (/[0-9]/.test(ch)) out += `_${ch}`
    else out += `_x${(ch.codePointAt(0) as number).toString(16).toUpperCase()}`
  }
  return out
}

/** Named Avro types of a schema by full and simple name, to resolve references to them. */
export type NamedTypes = ReadonlyMap<string, AvroSchemaObject>

/** Collects every named type (record, fixed, enum) defined in `schema`. */
export function namedTypesOf(schema: AvroSchema): NamedTypes {
  const named = new Map<string, AvroSchemaObject>()
  const visit = (s: AvroSchema, namespace: string | undefined): void => {
    if (typeof s === 'string') return
    if (Array.isArray(s)) {
      for (const branch of s as readonly AvroSchema[]) visit(branch, namespace)
      return
    }
    const obj = s as AvroSchemaObject
    const kind = obj.type
    if (typeof kind !== 'string') return visit(kind, namespace)
    let ns = namespace
    if (
      (kind === 'record' || kind === 'fixed' || kind === 'enum') &&
      typeof obj['name'] === 'string'
    ) {
      // Avro spec, "Names": a dotted name is a full name; otherwise `namespace` or the enclosing one.
      const name = obj['name']
      const dot = name.lastIndexOf('.')
      const simple = name.slice(dot + 1)
      if (dot >= 0) ns = name.slice(0, dot)
      else if (typeof obj['namespace'] === 'string') ns = obj['namespace']
      named.set(simple, obj)
      if (ns) named.set(`${ns}.${simple}`, obj)
    }
    if (kind === 'record' || kind === 'error') {
      for (const field of (obj['fields'] as readonly AvroField[] | undefined) ?? [])
        visit(field.type, ns)
    } else if (kind === 'array') visit(obj['items'] as AvroSchema, ns)
    else if (kind === 'map') visit(obj['values'] as AvroSchema, ns)
  }
  visit(schema, undefined)
  return named
}

/** Resolves a reference to a named type; other schemas are returned as they are. */
export function resolveNamed(schema: AvroSchema, named: NamedTypes): AvroSchema {
  if (typeof schema === 'string' && !AVRO_PRIMITIVES.has(schema)) {
    const found = named.get(schema)
    if (!found) throw invalidSchema(`unknown Avro type name ${JSON.stringify(schema)}`)
    return found
  }
  return schema
}

/** The non-null branch of an optional union, and whether the union allowed null. */
export function unwrapOptional(schema: AvroSchema): { type: AvroSchema; optional: boolean } {
  if (!Array.isArray(schema)) return { type: schema, optional: false }
  const branches = schema as readonly AvroSchema[]
  const nonNull = branches.filter((b) => b !== 'null')
  if (nonNull.length !== 1 || branches.length > 2) {
    throw invalidSchema(`union ${JSON.stringify(schema)} is not an Iceberg optional type`)
  }
  return { type: nonNull[0] as AvroSchema, optional: branches.length === 2 }
}

/** A field of a writer's record schema, found by its Iceberg field id. */
export interface AvroFieldRef {
  /** The Avro field name (the name decoded records use). */
  readonly name: string
  /** The field's type without the null branch, named references resolved. */
  readonly type: AvroSchema
  readonly optional: boolean
  /** The field's Iceberg name (`iceberg-field-name` if the Avro name had to be changed). */
  readonly icebergName: string
}

/**
 * The fields of a record schema by Iceberg field id. Readers project the writer's schema by id,
 * never by name or position (spec: "Schema Evolution"; appendix A, "Avro").
 */
export function fieldsById(
  schema: AvroSchema,
  named: NamedTypes,
): ReadonlyMap<number, AvroFieldRef> {
  const record = resolveNamed(unwrapOptional(schema).type, named)
  if (
    typeof record !== 'object' ||
    Array.isArray(record) ||
    (record as AvroSchemaObject).type !== 'record'
  ) {
    throw invalidSchema(`expected an Avro record, got ${JSON.stringify(record)}`)
  }
  const out = new Map<number, AvroFieldRef>()
  for (const field of ((record as AvroSchemaObject)['fields'] as readonly AvroField[]) ?? []) {
    const id = field['field-id']
    if (typeof id !== 'number') continue
    const { type, optional } = unwrapOptional(field.type)
    const icebergName = field['iceberg-field-name']
    out.set(id, {
      name: field.name,
      type: resolveNamed(type, named),
      optional,
      icebergName: typeof icebergName === 'string' ? icebergName : field.name,
    })
  }
  return out
}

/**
 * Reads a decoded record's fields by Iceberg field id: a field the writer's schema lacks, or a null
 * value, reads as null.
 */
export function fieldReader(
  fields: ReadonlyMap<number, AvroFieldRef>,
  record: unknown,
): (id: number) => unknown {
  const values = record as Readonly<Record<string, unknown>>
  return (id) => {
    const ref = fields.get(id)
    return ref === undefined ? null : (values[ref.name] ?? null)
  }
}

function invalidSchema(message: string): IcebergError {
  return new IcebergError('ICEBERG_INVALID_MANIFEST', message)
}
