import { describe, expect, it } from 'vitest'

import { canonicalForm } from './canonical-form.js'

const record = (extra: Record<string, unknown> = {}) => ({
  type: 'record',
  name: 'Trade',
  namespace: 'k2',
  fields: [{ name: 'price', type: 'long' }],
  ...extra,
})

describe('canonicalForm', () => {
  it.each([
    ['a primitive in object form', { type: 'string' }, 'string'],
    ['a nested type object', { type: { type: 'int' } }, 'int'],
    [
      'attribute order',
      { fields: [{ type: 'long', name: 'price' }], namespace: 'k2', name: 'Trade', type: 'record' },
      record(),
    ],
    [
      'a dotted name vs name + namespace',
      { type: 'record', name: 'k2.Trade', fields: [{ name: 'price', type: 'long' }] },
      record(),
    ],
    [
      'a nested name inheriting the namespace vs spelled out',
      record({ fields: [{ name: 's', type: { type: 'enum', name: 'Side', symbols: ['B'] } }] }),
      record({ fields: [{ name: 's', type: { type: 'enum', name: 'k2.Side', symbols: ['B'] } }] }),
    ],
    [
      'a reference by short vs full name',
      record({
        fields: [
          { name: 'a', type: { type: 'fixed', name: 'F', size: 2 } },
          { name: 'b', type: 'F' },
        ],
      }),
      record({
        fields: [
          { name: 'a', type: { type: 'fixed', name: 'F', size: 2 } },
          { name: 'b', type: 'k2.F' },
        ],
      }),
    ],
  ])('treats %s as the same schema', (_, a, b) => {
    expect(canonicalForm(a)).toBe(canonicalForm(b))
  })

  it.each([
    [
      'a logical type vs its underlying type',
      { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 8 },
      'bytes',
    ],
    [
      'different decimal scales',
      { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 8 },
      { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 6 },
    ],
    [
      'a field default',
      record({ fields: [{ name: 'price', type: 'long', default: 0 }] }),
      record(),
    ],
    ['a doc', record({ doc: 'a trade' }), record()],
    [
      'field order',
      record({
        fields: [
          { name: 'a', type: 'int' },
          { name: 'b', type: 'int' },
        ],
      }),
      record({
        fields: [
          { name: 'b', type: 'int' },
          { name: 'a', type: 'int' },
        ],
      }),
    ],
    ['the namespace', record({ namespace: 'k3' }), record()],
    ['union branch order', ['null', 'string'], ['string', 'null']],
  ])('tells %s apart', (_, a, b) => {
    expect(canonicalForm(a)).not.toBe(canonicalForm(b))
  })

  it('keeps every attribute, sorted, and drops namespace in favour of full names', () => {
    expect(canonicalForm({ type: 'record', name: 'T', namespace: 'x', doc: 'd', fields: [] })).toBe(
      '{"doc":"d","fields":[],"name":"x.T","type":"record"}',
    )
  })
})
