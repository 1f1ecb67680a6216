import { f64, u32, u8 } from './shared-arrays.js'
import { ExactDecimal } from '@k2/core'

import { decimalUnscaled } from '../decimal-unscaled.js'
import type { SourceLeaf } from './shred.js'
import { compareCodePoints } from './string-order.js'

/** One resolved sort key: a top-level primitive column, direction and null order. */
export interface SortKey {
  readonly name: string
  readonly descending: boolean
  readonly nullsFirst: boolean
  /** The column's decimal scale, when it is a decimal column (values compare unscaled). */
  readonly scale?: number
}

type Row = Record<string, unknown>

/**
 * A sort key's values in a form that compares fast: numbers (exact: safe integers, floats with
 * NaN above everything, decimals unscaled) or ranks of strings in code-point order; anything else
 * (bigints, bytes) is compared as is.
 */
interface KeyColumn {
  readonly key: SortKey
  readonly nulls: Uint8Array | null
  readonly numbers: Float64Array | null
  readonly raw: readonly unknown[] | null
  /** Distinct values when `numbers` holds string ranks (for a counting sort), else 0. */
  readonly ranks: number
}

/**
 * The order of `rows` sorted by `keys` (stable), as indices into `rows`. Market data arrives
 * almost sorted, so the common cases are linear: already sorted input is detected, and when the
 * first key has few distinct values (symbols) the rows are bucketed by it with a counting sort
 * and each bucket is only sorted if it is not already in order (trades per symbol arrive in time
 * order).
 */
export function sortRows(rows: readonly object[], keys: readonly SortKey[]): Uint32Array {
  const n = rows.length
  if (keys.length === 0 || n < 2) return sortByColumns(n, [])
  return sortByColumns(
    n,
    keys.map((key) => keyColumn(rows, key)),
  )
}

/**
 * The same order as {@link sortRows}, from the file's columns as the writer read them (`sources[i]`
 * is key i's leaf), without touching the rows again; null when a key's values cannot be compared
 * as numbers exactly (strings past the file-wide dictionary, large int64s, floats, bytes): the
 * caller then sorts the rows.
 */
export function sortSources(
  sources: readonly SourceLeaf[],
  keys: readonly SortKey[],
  n: number,
): Uint32Array | null {
  const columns: KeyColumn[] = []
  for (let i = 0; i < keys.length; i++) {
    const column = sourceKeyColumn(sources[i]!, keys[i]!, n)
    if (column === null) return null
    columns.push(column)
  }
  return sortByColumns(n, columns)
}

function sourceKeyColumn(source: SourceLeaf, key: SortKey, n: number): KeyColumn | null {
  const values = source.sink.sortNumbers?.() ?? null
  if (values === null || source.rowLevels !== null) return null
  const rowValues = source.rowValues
  if (rowValues === null) {
    return { key, nulls: null, numbers: values.numbers, raw: null, ranks: values.ranks }
  }
  const defs = source.defs.values
  const numbers = f64(n)
  let nulls: Uint8Array | null = null
  for (let r = 0; r < n; r++) {
    if (defs[r] === 0) {
      nulls ??= u8(n)
      nulls[r] = 1
    } else {
      numbers[r] = values.numbers[rowValues[r]!]!
    }
  }
  return { key, nulls, numbers, raw: null, ranks: values.ranks }
}

function sortByColumns(n: number, columns: readonly KeyColumn[]): Uint32Array {
  const order = u32(n)
  for (let i = 0; i < n; i++) order[i] = i
  if (columns.length === 0 || n < 2) return order
  const compare = comparator(columns)
  if (isSorted(order, 0, n, compare)) return order
  const first = columns[0]!
  if (first.ranks > 0 && first.nulls === null && first.ranks <= n / 2) {
    return bucketSort(first, columns.slice(1), n)
  }
  return order.sort(compare)
}

function keyColumn(rows: readonly object[], key: SortKey): KeyColumn {
  const n = rows.length
  let nulls: Uint8Array | null = null
  const values: unknown[] = new Array(n)
  let kind: 'number' | 'string' | 'other' | undefined
  for (let i = 0; i < n; i++) {
    let v = (rows[i] as Row)[key.name]
    if (v === null || v === undefined) {
      nulls ??= u8(n)
      nulls[i] = 1
      continue
    }
    if (v instanceof ExactDecimal || ExactDecimal.isDecimal(v)) {
      // Unscaled at the column's scale: exact, and a number for every decimal of <= 15 digits.
      const d = v as ExactDecimal
      const unscaled = d.isFinite() ? decimalUnscaled(d, key.scale ?? 0) : undefined
      v = unscaled ?? d
    } else if (typeof v === 'boolean') {
      v = v ? 1 : 0
    }
    const k = typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : 'other'
    kind = kind === undefined || kind === k ? k : 'other'
    values[i] = v
  }
  if (kind === 'number') {
    const numbers = f64(n)
    for (let i = 0; i < n; i++) {
      const v = values[i] as number
      numbers[i] = Number.isNaN(v) ? Number.POSITIVE_INFINITY : v
    }
    // NaN sorts above +Infinity: give it a rank of its own only if both occur (rare).
    return { key, nulls, numbers, raw: values.some(Number.isNaN) ? values : null, ranks: 0 }
  }
  if (kind === 'string') {
    const distinct = [...new Set(values.filter((v) => typeof v === 'string') as string[])]
    distinct.sort(compareCodePoints)
    const rankOf = new Map(distinct.map((s, r) => [s, r]))
    const numbers = f64(n)
    for (let i = 0; i < n; i++) {
      const v = values[i]
      if (typeof v === 'string') numbers[i] = rankOf.get(v)!
    }
    return { key, nulls, numbers, raw: null, ranks: distinct.length }
  }
  return { key, nulls, numbers: null, raw: values, ranks: 0 }
}

function compareRaw(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1
    if (Number.isNaN(b)) return -1
    return a - b
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b)
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b)
  const numeric = (v: unknown) => typeof v === 'number' || typeof v === 'bigint'
  // Numbers and bigints compare as values; what is left (values the writer will reject, like a
  // decimal with too many digits) keeps its place.
  if (!numeric(a) || !numeric(b)) return 0
  const x = a as number | bigint
  const y = b as number | bigint
  return x < y ? -1 : x > y ? 1 : 0
}

function comparator(columns: readonly KeyColumn[]): (a: number, b: number) => number {
  return (a, b) => {
    for (const c of columns) {
      if (c.nulls !== null) {
        const na = c.nulls[a]!
        const nb = c.nulls[b]!
        if (na !== nb) return na > nb === c.key.nullsFirst ? -1 : 1
        if (na === 1) continue
      }
      let d: number
      if (c.raw !== null) d = compareRaw(c.raw[a], c.raw[b])
      else d = c.numbers![a]! - c.numbers![b]!
      if (d !== 0) return c.key.descending ? -d : d
    }
    return 0
  }
}

function isSorted(
  order: Uint32Array,
  from: number,
  to: number,
  compare: (a: number, b: number) => number,
): boolean {
  for (let i = from + 1; i < to; i++) if (compare(order[i - 1]!, order[i]!) > 0) return false
  return true
}

/** Counting sort by the first key's rank, then each bucket sorted by the rest if needed. */
function bucketSort(first: KeyColumn, rest: readonly KeyColumn[], n: number): Uint32Array {
  const ranks = first.numbers!
  const buckets = first.ranks
  const top = buckets - 1
  const bucketOf = first.key.descending ? (i: number) => top - ranks[i]! : (i: number) => ranks[i]!
  const starts = u32(buckets + 1)
  for (let i = 0; i < n; i++) starts[bucketOf(i) + 1]!++
  for (let r = 0; r < buckets; r++) starts[r + 1]! += starts[r]!
  const next = starts.slice(0, buckets)
  const order = u32(n)
  for (let i = 0; i < n; i++) order[next[bucketOf(i)]!++] = i
  if (rest.length === 0) return order
  const compare = comparator(rest)
  for (let r = 0; r < buckets; r++) {
    const from = starts[r]!
    const to = starts[r + 1]!
    if (!isSorted(order, from, to, compare)) order.subarray(from, to).sort(compare)
  }
  return order
}
