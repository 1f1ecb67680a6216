import { ExactDecimal } from '@k2/core'

import type { IcebergType, StructType } from '../spec/types.js'
import { decimalParams, isPrimitive } from '../spec/types.js'

/**
 * Canonical rows: the one text form of a row that tests compare across readers (ours, pyiceberg,
 * DuckDB's iceberg extension), defined identically in `tools/oracles/iceberg_table_oracle.py`. A
 * row is a JSON array of its columns in schema order: strings as they are, integers (longs, and
 * timestamps as µs since the epoch) as decimal strings, decimals as plain text with exactly the
 * column's scale, lists as arrays, maps as `[[key, value], ...]` sorted by key in code point order
 * (not as objects: JavaScript orders integer-like keys first), nulls as null.
 */
export type CanonicalValue = string | boolean | null | CanonicalValue[]

const INTEGER_TYPES = new Set(['int', 'long', 'date', 'time', 'timestamp', 'timestamptz'])

/** Code point order (UTF-8 byte order), as Python sorts strings; JS `<` compares UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/**
 * The canonical value of `value` of Iceberg type `type`. Accepts the forms our records and readers
 * produce: decimals as ExactDecimal or text, integers as number, bigint or text, maps as objects,
 * `[key, value]` pairs or DuckDB's `{key, value}` entries.
 */
export function canonicalValue(type: IcebergType, value: unknown): CanonicalValue {
  if (value === null || value === undefined) return null
  if (isPrimitive(type)) {
    const decimal = decimalParams(type)
    if (decimal !== undefined) return decimalText(value, decimal.scale)
    if (INTEGER_TYPES.has(type)) return integerText(value)
    if (type === 'boolean') return Boolean(value)
    if (typeof value !== 'string') throw new Error(`expected a string, got ${typeof value}`)
    return value
  }
  if (type.type === 'list') {
    if (!Array.isArray(value)) throw new Error('expected an array for a list column')
    return value.map((v) => canonicalValue(type.element, v))
  }
  if (type.type === 'map') {
    return mapEntries(value)
      .map(([k, v]) => [canonicalValue(type.key, k), canonicalValue(type.value, v)] as const)
      .sort((a, b) => compareCodePoints(String(a[0]), String(b[0])))
      .map(([k, v]) => [k, v])
  }
  const struct = value as Readonly<Record<string, unknown>>
  return type.fields.map((f) => canonicalValue(f.type, struct[f.name]))
}

/** The canonical row text of `row` (an object keyed by column name) for `schema`. */
export function canonicalRow(schema: StructType, row: object): string {
  const record = row as Readonly<Record<string, unknown>>
  return JSON.stringify(schema.fields.map((f) => canonicalValue(f.type, record[f.name])))
}

/** Canonical row texts of `rows`, sorted in code point order (as the oracle sorts them). */
export function canonicalRows(schema: StructType, rows: readonly object[]): string[] {
  return rows.map((r) => canonicalRow(schema, r)).sort(compareCodePoints)
}

/** Rows one list has and the other lacks, counting duplicates; both empty when equal. */
export interface RowDiff {
  readonly missing: string[]
  readonly extra: string[]
}

/** Multiset difference of canonical rows: `missing` from `actual`, `extra` in `actual`. */
export function diffRows(expected: readonly string[], actual: readonly string[]): RowDiff {
  const counts = new Map<string, number>()
  for (const row of expected) counts.set(row, (counts.get(row) ?? 0) + 1)
  const extra: string[] = []
  for (const row of actual) {
    const n = counts.get(row) ?? 0
    if (n === 0) extra.push(row)
    else counts.set(row, n - 1)
  }
  const missing = [...counts].flatMap(([row, n]) => Array<string>(n).fill(row))
  return { missing, extra }
}

/** A short description of a diff for assertion messages: sizes and a few rows of each side. */
export function describeDiff(diff: RowDiff, sample = 3): string {
  return [
    `${diff.missing.length} missing, ${diff.extra.length} extra`,
    ...diff.missing.slice(0, sample).map((r) => `  missing ${r}`),
    ...diff.extra.slice(0, sample).map((r) => `  extra   ${r}`),
  ].join('\n')
}

function decimalText(value: unknown, scale: number): string {
  if (!ExactDecimal.isDecimal(value) && typeof value !== 'string') {
    throw new Error(`expected a decimal or decimal text, got ${typeof value}`)
  }
  const d = new ExactDecimal(value as string | ExactDecimal)
  if (d.decimalPlaces() > scale) throw new Error(`${d.toFixed()} has more than ${scale} decimals`)
  return d.toFixed(scale)
}

function integerText(value: unknown): string {
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value).toString()
  throw new Error(`expected an exact integer, got ${String(value)}`)
}

function mapEntries(value: unknown): Array<readonly [unknown, unknown]> {
  if (Array.isArray(value)) {
    return value.map((e: unknown) => {
      if (Array.isArray(e)) return [e[0], e[1]] as const
      const entry = e as { key: unknown; value: unknown }
      return [entry.key, entry.value] as const
    })
  }
  if (typeof value === 'object' && value !== null) return Object.entries(value)
  throw new Error('expected an object or entries for a map column')
}
