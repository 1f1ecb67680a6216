import { ExactDecimal } from '@k2/core'
import { describe, expect, it } from 'vitest'

import {
  createPartitioner,
  lastPartitionId,
  parsePartitionSpec,
  partitionPath,
  partitionType,
  partitionValues,
  serializePartitionSpec,
  UNPARTITIONED_SPEC,
  validatePartitionSpec,
  type PartitionSpec,
} from './partition-spec.js'
import type { IcebergSchema } from './schema.js'

const code = (c: string) => expect.objectContaining({ code: c })

const SCHEMA: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'symbol', required: true, type: 'string' },
    { id: 2, name: 'timestamp', required: true, type: 'timestamptz' },
    { id: 3, name: 'price', required: true, type: 'decimal(18, 8)' },
    {
      id: 4,
      name: 'venue',
      required: false,
      type: { type: 'struct', fields: [{ id: 5, name: 'code', required: true, type: 'string' }] },
    },
    {
      id: 6,
      name: 'tags',
      required: false,
      type: { type: 'list', 'element-id': 7, element: 'string', 'element-required': true },
    },
    { id: 8, name: 'flag', required: false, type: 'boolean' },
  ],
}

const spec = (...fields: [number, number, string, string][]): PartitionSpec => ({
  'spec-id': 0,
  fields: fields.map(([source, id, name, transform]) => ({
    'source-id': source,
    'field-id': id,
    name,
    transform,
  })),
})

const DAY = spec([2, 1000, 'timestamp_day', 'day'])
const MULTI = spec(
  [2, 1000, 'timestamp_day', 'day'],
  [1, 1001, 'symbol_bucket', 'bucket[8]'],
  [5, 1002, 'venue.code', 'identity'],
  [3, 1003, 'price_trunc', 'truncate[100000000]'],
)

describe('partition spec JSON', () => {
  it('round-trips and writes members in Java order', () => {
    const json = serializePartitionSpec(MULTI)
    expect(Object.keys((json['fields'] as object[])[0] as object)).toEqual([
      'name',
      'transform',
      'source-id',
      'field-id',
    ])
    expect(parsePartitionSpec(json)).toEqual(MULTI)
  })

  it('keeps unknown transforms when reading (readers must tolerate them)', () => {
    const read = parsePartitionSpec({
      'spec-id': 1,
      fields: [{ name: 'z', transform: 'zorder', 'source-id': 1, 'field-id': 1000 }],
    })
    expect(read.fields[0]?.transform).toBe('zorder')
    expect(() => validatePartitionSpec(read, SCHEMA)).toThrow(code('ICEBERG_INVALID_SPEC'))
  })
})

describe('validatePartitionSpec', () => {
  it('accepts valid specs', () => {
    expect(() => validatePartitionSpec(DAY, SCHEMA)).not.toThrow()
    expect(() => validatePartitionSpec(MULTI, SCHEMA)).not.toThrow()
    expect(() => validatePartitionSpec(UNPARTITIONED_SPEC, SCHEMA)).not.toThrow()
    expect(() => validatePartitionSpec(spec([1, 1000, 'symbol', 'identity']), SCHEMA)).not.toThrow()
  })

  it.each([
    ['a field id below 1000', spec([2, 999, 'd', 'day']), /below 1000/],
    ['a repeated field id', spec([2, 1000, 'd', 'day'], [1, 1000, 's', 'identity']), /used twice/],
    ['a repeated name', spec([2, 1000, 'd', 'day'], [1, 1001, 'd', 'identity']), /two fields/],
    ['an unknown source', spec([99, 1000, 'd', 'day']), /not in the schema/],
    ['a struct source', spec([4, 1000, 'v', 'identity']), /primitive/],
    ['a source inside a list', spec([7, 1000, 't', 'identity']), /primitive outside lists/],
    ['a transform that does not apply', spec([1, 1000, 's', 'day']), /does not apply/],
    ['a bucket of a boolean', spec([8, 1000, 'f', 'bucket[2]']), /does not apply/],
    ['a name of another column', spec([2, 1000, 'symbol', 'day']), /schema column/],
    ['a non-identity under its own name', spec([2, 1000, 'timestamp', 'day']), /schema column/],
    [
      'the same transform twice',
      spec([2, 1000, 'a', 'day'], [2, 1001, 'b', 'day']),
      /listed twice/,
    ],
  ])('refuses %s', (_name, bad, message) => {
    expect(() => validatePartitionSpec(bad, SCHEMA)).toThrow(message)
  })
})

describe('partition tuples', () => {
  it('derives the partition type: field ids, names, result types, all optional', () => {
    expect(partitionType(MULTI, SCHEMA)).toEqual({
      type: 'struct',
      fields: [
        { id: 1000, name: 'timestamp_day', required: false, type: 'date' },
        { id: 1001, name: 'symbol_bucket', required: false, type: 'int' },
        { id: 1002, name: 'venue.code', required: false, type: 'string' },
        { id: 1003, name: 'price_trunc', required: false, type: 'decimal(18, 8)' },
      ],
    })
    expect(partitionType(UNPARTITIONED_SPEC, SCHEMA)).toEqual({ type: 'struct', fields: [] })
  })

  it('computes values from a row keyed by column name, nested sources by path', () => {
    const row = {
      symbol: 'iceberg',
      timestamp: 1_764_115_200_000_001n, // 2025-11-26T00:00:00.000001Z
      price: new ExactDecimal('42.5'),
      venue: { code: 'XASX' },
    }
    expect(partitionValues(MULTI, SCHEMA, row)).toEqual([
      20418,
      1210000089 % 8,
      'XASX',
      4_200_000_000n,
    ])
    expect(partitionValues(MULTI, SCHEMA, { ...row, venue: null })).toEqual([
      20418,
      1,
      null,
      4_200_000_000n,
    ])
  })

  it('builds data-file directories like Java and pyiceberg', () => {
    const part = createPartitioner(DAY, SCHEMA)
    const values = part({ timestamp: 1_764_158_700_000_000 }) // 2025-11-26T12:05Z
    expect(partitionPath(DAY, SCHEMA, values)).toBe('timestamp_day=2025-11-26')
    expect(partitionPath(MULTI, SCHEMA, [20418, 3, 'a/b c', 1050n])).toBe(
      'timestamp_day=2025-11-26/symbol_bucket=3/venue.code=a%2Fb+c/price_trunc=0.00001050',
    )
    expect(partitionPath(DAY, SCHEMA, [null])).toBe('timestamp_day=null')
    expect(partitionPath(UNPARTITIONED_SPEC, SCHEMA, [])).toBe('')
    expect(() => partitionPath(DAY, SCHEMA, [])).toThrow(code('ICEBERG_INVALID_VALUE'))
  })

  it('gives the last partition id', () => {
    expect(lastPartitionId(MULTI)).toBe(1003)
    expect(lastPartitionId(UNPARTITIONED_SPEC)).toBe(999)
  })
})
