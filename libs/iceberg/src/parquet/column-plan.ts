import { IcebergError } from '../errors.js'
import {
  isPrimitive,
  type IcebergType,
  type ListType,
  type MapType,
  type NestedField,
  type StructType,
} from '../spec/types.js'
import { convertOf, primitivePlan, type PrimitivePlan } from './duckdb-primitive.js'
import { quoteIdentifier, quoteString } from './sql.js'

/**
 * How one top-level column of an Iceberg schema is staged in DuckDB and written to Parquet: its
 * DuckDB type, the SQL that turns a staged block into typed values, the JS check and conversion
 * of each row value, and its Iceberg field ids for `COPY ... (FIELD_IDS {...})` (spec: "Parquet":
 * columns must carry field ids, nested list elements and map keys/values included).
 */
export interface ColumnPlan {
  readonly field: NestedField
  /** The column name quoted for SQL. */
  readonly sqlName: string
  /** DuckDB type of the written column, e.g. `DECIMAL(18,8)`, `VARCHAR[]`. */
  readonly sqlType: string
  /** SQL reading one staged block (the VARCHAR expression `staged`) as a DuckDB list. */
  readonly parseBlock: (staged: string) => string
  /** SQL converting one element of that list to `sqlType`. */
  readonly convert: (expr: string) => string
  /** Checks a non-null row value and returns its staged (JSON-safe) form. */
  readonly stage: (value: unknown) => unknown
  /** Staged values are strings: a block without nulls may travel separator-joined. */
  readonly text: boolean
  /** A specialised staging loop for the hottest types (see `encodeBlock`). */
  readonly fastPath: 'string' | 'int64' | undefined
  /** The primitive plan of a primitive column (these get lower/upper bounds); else undefined. */
  readonly primitive: PrimitivePlan | undefined
  /** This column's entry in the FIELD_IDS option. */
  readonly fieldIds: string
}

const FAST_PATHS: Partial<Record<string, 'string' | 'int64'>> = {
  string: 'string',
  long: 'int64',
  timestamp: 'int64',
  timestamptz: 'int64',
}

/** Separator of joined text blocks; a block with a value that contains it travels as JSON. */
export const TEXT_SEPARATOR = '\u001f'

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
    const json = jsonParse(plan.jsonType)
    return {
      field,
      sqlName,
      sqlType: plan.sqlType,
      parseBlock: plan.text
        ? (s) =>
            `CASE WHEN starts_with(${s}, chr(31)) THEN string_split(${s}, chr(31))[2:] ELSE ${json(s)} END`
        : json,
      convert: convertOf(plan),
      stage: plan.stage,
      text: plan.text,
      fastPath: FAST_PATHS[type],
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
  const convertElement = element.convert
  const elementRequired = type['element-required']
  return {
    field,
    sqlName,
    sqlType: `${element.sqlType}[]`,
    parseBlock: jsonParse(`${element.jsonType}[]`),
    convert:
      convertElement === undefined
        ? (e) => e
        : (e) => `list_transform(${e}, lambda k2_e: ${convertElement('k2_e')})`,
    stage: (value) => {
      if (!Array.isArray(value)) throw notA('list', field, value)
      const list = value as readonly unknown[]
      let out: unknown[] | undefined
      for (let i = 0; i < list.length; i++) {
        const item = list[i]
        let staged: unknown = null
        if (item === null || item === undefined) {
          if (elementRequired) throw nullElement(field, 'element')
        } else {
          staged = element.stage(item)
        }
        if (out === undefined && staged !== item) out = list.slice(0, i)
        out?.push(staged)
      }
      return out ?? list
    },
    text: false,
    fastPath: undefined,
    primitive: undefined,
    fieldIds: `{__duckdb_field_id: ${field.id}, element: ${type['element-id']}}`,
  }
}

function planMap(field: NestedField, type: MapType, sqlName: string): ColumnPlan {
  if (type.key !== 'string') {
    // Map values arrive as JS objects (K2's records use Record<string, string>), whose keys are
    // strings; other key types would need a different row shape.
    throw unsupported(field, type)
  }
  const value = nestedPrimitive(field, type.value)
  const convertValue = value.convert
  const valueRequired = type['value-required']
  return {
    field,
    sqlName,
    sqlType: `MAP(VARCHAR, ${value.sqlType})`,
    parseBlock: jsonParse(`MAP(VARCHAR, ${value.jsonType})`),
    convert:
      convertValue === undefined
        ? (e) => e
        : (e) =>
            `map_from_entries(list_transform(map_entries(${e}), lambda k2_kv: {'key': k2_kv.key, 'value': ${convertValue('k2_kv.value')}}))`,
    stage: (input) => {
      if (input instanceof Map) return stageEntries(field, input, value, valueRequired)
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw notA('map', field, input)
      }
      // Plain objects are K2's maps; most need no conversion, so check them without copying.
      const record = input as Readonly<Record<string, unknown>>
      for (const key in record) {
        const v = record[key]
        if (v === null || v === undefined || value.stage(v) !== v) {
          return stageEntries(field, Object.entries(record), value, valueRequired)
        }
      }
      return record
    },
    text: false,
    fastPath: undefined,
    primitive: undefined,
    fieldIds: `{__duckdb_field_id: ${field.id}, key: ${type['key-id']}, value: ${type['value-id']}}`,
  }
}

function stageEntries(
  field: NestedField,
  entries: Iterable<[unknown, unknown]>,
  value: PrimitivePlan,
  valueRequired: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of entries) {
    if (typeof k !== 'string') throw notA('string map key', field, k)
    if (v === null || v === undefined) {
      if (valueRequired) throw nullElement(field, `value of key ${JSON.stringify(k)}`)
      out[k] = null
    } else {
      out[k] = value.stage(v)
    }
  }
  return out
}

function jsonParse(jsonType: string): (staged: string) => string {
  const structure = quoteString(JSON.stringify([jsonType]))
  return (s) => `json_transform_strict(${s}, ${structure})`
}

function nestedPrimitive(field: NestedField, type: IcebergType): PrimitivePlan {
  if (!isPrimitive(type)) throw unsupported(field, type)
  return primitivePlan(type)
}

function unsupported(field: NestedField, type: IcebergType): IcebergError {
  return new IcebergError(
    'ICEBERG_INVALID_ARGUMENT',
    `column ${field.name}: the DuckDB Parquet writer supports primitives, lists of primitives and string-keyed maps of primitives, not ${JSON.stringify(type)}`,
    { context: { column: field.name, fieldId: field.id } },
  )
}

function notA(what: string, field: NestedField, value: unknown): IcebergError {
  return new IcebergError(
    'ICEBERG_INVALID_VALUE',
    `column ${field.name}: expected a ${what}, got ${typeof value}`,
    { context: { column: field.name } },
  )
}

function nullElement(field: NestedField, what: string): IcebergError {
  return new IcebergError(
    'ICEBERG_INVALID_VALUE',
    `column ${field.name}: ${what} is required but null`,
    { context: { column: field.name } },
  )
}
