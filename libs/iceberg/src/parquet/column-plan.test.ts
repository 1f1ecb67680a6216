import { ExactDecimal } from '@k2/core'
import { describe, expect, it } from 'vitest'

import type { NestedField, PrimitiveType } from '../spec/types.js'
import { fieldIdsOption, planColumns } from './column-plan.js'
import { TRADES_SCHEMA } from './trades-fixture.js'

const column = (type: NestedField['type'], required = false) =>
  planColumns({ type: 'struct', fields: [{ id: 1, name: 'c', required, type }] })[0]!

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
    return undefined
  } catch (err) {
    return (err as { code?: string }).code
  }
}

describe('planColumns', () => {
  it('maps Iceberg types to the DuckDB types whose Parquet form the spec requires', () => {
    const types = planColumns(TRADES_SCHEMA).map((c) => [c.field.name, c.sqlType])
    expect(Object.fromEntries(types)).toEqual({
      message_id: 'VARCHAR',
      trade_id: 'VARCHAR',
      symbol: 'VARCHAR',
      exchange: 'VARCHAR',
      asset_class: 'VARCHAR',
      timestamp: 'TIMESTAMPTZ',
      price: 'DECIMAL(18,8)',
      quantity: 'DECIMAL(18,8)',
      currency: 'VARCHAR',
      side: 'VARCHAR',
      trade_conditions: 'VARCHAR[]',
      source_sequence: 'BIGINT',
      ingestion_timestamp: 'TIMESTAMPTZ',
      platform_sequence: 'BIGINT',
      vendor_data: 'MAP(VARCHAR, VARCHAR)',
    })
  })

  it('builds FIELD_IDS with nested ids and quoted names', () => {
    const columns = planColumns({
      type: 'struct',
      fields: [
        { id: 1, name: "it's", required: true, type: 'long' },
        {
          id: 2,
          name: 'l',
          required: false,
          type: { type: 'list', 'element-id': 3, element: 'string', 'element-required': false },
        },
        {
          id: 4,
          name: 'm',
          required: false,
          type: {
            type: 'map',
            'key-id': 5,
            key: 'string',
            'value-id': 6,
            value: 'long',
            'value-required': false,
          },
        },
      ],
    })
    expect(fieldIdsOption(columns)).toBe(
      "{'it''s': 1, 'l': {__duckdb_field_id: 2, element: 3}, 'm': {__duckdb_field_id: 4, key: 5, value: 6}}",
    )
    expect(columns[0]!.sqlName).toBe('"it\'s"')
  })

  it.each([
    ['fixed[16]'],
    ['timestamp_ns'],
    [{ type: 'struct', fields: [] }],
    [
      {
        type: 'list',
        'element-id': 2,
        element: { type: 'list', 'element-id': 3, element: 'int', 'element-required': true },
        'element-required': true,
      },
    ],
    [
      {
        type: 'map',
        'key-id': 2,
        key: 'long',
        'value-id': 3,
        value: 'string',
        'value-required': true,
      },
    ],
  ] as [NestedField['type']][])('refuses unsupported type %j', (type) => {
    expect(codeOf(() => column(type))).toBe('ICEBERG_INVALID_ARGUMENT')
  })

  it('refuses duplicate names and empty schemas', () => {
    expect(codeOf(() => planColumns({ type: 'struct', fields: [] }))).toBe(
      'ICEBERG_INVALID_ARGUMENT',
    )
    const dup = { id: 1, name: 'a', required: true, type: 'int' as const }
    expect(codeOf(() => planColumns({ type: 'struct', fields: [dup, { ...dup, id: 2 }] }))).toBe(
      'ICEBERG_INVALID_SPEC',
    )
  })
})

describe('staging of values', () => {
  const stage = (type: PrimitiveType, value: unknown) => column(type).stage(value)

  it.each([
    ['boolean', true, true],
    ['int', -2147483648, -2147483648],
    ['long', 9007199254740991, 9007199254740991],
    ['long', -(2n ** 63n), '-9223372036854775808'],
    ['timestamptz', 1764000000123456, 1764000000123456],
    ['timestamp', 2n ** 60n, '1152921504606846976'],
    ['date', 20000, 20000],
    ['time', 86_399_999_999, 86_399_999_999],
    ['double', 0.1, 0.1],
    ['double', Number.NaN, 'NaN'],
    ['double', -Infinity, '-Infinity'],
    ['double', -0, '-0.0'],
    ['float', 1.5, 1.5],
    ['string', 'x\u001fy', 'x\u001fy'],
    ['uuid', '6D9F0F8E-1234-4A6B-9C2D-111111111111', '6d9f0f8e-1234-4a6b-9c2d-111111111111'],
    ['uuid', Uint8Array.from({ length: 16 }, (_, i) => i), '00010203-0405-0607-0809-0a0b0c0d0e0f'],
    ['binary', Uint8Array.of(0, 255), '00ff'],
    ['decimal(18,8)', new ExactDecimal('61234.5'), 6123450000000],
    ['decimal(18,8)', new ExactDecimal('-9999999999.99999999'), '-999999999999999999'],
    ['decimal(9,2)', new ExactDecimal('1234567.89'), 123456789],
    ['decimal(38,10)', new ExactDecimal('12345678901234567890.5'), '12345678901234567890.5'],
  ] as [PrimitiveType, unknown, unknown][])('%s %s -> %j', (type, value, staged) => {
    expect(stage(type, value)).toStrictEqual(staged)
  })

  it.each([
    ['boolean', 1],
    ['int', 2147483648],
    ['int', 1.5],
    ['long', 2 ** 53],
    ['long', 2n ** 63n],
    ['long', '12'],
    ['timestamptz', 1.5],
    ['date', '2025-01-01'],
    ['time', 86_400_000_000],
    ['double', '1'],
    ['string', 5],
    ['uuid', 'not-a-uuid'],
    ['binary', 'ab'],
    ['decimal(18,8)', '1.5'],
    ['decimal(18,8)', 1.5],
    ['decimal(18,8)', new ExactDecimal('1.123456789')],
    ['decimal(18,8)', new ExactDecimal('10000000000')],
    ['decimal(9,2)', new ExactDecimal('10000000')],
    ['decimal(18,8)', new ExactDecimal('NaN')],
    ['decimal(38,10)', new ExactDecimal('0.12345678901')],
  ] as [PrimitiveType, unknown][])('%s rejects %s', (type, value) => {
    expect(codeOf(() => stage(type, value))).toBe('ICEBERG_INVALID_VALUE')
  })

  it('stages lists and maps, checking their elements and values', () => {
    const list = column({
      type: 'list',
      'element-id': 2,
      element: 'string',
      'element-required': true,
    })
    const same = ['a', 'b']
    expect(list.stage(same)).toBe(same)
    expect(codeOf(() => list.stage(['a', null]))).toBe('ICEBERG_INVALID_VALUE')
    expect(codeOf(() => list.stage('a'))).toBe('ICEBERG_INVALID_VALUE')
    const decimals = column({
      type: 'list',
      'element-id': 2,
      element: 'decimal(18,8)',
      'element-required': false,
    })
    expect(decimals.stage([new ExactDecimal('1.5'), null])).toEqual([150000000, null])

    const map = column({
      type: 'map',
      'key-id': 2,
      key: 'string',
      'value-id': 3,
      value: 'string',
      'value-required': true,
    })
    const record = { a: '1', b: '2' }
    expect(map.stage(record)).toBe(record)
    expect(map.stage(new Map([['a', '1']]))).toEqual({ a: '1' })
    expect(codeOf(() => map.stage({ a: null }))).toBe('ICEBERG_INVALID_VALUE')
    expect(codeOf(() => map.stage({ a: 1 }))).toBe('ICEBERG_INVALID_VALUE')
    expect(codeOf(() => map.stage(new Map([[1, 'a']])))).toBe('ICEBERG_INVALID_VALUE')
    expect(codeOf(() => map.stage(['a']))).toBe('ICEBERG_INVALID_VALUE')
    const longs = column({
      type: 'map',
      'key-id': 2,
      key: 'string',
      'value-id': 3,
      value: 'long',
      'value-required': false,
    })
    expect(longs.stage({ a: 2n ** 60n, b: null })).toEqual({ a: '1152921504606846976', b: null })
  })
})
