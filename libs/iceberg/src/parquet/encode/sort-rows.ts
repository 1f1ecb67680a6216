import { f64, u32, u8 } from './shared-arrays.js'
import type { SourceLeaf } from './shred.js'
import { compareCodePoints } from './string-order.js'

/** One resolved sort key: a top-level primitive column, direction and null order. */
export interface SortKey {
  readonly name: string
  readonly descending: boolean
  readonly nullsFirst: boolean
}

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
 * The order of a file's rows sorted by `keys` (stable), as indices, from the columns as the writer
 * read them (`sources[i]` is key i's leaf, `n` the rows read), without touching row objects:
 * keys whose values compare as numbers (safe integers, decimals unscaled, dictionary strings as
 * code-point ranks) take the fast path; others (strings past the file-wide dictionary, int64s
 * beyond 2^53, floats, bytes) are compared as values (`sortValues`). Market data arrives almost
 * sorted, so the common cases are linear: already sorted input is detected, and when the first key
 * has few distinct values (symbols) the rows are bucketed by it with a counting sort and each
 * bucket is only sorted if it is not already in order (trades per symbol arrive in time order).
 */
export function sortSources(
  sources: readonly SourceLeaf[],
  keys: readonly SortKey[],
  n: number,
): Uint32Array {
  return sortByColumns(
    n,
    keys.map((key, i) => sourceKeyColumn(sources[i]!, key, n)),
  )
}

function sourceKeyColumn(source: SourceLeaf, key: SortKey, n: number): KeyColumn {
  if (source.rowLevels !== null) throw new Error(`sort key ${key.name} is not a flat column`)
  const fast = source.sink.sortNumbers?.() ?? null
  const values = fast === null ? (source.sink.sortValues?.() ?? []) : null
  const rowValues = source.rowValues
  if (rowValues === null) {
    return fast !== null
      ? { key, nulls: null, numbers: fast.numbers, raw: null, ranks: fast.ranks }
      : { key, nulls: null, numbers: null, raw: values, ranks: 0 }
  }
  const defs = source.defs.values
  let nulls: Uint8Array | null = null
  const numbers = fast === null ? null : f64(n)
  const raw: unknown[] | null = fast === null ? new Array<unknown>(n) : null
  for (let r = 0; r < n; r++) {
    if (defs[r] === 0) {
      nulls ??= u8(n)
      nulls[r] = 1
    } else if (numbers !== null) {
      numbers[r] = fast!.numbers[rowValues[r]!]!
    } else {
      raw![r] = values![rowValues[r]!]
    }
  }
  return { key, nulls, numbers, raw, ranks: fast?.ranks ?? 0 }
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
