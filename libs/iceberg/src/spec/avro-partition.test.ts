import { describe, expect, it } from 'vitest'

import {
  avroPrimitiveSchema,
  decimalBytes,
  partitionAvroSchema,
  primitiveOfAvro,
} from './avro-partition.js'
import { compatibleName } from './avro-schema.js'
import type { PrimitiveType } from './types.js'

describe('Iceberg primitives in Avro (spec appendix A)', () => {
  it.each<[PrimitiveType, unknown]>([
    ['boolean', 'boolean'],
    ['int', 'int'],
    ['long', 'long'],
    ['float', 'float'],
    ['double', 'double'],
    ['string', 'string'],
    ['binary', 'bytes'],
    ['date', { type: 'int', logicalType: 'date' }],
    ['time', { type: 'long', logicalType: 'time-micros' }],
    ['timestamp', { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': false }],
    ['timestamptz', { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': true }],
    ['uuid', { type: 'fixed', name: 'uuid_fixed', size: 16, logicalType: 'uuid' }],
    ['fixed[7]', { type: 'fixed', name: 'fixed_7', size: 7 }],
    [
      'decimal(18,8)',
      {
        type: 'fixed',
        name: 'decimal_18_8',
        size: 8,
        logicalType: 'decimal',
        precision: 18,
        scale: 8,
      },
    ],
  ])('%s <-> %j', (type, avro) => {
    expect(avroPrimitiveSchema(type, new Set())).toEqual(avro)
    expect(primitiveOfAvro(avro as never)).toBe(type)
  })

  it('references a named type after its first definition', () => {
    const defined = new Set<string>()
    expect(avroPrimitiveSchema('decimal(18,8)', defined)).toMatchObject({ type: 'fixed' })
    expect(avroPrimitiveSchema('decimal(18,8)', defined)).toBe('decimal_18_8')
  })

  it('reads the forms other writers use (string uuids, bytes decimals)', () => {
    expect(primitiveOfAvro({ type: 'string', logicalType: 'uuid' })).toBe('uuid')
    expect(primitiveOfAvro({ type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 })).toBe(
      'decimal(9,2)',
    )
    expect(primitiveOfAvro({ type: 'long', logicalType: 'timestamp-micros' })).toBe('timestamp')
  })

  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [9, 4],
    [18, 8],
    [19, 9],
    [38, 16],
  ])('decimal(%i, s) takes %i bytes', (precision, bytes) => {
    expect(decimalBytes(precision)).toBe(bytes)
  })
})

describe('Avro names for Iceberg fields', () => {
  it.each([
    ['timestamp_day', 'timestamp_day'],
    ['1st', '_1st'],
    ['symbol bucket/16', 'symbol_x20bucket_x2F16'],
    ['a-b', 'a_x2Db'],
  ])('%s -> %s', (name, avro) => {
    expect(compatibleName(name)).toBe(avro)
  })

  it('keeps the original name in iceberg-field-name', () => {
    const schema = partitionAvroSchema(
      { type: 'struct', fields: [{ id: 1000, name: 'a-b', required: true, type: 'int' }] },
      new Set(),
    )
    expect(schema).toEqual({
      type: 'record',
      name: 'r102',
      fields: [{ name: 'a_x2Db', type: 'int', 'field-id': 1000, 'iceberg-field-name': 'a-b' }],
    })
  })
})
