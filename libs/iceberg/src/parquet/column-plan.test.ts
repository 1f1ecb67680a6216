import { describe, expect, it } from 'vitest'

import type { NestedField } from '../spec/types.js'
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
