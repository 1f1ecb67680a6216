import { IcebergError } from '../errors.js'

/**
 * Iceberg data types (spec: "Schemas and Data Types"). Primitive types are their spec strings
 * (`long`, `timestamptz`, `decimal(18,8)`, `fixed[16]`); nested types are objects with field ids.
 */
export type PrimitiveType =
  | 'boolean'
  | 'int'
  | 'long'
  | 'float'
  | 'double'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'timestamp_ns'
  | 'timestamptz_ns'
  | 'string'
  | 'uuid'
  | 'binary'
  | `decimal(${number},${number})`
  | `decimal(${number}, ${number})`
  | `fixed[${number}]`

/** A field of a struct (spec: "Nested Types"): id unique in the schema, name unique in its struct. */
export interface NestedField {
  readonly id: number
  readonly name: string
  readonly required: boolean
  readonly type: IcebergType
  readonly doc?: string
}

/** `struct<...>` */
export interface StructType {
  readonly type: 'struct'
  readonly fields: readonly NestedField[]
}

/** `list<E>` with the element's field id. */
export interface ListType {
  readonly type: 'list'
  readonly 'element-id': number
  readonly element: IcebergType
  readonly 'element-required': boolean
}

/** `map<K, V>` with key and value field ids. */
export interface MapType {
  readonly type: 'map'
  readonly 'key-id': number
  readonly key: IcebergType
  readonly 'value-id': number
  readonly value: IcebergType
  readonly 'value-required': boolean
}

/** Any Iceberg type, in its JSON form (spec appendix C). */
export type IcebergType = PrimitiveType | StructType | ListType | MapType

/** True for primitive (string-form) types. */
export function isPrimitive(type: IcebergType): type is PrimitiveType {
  return typeof type === 'string'
}

/** Precision and scale of a `decimal(P,S)` type, or undefined for other types. */
export function decimalParams(type: IcebergType): { precision: number; scale: number } | undefined {
  if (typeof type !== 'string') return undefined
  const m = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(type)
  if (!m) return undefined
  const precision = Number(m[1])
  const scale = Number(m[2])
  if (precision < 1 || precision > 38 || scale > precision) {
    throw new IcebergError(
      'ICEBERG_INVALID_SPEC',
      `invalid decimal type ${type}: precision 1..38, scale <= precision`,
    )
  }
  return { precision, scale }
}

/** Length of a `fixed[L]` type, or undefined for other types. */
export function fixedLength(type: IcebergType): number | undefined {
  if (typeof type !== 'string') return undefined
  const m = /^fixed\[(\d+)\]$/.exec(type)
  return m ? Number(m[1]) : undefined
}
