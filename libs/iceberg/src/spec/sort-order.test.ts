import { describe, expect, it } from 'vitest'

import type { IcebergSchema } from './schema.js'
import {
  parseSortOrder,
  serializeSortOrder,
  UNSORTED_ORDER,
  validateSortOrder,
  type SortOrder,
} from './sort-order.js'

const SCHEMA: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'symbol', required: true, type: 'string' },
    { id: 2, name: 'timestamp', required: true, type: 'timestamptz' },
    {
      id: 3,
      name: 'tags',
      required: false,
      type: { type: 'list', 'element-id': 4, element: 'string', 'element-required': true },
    },
  ],
}

const ORDER: SortOrder = {
  'order-id': 1,
  fields: [
    { transform: 'identity', 'source-id': 1, direction: 'asc', 'null-order': 'nulls-first' },
    { transform: 'hour', 'source-id': 2, direction: 'desc', 'null-order': 'nulls-last' },
  ],
}

describe('sort order', () => {
  it('round-trips its JSON form (appendix C)', () => {
    const json = serializeSortOrder(ORDER)
    expect(json).toEqual({
      'order-id': 1,
      fields: [
        { transform: 'identity', 'source-id': 1, direction: 'asc', 'null-order': 'nulls-first' },
        { transform: 'hour', 'source-id': 2, direction: 'desc', 'null-order': 'nulls-last' },
      ],
    })
    expect(parseSortOrder(json)).toEqual(ORDER)
    expect(parseSortOrder(serializeSortOrder(UNSORTED_ORDER))).toEqual(UNSORTED_ORDER)
  })

  it('refuses bad directions and null orders when reading', () => {
    const field = ORDER.fields[0]
    expect(() =>
      parseSortOrder({ 'order-id': 1, fields: [{ ...field, direction: 'up' }] }),
    ).toThrow(/direction must be/)
    expect(() =>
      parseSortOrder({ 'order-id': 1, fields: [{ ...field, 'null-order': 'first' }] }),
    ).toThrow(/null-order must be/)
  })

  it('validates against a schema', () => {
    expect(() => validateSortOrder(ORDER, SCHEMA)).not.toThrow()
    expect(() => validateSortOrder(UNSORTED_ORDER, SCHEMA)).not.toThrow()
    const bad = (o: Partial<SortOrder>) => ({ ...ORDER, ...o })
    expect(() => validateSortOrder(bad({ 'order-id': 0 }), SCHEMA)).toThrow(/reserved/)
    expect(() => validateSortOrder(bad({ fields: [] }), SCHEMA)).toThrow(/must have id 0/)
    const f = ORDER.fields[0] as SortOrder['fields'][number]
    expect(() => validateSortOrder(bad({ fields: [{ ...f, 'source-id': 9 }] }), SCHEMA)).toThrow(
      /not in the schema/,
    )
    expect(() => validateSortOrder(bad({ fields: [{ ...f, 'source-id': 4 }] }), SCHEMA)).toThrow(
      /outside lists/,
    )
    expect(() => validateSortOrder(bad({ fields: [{ ...f, transform: 'day' }] }), SCHEMA)).toThrow(
      /does not apply/,
    )
  })
})
