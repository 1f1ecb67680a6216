import { ExactDecimal } from '@k2/core'
import { describe, expect, it } from 'vitest'

import type { StructType } from '../../spec/types.js'
import { RowColumns } from '../row-columns.js'
import { sortSources, type SortKey } from './sort-rows.js'
import { compareCodePoints } from './string-order.js'

/** The columns every test row may have (all optional). */
const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { id: 1, name: 'symbol', required: false, type: 'string' },
    { id: 2, name: 'ts', required: false, type: 'long' },
    { id: 3, name: 'price', required: false, type: 'decimal(9, 2)' },
    { id: 4, name: 'maybe', required: false, type: 'int' },
    { id: 5, name: 'v', required: false, type: 'double' },
    { id: 6, name: 'id', required: false, type: 'string' },
    { id: 7, name: 'big', required: false, type: 'long' },
  ],
}

/** Sorts rows the way the writer does: read into columns, then ordered from the columns. */
function sortRows(rows: readonly object[], keys: readonly SortKey[]): Uint32Array {
  const columns = new RowColumns(SCHEMA)
  columns.append(rows)
  const [part] = columns.partitions()
  const names = SCHEMA.fields.map((f) => f.name)
  return sortSources(
    keys.map((k) => part!.sources[names.indexOf(k.name)]![0]!),
    keys,
    rows.length,
  )
}

const asc = (name: string): SortKey => ({ name, descending: false, nullsFirst: true })

function reference(rows: Record<string, unknown>[], keys: SortKey[]): number[] {
  const cmp = (a: unknown, b: unknown): number => {
    if (typeof a === 'string') return compareCodePoints(a, b as string)
    if (a instanceof ExactDecimal) return a.comparedTo(b as ExactDecimal)
    if (typeof a === 'number' && Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1
    if (typeof b === 'number' && Number.isNaN(b)) return -1
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0
  }
  return rows
    .map((_, i) => i)
    .sort((x, y) => {
      for (const key of keys) {
        const a = rows[x]![key.name]
        const b = rows[y]![key.name]
        const an = a === null || a === undefined
        const bn = b === null || b === undefined
        if (an !== bn) return an === key.nullsFirst ? -1 : 1
        if (an) continue
        const d = cmp(a, b)
        if (d !== 0) return key.descending ? -d : d
      }
      return x - y
    })
}

function rowsOf(n: number, seed: number): Record<string, unknown>[] {
  let s = seed
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0)
  return Array.from({ length: n }, (_, i) => ({
    symbol: ['ETH', 'BTC', 'SOL', 'ÄPFEL', '😀', '\uffff'][next() % 6],
    ts: next() % 3 === 0 ? i : next() % 50,
    price: new ExactDecimal(`${next() % 1000}.${next() % 100}`),
    maybe: next() % 4 === 0 ? null : next() % 10,
    v: next() % 7 === 0 ? Number.NaN : (next() % 1000) / 8 - 60,
    // Distinct strings: past the file-wide dictionary, compared as strings.
    id: next() % 9 === 0 ? null : `${['a', 'é', '😀', '\uffff'][next() % 4]}${next() % 100_000}`,
    // Beyond 2^53: compared as bigints.
    big: BigInt(next() % 8) * 2n ** 59n + BigInt(next() % 1000) - 2n ** 61n,
  }))
}

describe('sortSources', () => {
  it.each([
    ['symbol then time (bucket path)', [asc('symbol'), asc('ts')]],
    ['time then symbol (comparator path)', [asc('ts'), asc('symbol')]],
    ['descending symbol', [{ name: 'symbol', descending: true, nullsFirst: false }, asc('ts')]],
    ['decimals', [asc('price')]],
    ['doubles with NaN (compared as values)', [asc('v'), asc('ts')]],
    ['strings past the dictionary, with nulls', [asc('id')]],
    [
      'descending strings past the dictionary',
      [{ name: 'id', descending: true, nullsFirst: true }],
    ],
    ['int64s beyond 2^53', [asc('big'), asc('ts')]],
    ['nulls first', [asc('maybe'), asc('ts')]],
    ['nulls last, descending', [{ name: 'maybe', descending: true, nullsFirst: false }]],
  ] as [string, SortKey[]][])('orders rows stably: %s', (_, keys) => {
    const rows = rowsOf(3000, keys.length)
    expect([...sortRows(rows, keys)]).toEqual(reference(rows, keys))
  })

  it('returns the identity for sorted input and for no keys', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ ts: i }))
    expect([...sortRows(rows, [asc('ts')])]).toEqual(rows.map((_, i) => i))
    expect([...sortRows(rowsOf(50, 1), [])]).toEqual(Array.from({ length: 50 }, (_, i) => i))
  })

  it('puts NaN after every number, +Infinity included', () => {
    const rows = [{ v: Number.NaN }, { v: Number.POSITIVE_INFINITY }, { v: -1 }]
    expect([...sortRows(rows, [asc('v')])]).toEqual([2, 1, 0])
  })
})

describe('compareCodePoints', () => {
  it('orders by code point (UTF-8 byte order), unlike UTF-16 code units', () => {
    const a = '\uffff'
    const b = '😀' // U+1F600, a surrogate pair: below U+FFFF in UTF-16 units
    expect(a < b).toBe(false)
    expect(compareCodePoints(a, b)).toBeLessThan(0)
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBeLessThan(0)
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0)
    expect(compareCodePoints('b', 'abc')).toBeGreaterThan(0)
    expect(compareCodePoints('same', 'same')).toBe(0)
  })
})
