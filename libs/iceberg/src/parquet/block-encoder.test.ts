import { ExactDecimal } from '@k2/core'
import { describe, expect, it } from 'vitest'

import type { NestedField } from '../spec/types.js'
import { encodeBlock } from './block-encoder.js'
import { planColumns, TEXT_SEPARATOR } from './column-plan.js'

const plan = (fields: NestedField[]) => planColumns({ type: 'struct', fields })
const [name, note, ts, price, tags] = plan([
  { id: 1, name: 'name', required: true, type: 'string' },
  { id: 2, name: 'note', required: false, type: 'string' },
  { id: 3, name: 'ts', required: true, type: 'timestamptz' },
  { id: 4, name: 'price', required: false, type: 'decimal(18,8)' },
  {
    id: 5,
    name: 'tags',
    required: false,
    type: { type: 'list', 'element-id': 6, element: 'string', 'element-required': true },
  },
])
const rows = [
  { name: 'a', note: 'x', ts: 1, price: new ExactDecimal('1.5'), tags: ['t'] },
  { name: 'b"c', note: null, ts: 2n ** 60n, tags: null },
]

describe('encodeBlock', () => {
  it('joins text columns without nulls, behind a leading separator', () => {
    expect(encodeBlock(name!, rows, 0, 2)).toBe(`${TEXT_SEPARATOR}a${TEXT_SEPARATOR}b"c`)
    expect(encodeBlock(name!, rows, 1, 2)).toBe(`${TEXT_SEPARATOR}b"c`)
  })

  it('uses JSON for nulls, missing values, numbers, decimals and lists', () => {
    expect(encodeBlock(note!, rows, 0, 2)).toBe('["x",null]')
    expect(encodeBlock(ts!, rows, 0, 2)).toBe('[1,"1152921504606846976"]')
    expect(encodeBlock(price!, rows, 0, 2)).toBe('[150000000,null]')
    expect(encodeBlock(tags!, rows, 0, 2)).toBe('[["t"],null]')
  })

  it('falls back to JSON when a value contains the separator', () => {
    const odd = [{ name: 'a' }, { name: `b${TEXT_SEPARATOR}c` }]
    expect(JSON.parse(encodeBlock(name!, odd, 0, 2))).toEqual(['a', `b${TEXT_SEPARATOR}c`])
  })

  it('names the column and row of a rejected value', () => {
    const bad = [{ name: 'a' }, { name: 'b' }, { name: null }]
    expect(() => encodeBlock(name!, bad, 0, 3)).toThrowError(
      expect.objectContaining({
        code: 'ICEBERG_INVALID_VALUE',
        message: 'column name: required but null',
        context: { column: 'name', fieldId: 1, rowInFile: 2 },
      }),
    )
    expect(() => encodeBlock(ts!, [{ ts: 1.5 }], 0, 1)).toThrowError(
      /column ts: 1.5 is not a valid timestamptz/,
    )
  })
})
