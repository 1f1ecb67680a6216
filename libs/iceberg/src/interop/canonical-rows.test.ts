import { ExactDecimal } from '@k2/core'
import { describe, expect, it } from 'vitest'

import type { StructType } from '../spec/types.js'
import { canonicalRow, diffRows } from './canonical-rows.js'
import { createSeededRandom } from './seeded-random.js'

const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { id: 1, name: 's', required: true, type: 'string' },
    { id: 2, name: 'ts', required: true, type: 'timestamptz' },
    { id: 3, name: 'd', required: true, type: 'decimal(18, 8)' },
    { id: 4, name: 'n', required: false, type: 'long' },
    {
      id: 5,
      name: 'l',
      required: true,
      type: { type: 'list', 'element-id': 7, element: 'string', 'element-required': true },
    },
    {
      id: 6,
      name: 'm',
      required: false,
      type: {
        type: 'map',
        'key-id': 8,
        key: 'string',
        'value-id': 9,
        value: 'string',
        'value-required': true,
      },
    },
  ],
}

describe('canonical rows (the form tools/oracles/iceberg_table_oracle.py writes)', () => {
  it('writes integers as text, decimals at the column scale, maps as sorted pairs', () => {
    const row = {
      s: 'a"\\\n\u0007ü🚀',
      ts: 1_748_822_400_000_001,
      d: new ExactDecimal('1e-8'),
      n: null,
      l: ['x', 'x'],
      m: { b: '2', '10': 'ten', '9': 'nine', '': 'empty', é: 'e' },
    }
    expect(canonicalRow(SCHEMA, row)).toBe(
      '["a\\"\\\\\\n\\u0007ü🚀","1748822400000001","0.00000001",null,["x","x"],' +
        '[["","empty"],["10","ten"],["9","nine"],["b","2"],["é","e"]]]',
    )
  })

  it('reads every form our readers give: bigint, text, DuckDB map entries, decimal text', () => {
    const fromDuckdb = {
      s: 'x',
      ts: '1748822400000001',
      d: '9999999999.99999999',
      n: 12n,
      l: [],
      m: [
        { key: 'z', value: '1' },
        { key: 'a', value: '2' },
      ],
    }
    expect(canonicalRow(SCHEMA, fromDuckdb)).toBe(
      '["x","1748822400000001","9999999999.99999999","12",[],[["a","2"],["z","1"]]]',
    )
    expect(canonicalRow(SCHEMA, { ...fromDuckdb, m: {} })).toMatch(/,\[\]\]$/)
    expect(canonicalRow(SCHEMA, { ...fromDuckdb, m: null })).toMatch(/,null\]$/)
  })

  it('refuses values that would lose precision', () => {
    expect(() => canonicalRow(SCHEMA, { s: 'x', ts: 0.5, d: '1', l: [] })).toThrow(/exact integer/)
    expect(() => canonicalRow(SCHEMA, { s: 'x', ts: 1, d: '1.000000001', l: [] })).toThrow(
      /more than 8/,
    )
  })

  it('diffs rows as multisets', () => {
    expect(diffRows(['a', 'b', 'b'], ['b', 'a', 'b'])).toEqual({ missing: [], extra: [] })
    expect(diffRows(['a', 'b', 'b'], ['b', 'c'])).toEqual({ missing: ['a', 'b'], extra: ['c'] })
  })
})

describe('seeded random', () => {
  it('repeats for a seed and stays in range', () => {
    const a = createSeededRandom(42)
    const b = createSeededRandom(42)
    const xs = Array.from({ length: 1000 }, () => a.int(-3, 3))
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.int(-3, 3)))
    expect(new Set(xs)).toEqual(new Set([-3, -2, -1, 0, 1, 2, 3]))
    expect(a.digits(12)).toMatch(/^\d{12}$/)
  })
})
