import { IcebergError } from '../errors.js'
import {
  isPrimitive,
  type IcebergType,
  type ListType,
  type MapType,
  type NestedField,
  type StructType,
} from '../spec/types.js'
import { primitivePlan, type PrimitivePlan } from './duckdb-primitive.js'
import { quoteIdentifier, quoteString } from './sql.js'

/**
 * How one top-level column of an Iceberg schema is read and written by DuckDB when data files are
 * rewritten (compaction): its DuckDB type and its Iceberg field ids for
 * `COPY ... (FIELD_IDS {...})` (spec: "Parquet": columns must carry field ids, nested list elements
 * and map keys/values included). Appends do not use DuckDB (see `encode/`).
 */
export interface ColumnPlan {
  readonly field: NestedField
  /** The column name quoted for SQL. */
  readonly sqlName: string
  /** DuckDB type of the written column, e.g. `DECIMAL(18,8)`, `VARCHAR[]`. */
  readonly sqlType: string
  /** The primitive plan of a primitive column (these get lower/upper bounds); else undefined. */
  readonly primitive: PrimitivePlan | undefined
  /** This column's entry in the FIELD_IDS option. */
  readonly fieldIds: string
}

/** Plans every top-level column; `ICEBERG_INVALID_ARGUMENT` for types the writer cannot store. */
export function planColumns(schema: StructType): ColumnPlan[] {
  if (schema.fields.length === 0) {
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', 'schema has no columns')
  }
  const names = new Set<string>()
  return schema.fields.map((field) => {
    if (names.has(field.name)) {
      throw new IcebergError('ICEBERG_INVALID_SPEC', `duplicate column name ${field.name}`)
    }
    names.add(field.name)
    return planColumn(field)
  })
}

/** The FIELD_IDS option value for a set of planned columns. */
export function fieldIdsOption(columns: readonly ColumnPlan[]): string {
  return `{${columns.map((c) => `${quoteString(c.field.name)}: ${c.fieldIds}`).join(', ')}}`
}

function planColumn(field: NestedField): ColumnPlan {
  const sqlName = quoteIdentifier(field.name)
  const { type } = field
  if (isPrimitive(type)) {
    const plan = primitivePlan(type)
    return {
      field,
      sqlName,
      sqlType: plan.sqlType,
      primitive: plan,
      fieldIds: String(field.id),
    }
  }
  if (type.type === 'list') return planList(field, type, sqlName)
  if (type.type === 'map') return planMap(field, type, sqlName)
  throw unsupported(field, type)
}

function planList(field: NestedField, type: ListType, sqlName: string): ColumnPlan {
  const element = nestedPrimitive(field, type.element)
  return {
    field,
    sqlName,
    sqlType: `${element.sqlType}[]`,
    primitive: undefined,
    fieldIds: `{__duckdb_field_id: ${field.id}, element: ${type['element-id']}}`,
  }
}

function planMap(field: NestedField, type: MapType, sqlName: string): ColumnPlan {
  if (type.key !== 'string') throw unsupported(field, type)
  const value = nestedPrimitive(field, type.value)
  return {
    field,
    sqlName,
    sqlType: `MAP(VARCHAR, ${value.sqlType})`,
    primitive: undefined,
    fieldIds: `{__duckdb_field_id: ${field.id}, key: ${type['key-id']}, value: ${type['value-id']}}`,
  }
}

function nestedPrimitive(field: NestedField, type: IcebergType): PrimitivePlan {
  if (!isPrimitive(type)) throw unsupported(field, type)
  return primitivePlan(type)
}

function unsupported(field: NestedField, type: IcebergType): IcebergError {
  return new IcebergError(
    'ICEBERG_INVALID_ARGUMENT',
    `column ${field.name}: the DuckDB rewrite supports primitives, lists of primitives and string-keyed maps of primitives, not ${JSON.stringify(type)}`,
    { context: { column: field.name, fieldId: field.id } },
  )
}
