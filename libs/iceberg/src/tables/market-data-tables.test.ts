import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { partitionType } from '../spec/partition-spec.js'
import { parseSchema, serializeSchema } from '../spec/schema.js'
import { leafFields } from '../spec/schema-lookup.js'
import { newTableMetadata } from '../spec/table-metadata.js'
import type { IcebergType, NestedField } from '../spec/types.js'
import {
  MARKET_DATA_TABLES,
  QUOTES_V2_TABLE,
  REFERENCE_DATA_V2_TABLE,
  TRADES_V2_TABLE,
  type TableDefinition,
} from './market-data-tables.js'

const SCHEMAS_DIR = fileURLToPath(new URL('../../../../schemas/', import.meta.url))

interface AvroField {
  readonly name: string
  readonly type: unknown
  readonly doc?: string
}

function avroFields(file: string): AvroField[] {
  return (JSON.parse(readFileSync(`${SCHEMAS_DIR}${file}`, 'utf8')) as { fields: AvroField[] })
    .fields
}

/** The Iceberg type an Avro field type maps to (Iceberg spec appendix A), and its optionality. */
function expected(avro: unknown): { type: string; optional: boolean } {
  if (Array.isArray(avro)) {
    const branches = avro.filter((b) => b !== 'null')
    expect(branches).toHaveLength(1)
    expect(avro).toHaveLength(2)
    return { type: expected(branches[0]).type, optional: true }
  }
  if (typeof avro === 'string') {
    const map: Record<string, string> = {
      string: 'string',
      long: 'long',
      int: 'int',
      boolean: 'boolean',
    }
    return { type: map[avro] ?? `unmapped ${avro}`, optional: false }
  }
  const t = avro as {
    type: string
    logicalType?: string
    precision?: number
    scale?: number
    items?: unknown
    values?: unknown
  }
  if (t.type === 'enum') return { type: 'string', optional: false }
  if (t.type === 'long' && t.logicalType === 'timestamp-micros')
    return { type: 'timestamptz', optional: false }
  if (t.type === 'bytes' && t.logicalType === 'decimal') {
    return { type: `decimal(${t.precision}, ${t.scale})`, optional: false }
  }
  if (t.type === 'array')
    return { type: `list<${expected(t.items).type}, required>`, optional: false }
  if (t.type === 'map')
    return { type: `map<string, ${expected(t.values).type}, required>`, optional: false }
  return { type: `unmapped ${JSON.stringify(avro)}`, optional: false }
}

function describeType(type: IcebergType): string {
  if (typeof type === 'string') return type
  if (type.type === 'list') {
    return `list<${describeType(type.element)}, ${type['element-required'] ? 'required' : 'optional'}>`
  }
  if (type.type === 'map') {
    return `map<${describeType(type.key)}, ${describeType(type.value)}, ${type['value-required'] ? 'required' : 'optional'}>`
  }
  return 'struct'
}

describe.each([
  ['trade_v2.avsc', TRADES_V2_TABLE],
  ['quote_v2.avsc', QUOTES_V2_TABLE],
  ['reference_data_v2.avsc', REFERENCE_DATA_V2_TABLE],
] as const)('%s', (file, table: TableDefinition) => {
  const avro = avroFields(file)
  const fields: readonly NestedField[] = table.schema.fields

  it('has the Avro fields, in the same order', () => {
    expect(fields.map((f) => f.name)).toEqual(avro.map((f) => f.name))
  })

  it('maps each Avro type and optionality field by field', () => {
    avro.forEach((a, i) => {
      const field = fields[i] as NestedField
      const want = expected(a.type)
      expect({
        name: field.name,
        type: describeType(field.type),
        optional: !field.required,
      }).toEqual({
        name: a.name,
        ...want,
      })
    })
  })

  it('carries the Avro docs', () => {
    avro.forEach((a, i) => expect(fields[i]?.doc).toBe(a.doc))
  })

  it('numbers top-level fields 1..N, then nested ids in field order', () => {
    expect(fields.map((f) => f.id)).toEqual(avro.map((_, i) => i + 1))
    const nested = leafFields(table.schema)
      .filter((l) => l.repeated)
      .map((l) => [l.path, l.id])
    let next = avro.length + 1
    for (const [, id] of nested) expect(id).toBe(next++)
  })

  it('is a valid schema, spec and sort order, and round-trips through JSON', () => {
    expect(parseSchema(serializeSchema(table.schema))).toEqual(table.schema)
    const md = newTableMetadata({ location: '/wh', ...table })
    expect(md['last-column-id']).toBe(leafFields(table.schema).at(-1)?.id)
  })
})

describe('market-data tables (D4)', () => {
  it('live in namespace market_data', () => {
    expect(
      MARKET_DATA_TABLES.map((t) => [...t.identifier.namespace, t.identifier.name].join('.')),
    ).toEqual(['market_data.trades_v2', 'market_data.quotes_v2', 'market_data.reference_data_v2'])
  })

  it('give the nested ids of recipes.md: vendor_data key/value after the top-level ids', () => {
    const ids = (t: TableDefinition) =>
      Object.fromEntries(leafFields(t.schema).map((l) => [l.path, l.id]))
    expect(ids(TRADES_V2_TABLE)).toMatchObject({
      'trade_conditions.element': 16,
      'vendor_data.key': 17,
      'vendor_data.value': 18,
    })
    expect(ids(QUOTES_V2_TABLE)).toMatchObject({ 'vendor_data.key': 16, 'vendor_data.value': 17 })
    expect(ids(REFERENCE_DATA_V2_TABLE)).toMatchObject({
      'vendor_data.key': 14,
      'vendor_data.value': 15,
    })
  })

  it('partition trades and quotes by day(timestamp) as timestamp_day (1000)', () => {
    for (const t of [TRADES_V2_TABLE, QUOTES_V2_TABLE]) {
      expect(t.spec).toEqual({
        'spec-id': 0,
        fields: [{ 'source-id': 6, 'field-id': 1000, name: 'timestamp_day', transform: 'day' }],
      })
      expect(partitionType(t.spec, t.schema).fields).toEqual([
        { id: 1000, name: 'timestamp_day', required: false, type: 'date' },
      ])
    }
    expect(REFERENCE_DATA_V2_TABLE.spec.fields).toEqual([])
  })

  it('sort by (symbol, time) ascending', () => {
    expect(TRADES_V2_TABLE.sortOrder.fields.map((f) => [f['source-id'], f.direction])).toEqual([
      [3, 'asc'],
      [6, 'asc'],
    ])
    expect(REFERENCE_DATA_V2_TABLE.sortOrder.fields.map((f) => f['source-id'])).toEqual([3, 12])
  })

  it('write zstd Parquet with 128 MiB target files', () => {
    expect(TRADES_V2_TABLE.properties).toMatchObject({
      'write.format.default': 'parquet',
      'write.parquet.compression-codec': 'zstd',
      'write.target-file-size-bytes': '134217728',
      'write.metadata.previous-versions-max': '100',
      'write.metadata.delete-after-commit.enabled': 'true',
    })
  })
})
