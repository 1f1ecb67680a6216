import { IcebergError } from '../../errors.js'
import {
  isPrimitive,
  type IcebergType,
  type NestedField,
  type PrimitiveType,
  type StructType,
} from '../../spec/types.js'
import { ConvertedType, Repetition, type SchemaElement } from '../format/parquet-metadata.js'
import { primitiveLayout, type PrimitiveLayout } from './primitive-layout.js'

/** One Parquet leaf column: where it sits in the schema and its levels. */
export interface Leaf {
  /** Path in the Parquet schema, e.g. `['vendor_data', 'key_value', 'key']`. */
  readonly path: readonly string[]
  /** Iceberg field id of the leaf (the list element's or map key's/value's for nested ones). */
  readonly fieldId: number
  readonly layout: PrimitiveLayout
  readonly maxDef: number
  readonly maxRep: number
}

/**
 * How one top-level Iceberg column is shredded into Parquet leaves: a primitive has one leaf, a
 * list of primitives one (its element), a map of primitives two (key and value).
 */
export type ColumnShape =
  | { readonly kind: 'primitive'; readonly field: NestedField; readonly leaf: Leaf }
  | {
      readonly kind: 'list'
      readonly field: NestedField
      readonly element: Leaf
      readonly elementRequired: boolean
    }
  | {
      readonly kind: 'map'
      readonly field: NestedField
      readonly key: Leaf
      readonly value: Leaf
      readonly valueRequired: boolean
    }

/** The Parquet schema of an Iceberg schema: elements in depth-first order, columns, leaves. */
export interface ParquetSchema {
  readonly elements: readonly SchemaElement[]
  readonly columns: readonly ColumnShape[]
  /** Leaves in Parquet column order. */
  readonly leaves: readonly Leaf[]
}

/**
 * Maps an Iceberg schema to Parquet (Iceberg spec "Parquet"; parquet-format "LogicalTypes"):
 * every element carries its Iceberg field id; lists use the 3-level form
 * `<rep> group name (LIST) { repeated group list { <rep> element } }` and maps
 * `<rep> group name (MAP) { repeated group key_value { required key; <rep> value } }`, the names
 * Java, pyarrow and DuckDB write. Structs and nested collections are not supported (K2's tables
 * have none): `ICEBERG_INVALID_ARGUMENT`.
 */
export function parquetSchema(schema: StructType): ParquetSchema {
  if (schema.fields.length === 0) {
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', 'schema has no columns')
  }
  const names = new Set<string>()
  const elements: SchemaElement[] = [{ name: 'table', numChildren: schema.fields.length }]
  const columns: ColumnShape[] = []
  const leaves: Leaf[] = []
  for (const field of schema.fields) {
    if (names.has(field.name)) {
      throw new IcebergError('ICEBERG_INVALID_SPEC', `duplicate column name ${field.name}`)
    }
    names.add(field.name)
    const column = shapeOf(field, elements)
    columns.push(column)
    if (column.kind === 'primitive') leaves.push(column.leaf)
    else if (column.kind === 'list') leaves.push(column.element)
    else leaves.push(column.key, column.value)
  }
  return { elements, columns, leaves }
}

const repetition = (required: boolean) => (required ? Repetition.Required : Repetition.Optional)

function shapeOf(field: NestedField, elements: SchemaElement[]): ColumnShape {
  const { type } = field
  const base = field.required ? 0 : 1
  if (isPrimitive(type)) {
    const layout = layoutOf(field, type)
    elements.push({
      ...layout.element,
      name: field.name,
      repetition: repetition(field.required),
      fieldId: field.id,
    })
    return {
      kind: 'primitive',
      field,
      leaf: { path: [field.name], fieldId: field.id, layout, maxDef: base, maxRep: 0 },
    }
  }
  if (type.type === 'list') {
    const layout = layoutOf(field, type.element)
    const elementRequired = type['element-required']
    elements.push(
      {
        name: field.name,
        repetition: repetition(field.required),
        numChildren: 1,
        convertedType: ConvertedType.List,
        logicalType: { kind: 'list' },
        fieldId: field.id,
      },
      { name: 'list', repetition: Repetition.Repeated, numChildren: 1 },
      {
        ...layout.element,
        name: 'element',
        repetition: repetition(elementRequired),
        fieldId: type['element-id'],
      },
    )
    return {
      kind: 'list',
      field,
      elementRequired,
      element: {
        path: [field.name, 'list', 'element'],
        fieldId: type['element-id'],
        layout,
        maxDef: base + 1 + (elementRequired ? 0 : 1),
        maxRep: 1,
      },
    }
  }
  if (type.type === 'map') {
    if (type.key !== 'string') throw unsupported(field)
    const keyLayout = layoutOf(field, type.key)
    const valueLayout = layoutOf(field, type.value)
    const valueRequired = type['value-required']
    elements.push(
      {
        name: field.name,
        repetition: repetition(field.required),
        numChildren: 1,
        convertedType: ConvertedType.Map,
        logicalType: { kind: 'map' },
        fieldId: field.id,
      },
      { name: 'key_value', repetition: Repetition.Repeated, numChildren: 2 },
      {
        ...keyLayout.element,
        name: 'key',
        repetition: Repetition.Required,
        fieldId: type['key-id'],
      },
      {
        ...valueLayout.element,
        name: 'value',
        repetition: repetition(valueRequired),
        fieldId: type['value-id'],
      },
    )
    return {
      kind: 'map',
      field,
      valueRequired,
      key: {
        path: [field.name, 'key_value', 'key'],
        fieldId: type['key-id'],
        layout: keyLayout,
        maxDef: base + 1,
        maxRep: 1,
      },
      value: {
        path: [field.name, 'key_value', 'value'],
        fieldId: type['value-id'],
        layout: valueLayout,
        maxDef: base + 1 + (valueRequired ? 0 : 1),
        maxRep: 1,
      },
    }
  }
  throw unsupported(field)
}

function layoutOf(field: NestedField, type: IcebergType): PrimitiveLayout {
  if (!isPrimitive(type)) throw unsupported(field)
  try {
    return primitiveLayout(type as PrimitiveType)
  } catch (err) {
    if (err instanceof IcebergError) {
      throw new IcebergError('ICEBERG_INVALID_ARGUMENT', `column ${field.name}: ${err.message}`, {
        cause: err,
        context: { column: field.name, fieldId: field.id },
      })
    }
    throw err
  }
}

function unsupported(field: NestedField): IcebergError {
  return new IcebergError(
    'ICEBERG_INVALID_ARGUMENT',
    `column ${field.name}: the Parquet writer supports primitives, lists of primitives and string-keyed maps of primitives, not ${JSON.stringify(field.type)}`,
    { context: { column: field.name, fieldId: field.id } },
  )
}
