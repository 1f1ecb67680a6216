import { DATA_TYPES } from '@k2/core'
import { describe, expect, it } from 'vitest'

import {
  canonicalForm,
  fingerprintOf,
  logicalForm,
  parseAvroType,
  readerSchemaOf,
  schemaText,
} from './index.js'

/**
 * Parsing Canonical Form vectors from the Avro repository's `share/test/data/schema-tests.txt`
 * (input -> canonical), plus the logical types K2 uses, which the canonical form drops.
 */
const CANONICAL_VECTORS: ReadonlyArray<{ input: string; canonical: string }> = [
  { input: '"null"', canonical: '"null"' },
  { input: '{"type":"int"}', canonical: '"int"' },
  { input: '[ "int" , {"type":"boolean"} ]', canonical: '["int","boolean"]' },
  {
    input: '{"fields":[], "type":"record", "name":"foo", "namespace":"x.y"}',
    canonical: '{"name":"x.y.foo","type":"record","fields":[]}',
  },
  {
    input: '{"fields":[], "type":"record", "name":"a.b.foo", "namespace":"x.y"}',
    canonical: '{"name":"a.b.foo","type":"record","fields":[]}',
  },
  {
    input: '{"fields":[], "type":"record", "name":"foo", "doc":"foo", "aliases":["foo","bar"]}',
    canonical: '{"name":"foo","type":"record","fields":[]}',
  },
  {
    input:
      '{"fields":[{"type":"boolean","aliases":[],"name":"f1","default":true},{"order":"descending","name":"f2","doc":"Hello","type":"int"}],"type":"record","name":"foo"}',
    canonical:
      '{"name":"foo","type":"record","fields":[{"name":"f1","type":"boolean"},{"name":"f2","type":"int"}]}',
  },
  {
    input:
      '{"namespace":"x.y.z", "type":"enum", "name":"foo", "doc":"foo bar", "symbols":["A1", "A2"]}',
    canonical: '{"name":"x.y.z.foo","type":"enum","symbols":["A1","A2"]}',
  },
  {
    input: '{"namespace":"x.y.z", "type":"fixed", "name":"foo", "doc":"foo bar", "size":32}',
    canonical: '{"name":"x.y.z.foo","type":"fixed","size":32}',
  },
  {
    input: '{ "items":{"type":"null"}, "type":"array"}',
    canonical: '{"type":"array","items":"null"}',
  },
  { input: '{ "values":"string", "type":"map"}', canonical: '{"type":"map","values":"string"}' },
  {
    input:
      '{"name":"PigValue","type":"record","fields":[{"name":"value", "type":["null", "int", "long", "PigValue"]}]}',
    canonical:
      '{"name":"PigValue","type":"record","fields":[{"name":"value","type":["null","int","long","PigValue"]}]}',
  },
  {
    input: '{"type":"bytes","logicalType":"decimal","precision":18,"scale":8}',
    canonical: '"bytes"',
  },
  { input: '{"type":"long","logicalType":"timestamp-micros"}', canonical: '"long"' },
]

/**
 * Fingerprints of the checked-in v2 schemas, as fastavro 1.13.1 computes them (little-endian hex,
 * as in the single-object header). A v2 schema is frozen once records are written with it (D2:
 * field order is part of the format): a change must be a new `.avsc` version, not an edit, so a
 * change here is a wire-format break. The interop test recomputes them with fastavro.
 */
const V2_FINGERPRINTS = {
  trades: 'fc981a869a477c35',
  quotes: '986ed89f4d7d8f95',
  reference_data: '8ca3fe5dd5739bfb',
} as const

function littleEndianHex(fp: bigint): string {
  const buf = Buffer.alloc(8)
  buf.writeBigUInt64LE(fp)
  return buf.toString('hex')
}

describe('canonicalForm', () => {
  it.each(CANONICAL_VECTORS)('$input -> $canonical', ({ input, canonical }) => {
    expect(canonicalForm(parseAvroType(input))).toBe(canonical)
  })
})

describe('the v2 schemas', () => {
  it.each(DATA_TYPES)('%s has its published fingerprint', (dataType) => {
    const type = parseAvroType(readerSchemaOf(dataType))
    expect(littleEndianHex(fingerprintOf(type))).toBe(V2_FINGERPRINTS[dataType])
  })

  it.each(DATA_TYPES)('%s survives schemaText -> parse with the same logical form', (dataType) => {
    const type = parseAvroType(readerSchemaOf(dataType))
    const again = parseAvroType(schemaText(type))
    expect(logicalForm(again)).toBe(logicalForm(type))
    expect(fingerprintOf(again)).toBe(fingerprintOf(type))
  })
})

describe('logicalForm', () => {
  const decimal = (scale: number) =>
    parseAvroType({ type: 'bytes', logicalType: 'decimal', precision: 18, scale })

  it('tells apart what the canonical form cannot: decimal scales', () => {
    expect(canonicalForm(decimal(8))).toBe(canonicalForm(decimal(6)))
    expect(logicalForm(decimal(8))).not.toBe(logicalForm(decimal(6)))
  })

  it('ignores docs, defaults, aliases and order like the canonical form', () => {
    const a = parseAvroType({
      type: 'record',
      name: 'R',
      fields: [{ name: 'f', type: 'long' }],
    })
    const b = parseAvroType({
      type: 'record',
      name: 'R',
      doc: 'documented',
      aliases: ['Q'],
      fields: [{ name: 'f', type: 'long', default: 0, order: 'descending', doc: 'a field' }],
    })
    expect(logicalForm(a)).toBe(logicalForm(b))
  })
})

describe('parseAvroType', () => {
  it.each([
    { name: 'not JSON', schema: '{"type":' },
    { name: 'an unknown type', schema: { type: 'decimal' } },
    { name: 'a union with two nulls', schema: ['null', 'null'] },
    { name: 'duplicate enum symbols', schema: { type: 'enum', name: 'E', symbols: ['A', 'A'] } },
  ])('refuses $name with CODECS_INVALID_SCHEMA', ({ schema }) => {
    expect(() => parseAvroType(schema)).toThrow(
      expect.objectContaining({ code: 'CODECS_INVALID_SCHEMA' }),
    )
  })
})
