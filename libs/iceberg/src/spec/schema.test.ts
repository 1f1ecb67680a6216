import { describe, expect, it } from 'vitest'

import { parseLosslessJson } from './json.js'
import {
  parseIcebergType,
  parsePrimitiveType,
  parseSchema,
  serializeSchema,
  validateSchema,
  type IcebergSchema,
} from './schema.js'
import {
  fieldPathById,
  findFieldById,
  findFieldByName,
  lastColumnId,
  leafFields,
} from './schema-lookup.js'

const code = (c: string) => expect.objectContaining({ code: c })

// A schema with every nesting kind: struct in struct, list of structs, map with struct values.
const NESTED: IcebergSchema = {
  type: 'struct',
  'schema-id': 3,
  'identifier-field-ids': [1, 5],
  fields: [
    { id: 1, name: 'id', required: true, type: 'long' },
    { id: 2, name: 'price', required: false, type: 'decimal(18, 8)', doc: 'exact' },
    {
      id: 3,
      name: 'location',
      required: true,
      type: {
        type: 'struct',
        fields: [
          { id: 5, name: 'code', required: true, type: 'string' },
          { id: 6, name: 'lat', required: false, type: 'double' },
        ],
      },
    },
    {
      id: 4,
      name: 'legs',
      required: false,
      type: {
        type: 'list',
        'element-id': 7,
        element: {
          type: 'struct',
          fields: [{ id: 8, name: 'qty', required: true, type: 'int' }],
        },
        'element-required': true,
      },
    },
    {
      id: 9,
      name: 'tags',
      required: false,
      type: {
        type: 'map',
        'key-id': 10,
        key: 'string',
        'value-id': 11,
        value: 'fixed[16]',
        'value-required': false,
      },
    },
  ],
}

describe('parsePrimitiveType', () => {
  it('canonicalises spellings as Java and pyiceberg write them', () => {
    expect(parsePrimitiveType('decimal(18,8)')).toBe('decimal(18, 8)')
    expect(parsePrimitiveType('DECIMAL( 9 , 2 )')).toBe('decimal(9, 2)')
    expect(parsePrimitiveType('fixed[ 16 ]')).toBe('fixed[16]')
    expect(parsePrimitiveType('TimestampTZ')).toBe('timestamptz')
  })

  it.each([
    'timestamp_ns',
    'variant',
    'unknown',
    'decimal(39, 2)',
    'decimal(5, 6)',
    'fixed[0]',
    'text',
  ])('refuses %s in a format v2 table', (t) => {
    expect(() => parsePrimitiveType(t)).toThrow(code('ICEBERG_INVALID_SPEC'))
  })
})

describe('schema JSON', () => {
  it('round-trips a nested schema through its JSON form', () => {
    const json = serializeSchema(NESTED)
    expect(parseSchema(json)).toEqual(NESTED)
  })

  it('writes the appendix C shape with members in Java order', () => {
    const json = serializeSchema(NESTED)
    expect(Object.keys(json)).toEqual(['type', 'schema-id', 'identifier-field-ids', 'fields'])
    expect(json['fields']).toContainEqual({
      id: 9,
      name: 'tags',
      required: false,
      type: {
        type: 'map',
        'key-id': 10,
        key: 'string',
        'value-id': 11,
        value: 'fixed[16]',
        'value-required': false,
      },
    })
  })

  it('omits empty identifier-field-ids and reads a missing one as none', () => {
    const schema: IcebergSchema = {
      type: 'struct',
      'schema-id': 0,
      fields: NESTED.fields.slice(0, 1),
    }
    const json = serializeSchema(schema)
    expect(json).not.toHaveProperty('identifier-field-ids')
    expect(parseSchema({ ...json, 'identifier-field-ids': [] })).toEqual(schema)
  })

  it('parses a schema as pyiceberg writes it', () => {
    const text =
      '{"type":"struct","fields":[{"id":1,"name":"p","type":"decimal(18, 8)","required":true},' +
      '{"id":2,"name":"xs","type":{"type":"list","element-id":3,"element":"string","element-required":true},"required":false}],' +
      '"schema-id":0,"identifier-field-ids":[]}'
    const schema = parseSchema(parseLosslessJson(text))
    expect(schema.fields.map((f) => f.name)).toEqual(['p', 'xs'])
    expect(
      parseIcebergType({
        type: 'list',
        'element-id': 3,
        element: 'string',
        'element-required': true,
      }),
    ).toEqual(schema.fields[1]?.type)
  })

  it('names the JSON path of a malformed field', () => {
    expect(() =>
      parseSchema({ type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'a', type: 'int' }] }),
    ).toThrow(/\$\.fields\[0\]\.required is missing/)
  })
})

describe('validateSchema', () => {
  const withFields = (fields: IcebergSchema['fields'], ids?: number[]): IcebergSchema => ({
    type: 'struct',
    'schema-id': 0,
    ...(ids ? { 'identifier-field-ids': ids } : {}),
    fields,
  })

  it('accepts the nested schema', () => {
    expect(() => validateSchema(NESTED)).not.toThrow()
  })

  it('refuses duplicate ids, including list element and map key/value ids', () => {
    expect(() =>
      validateSchema(
        withFields([
          { id: 1, name: 'a', required: true, type: 'int' },
          {
            id: 2,
            name: 'b',
            required: true,
            type: { type: 'list', 'element-id': 1, element: 'int', 'element-required': true },
          },
        ]),
      ),
    ).toThrow(/share the id 1/)
    expect(() =>
      validateSchema(
        withFields([
          {
            id: 1,
            name: 'm',
            required: true,
            type: {
              type: 'map',
              'key-id': 2,
              key: 'string',
              'value-id': 2,
              value: 'int',
              'value-required': true,
            },
          },
        ]),
      ),
    ).toThrow(/share the id 2/)
  })

  it('refuses duplicate names within a struct but allows them across structs', () => {
    expect(() =>
      validateSchema(
        withFields([
          { id: 1, name: 'a', required: true, type: 'int' },
          { id: 2, name: 'a', required: true, type: 'int' },
        ]),
      ),
    ).toThrow(/two fields named "a"/)
    expect(() =>
      validateSchema(
        withFields([
          { id: 1, name: 'a', required: true, type: 'int' },
          {
            id: 2,
            name: 's',
            required: true,
            type: { type: 'struct', fields: [{ id: 3, name: 'a', required: true, type: 'int' }] },
          },
        ]),
      ),
    ).not.toThrow()
  })

  it('refuses non-positive ids and empty names', () => {
    expect(() =>
      validateSchema(withFields([{ id: 0, name: 'a', required: true, type: 'int' }])),
    ).toThrow(code('ICEBERG_INVALID_SPEC'))
    expect(() =>
      validateSchema(withFields([{ id: 1, name: '', required: true, type: 'int' }])),
    ).toThrow(/empty name/)
  })

  it('checks identifier fields: existing, required, primitive, not float, not in a list', () => {
    const base = NESTED.fields
    expect(() => validateSchema(withFields(base, [99]))).toThrow(/not in the schema/)
    expect(() => validateSchema(withFields(base, [2]))).toThrow(/must be required/)
    expect(() => validateSchema(withFields(base, [3]))).toThrow(/not primitive/)
    expect(() => validateSchema(withFields(base, [8]))).toThrow(/list or map/)
    expect(() =>
      validateSchema(withFields([{ id: 1, name: 'x', required: true, type: 'double' }], [1])),
    ).toThrow(/float or double/)
  })
})

describe('schema lookups', () => {
  it('finds fields by id anywhere, element/key/value included', () => {
    expect(findFieldById(NESTED, 6)).toMatchObject({ name: 'lat', type: 'double' })
    expect(findFieldById(NESTED, 7)).toMatchObject({ name: 'element', required: true })
    expect(findFieldById(NESTED, 10)).toMatchObject({ name: 'key', type: 'string', required: true })
    expect(findFieldById(NESTED, 11)).toMatchObject({
      name: 'value',
      type: 'fixed[16]',
      required: false,
    })
    expect(findFieldById(NESTED, 12)).toBeUndefined()
    expect(fieldPathById(NESTED, 8)).toBe('legs.element.qty')
  })

  it('finds fields by top-level name and by dotted path', () => {
    expect(findFieldByName(NESTED, 'id')?.id).toBe(1)
    expect(findFieldByName(NESTED, 'location.code')?.id).toBe(5)
    expect(findFieldByName(NESTED, 'legs.element.qty')?.id).toBe(8)
    expect(findFieldByName(NESTED, 'tags.value')?.id).toBe(11)
    expect(findFieldByName(NESTED, 'location.nope')).toBeUndefined()
    expect(findFieldByName(NESTED, 'id.x')).toBeUndefined()
  })

  it('prefers an exact top-level name containing a dot', () => {
    const s: IcebergSchema = {
      type: 'struct',
      'schema-id': 0,
      fields: [{ id: 1, name: 'a.b', required: true, type: 'int' }],
    }
    expect(findFieldByName(s, 'a.b')?.id).toBe(1)
  })

  it('computes the last column id over nested ids', () => {
    expect(lastColumnId(NESTED)).toBe(11)
    expect(lastColumnId({ type: 'struct', fields: [] })).toBe(0)
  })

  it('lists primitive leaves with ids, paths, types and nullability', () => {
    expect(leafFields(NESTED)).toEqual([
      { id: 1, path: 'id', type: 'long', repeated: false, optional: false },
      { id: 2, path: 'price', type: 'decimal(18, 8)', repeated: false, optional: true },
      { id: 5, path: 'location.code', type: 'string', repeated: false, optional: false },
      { id: 6, path: 'location.lat', type: 'double', repeated: false, optional: true },
      { id: 8, path: 'legs.element.qty', type: 'int', repeated: true, optional: true },
      { id: 10, path: 'tags.key', type: 'string', repeated: true, optional: true },
      { id: 11, path: 'tags.value', type: 'fixed[16]', repeated: true, optional: true },
    ])
  })
})
