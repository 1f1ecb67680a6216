import type { IcebergType, NestedField, PrimitiveType, StructType } from './types.js'

/** One field met by {@link walkFields}. */
export interface FieldVisit {
  /** The field; list elements and map keys/values appear as fields named element/key/value. */
  readonly field: NestedField
  /** Dotted path from the schema root, e.g. `vendor_data.value` (names as pyiceberg joins them). */
  readonly path: string
  /** True inside a list or map: the column holds many values per row. */
  readonly repeated: boolean
  /** True when a value can be null in a row: the field or one of its ancestors is optional. */
  readonly optional: boolean
}

/**
 * Every field of a struct, depth first in schema order, including the element of a list and the
 * key and value of a map as fields of their own (they carry field ids, spec: "Nested Types").
 */
export function* walkFields(
  struct: StructType,
  prefix = '',
  repeated = false,
  optional = false,
): Generator<FieldVisit> {
  for (const field of struct.fields) {
    yield* walkField(field, join(prefix, field.name), repeated, optional)
  }
}

function* walkField(
  field: NestedField,
  path: string,
  repeated: boolean,
  parentOptional: boolean,
): Generator<FieldVisit> {
  const optional = parentOptional || !field.required
  yield { field, path, repeated, optional }
  const collection = typeof field.type === 'object' && field.type.type !== 'struct'
  for (const [child, name] of children(field.type)) {
    yield* walkField(child, join(path, name), repeated || collection, optional)
  }
}

/** The child fields of a nested type with their path component; none for primitives. */
function children(type: IcebergType): [NestedField, string][] {
  if (typeof type === 'string') return []
  switch (type.type) {
    case 'struct':
      return type.fields.map((f) => [f, f.name])
    case 'list':
      return [[listElement(type), 'element']]
    case 'map':
      return [
        [{ id: type['key-id'], name: 'key', required: true, type: type.key }, 'key'],
        [
          {
            id: type['value-id'],
            name: 'value',
            required: type['value-required'],
            type: type.value,
          },
          'value',
        ],
      ]
  }
}

function listElement(type: Extract<IcebergType, { type: 'list' }>): NestedField {
  return {
    id: type['element-id'],
    name: 'element',
    required: type['element-required'],
    type: type.element,
  }
}

/** The field with id `id` anywhere in `struct` (list elements and map keys/values included). */
export function findFieldById(struct: StructType, id: number): NestedField | undefined {
  for (const visit of walkFields(struct)) if (visit.field.id === id) return visit.field
  return undefined
}

/**
 * The field named `name`: a top-level field, or a dotted path through structs, with `element`
 * for a list's element and `key`/`value` for a map's (as pyiceberg resolves names). An exact
 * top-level match wins, so a column whose name contains a dot is still found.
 */
export function findFieldByName(struct: StructType, name: string): NestedField | undefined {
  const direct = struct.fields.find((f) => f.name === name)
  if (direct !== undefined) return direct
  let current: NestedField | undefined
  let type: IcebergType = struct
  for (const part of name.split('.')) {
    current = children(type).find(([, n]) => n === part)?.[0]
    if (current === undefined) return undefined
    type = current.type
  }
  return current
}

/** The dotted path of the field with id `id`, or undefined. */
export function fieldPathById(struct: StructType, id: number): string | undefined {
  for (const visit of walkFields(struct)) if (visit.field.id === id) return visit.path
  return undefined
}

/** The highest field id in `struct` (0 when it has no fields): the table's `last-column-id`. */
export function lastColumnId(struct: StructType): number {
  let max = 0
  for (const { field } of walkFields(struct)) max = Math.max(max, field.id)
  return max
}

/** A primitive column of a schema, as column metrics and Parquet field ids need it. */
export interface LeafField {
  /** Iceberg field id (the key of the manifest's metrics maps). */
  readonly id: number
  /** Dotted path, e.g. `price`, `trade_conditions.element`, `vendor_data.key`. */
  readonly path: string
  readonly type: PrimitiveType
  /** True inside a list or map (many values per row). */
  readonly repeated: boolean
  /** True when a value can be null in a row (the field or an ancestor is optional). */
  readonly optional: boolean
}

/** Every primitive leaf of a schema, in schema order, with its id, dotted path and type. */
export function leafFields(struct: StructType): LeafField[] {
  const leaves: LeafField[] = []
  for (const { field, path, repeated, optional } of walkFields(struct)) {
    if (typeof field.type === 'string') {
      leaves.push({ id: field.id, path, type: field.type, repeated, optional })
    }
  }
  return leaves
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`
}
