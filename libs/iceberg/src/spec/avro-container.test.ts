import { describe, expect, it } from 'vitest'

import { readAvroContainer, writeAvroContainer } from './avro-container.js'
import { optionalField, recordSchema, requiredField } from './avro-schema.js'

const SCHEMA = recordSchema('thing', [
  requiredField(1, 'id', 'long'),
  optionalField(2, 'name', 'string'),
  optionalField(3, 'blob', 'bytes'),
])

const EXTREMES = [
  9223372036854775807n,
  -9223372036854775808n,
  9007199254740993n,
  -9007199254740993n,
  0n,
  -1n,
]

function records(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: EXTREMES[i % EXTREMES.length] as bigint,
    name: i % 3 === 0 ? null : `name-${i}`,
    blob: i % 2 === 0 ? null : Buffer.from([i & 0xff, 0, 255]),
  }))
}

describe('Avro object container files', () => {
  it.each(['deflate', 'null'] as const)('round-trips records with codec %s', (codec) => {
    const input = records(50)
    const bytes = writeAvroContainer({
      schema: SCHEMA,
      records: input,
      metadata: { a: 'b' },
      codec,
    })
    const file = readAvroContainer(bytes)
    expect(file.codec).toBe(codec)
    expect(file.metadata['a']).toBe('b')
    expect(file.metadata['avro.codec']).toBe(codec)
    expect(file.records.map((r) => ({ ...(r as object) }))).toEqual(input)
  })

  it('keeps 64-bit longs exact, 2^63 - 1 and -2^63 included', () => {
    const bytes = writeAvroContainer({ schema: SCHEMA, records: records(6), metadata: {} })
    const ids = readAvroContainer(bytes).records.map((r) => (r as { id: bigint }).id)
    expect(ids).toEqual(EXTREMES)
  })

  it('writes the schema JSON verbatim, Iceberg field ids included', () => {
    const bytes = writeAvroContainer({ schema: SCHEMA, records: [], metadata: {} })
    const file = readAvroContainer(bytes)
    expect(file.metadata['avro.schema']).toBe(JSON.stringify(SCHEMA))
    expect(file.schema).toEqual(SCHEMA)
    expect(file.records).toEqual([])
  })

  it('splits records into blocks and reads every block', () => {
    const input = records(200)
    const bytes = writeAvroContainer({
      schema: SCHEMA,
      records: input,
      metadata: {},
      blockBytes: 64,
    })
    const single = writeAvroContainer({ schema: SCHEMA, records: input, metadata: {} })
    // Each block adds its own count, size and 16-byte sync marker.
    expect(bytes.length).toBeGreaterThan(single.length + 16 * 10)
    expect(readAvroContainer(bytes).records).toHaveLength(200)
  })

  it('names the record and field that do not fit the schema', () => {
    expect(() =>
      writeAvroContainer({
        schema: SCHEMA,
        records: [{ id: 5, name: null, blob: null }],
        metadata: {},
      }),
    ).toThrow(/record 0 does not fit the Avro schema at id/)
  })

  it('refuses files that are not Avro, truncated or corrupt', () => {
    const good = writeAvroContainer({ schema: SCHEMA, records: records(5), metadata: {} })
    const cases: [string, Uint8Array, RegExp][] = [
      ['no magic', Buffer.from('PAR1xxxxxxxxxxxxxxx'), /no "Obj\\x01" magic/],
      ['truncated header', good.subarray(0, 20), /header is truncated/],
      ['truncated block', good.subarray(0, good.length - 3), /truncated/],
      [
        'wrong sync marker',
        Buffer.concat([
          good.subarray(0, good.length - 1),
          Buffer.from([good[good.length - 1]! ^ 1]),
        ]),
        /sync marker/,
      ],
    ]
    for (const [name, bytes, message] of cases) {
      expect(() => readAvroContainer(bytes), name).toThrow(message)
    }
  })

  it('refuses codecs it cannot read', () => {
    const bytes = writeAvroContainer({ schema: SCHEMA, records: [], metadata: {}, codec: 'null' })
    const text = Buffer.from(bytes).toString('latin1').replace('\x08null', '\x08zstd')
    expect(() => readAvroContainer(Buffer.from(text, 'latin1'))).toThrow(
      /unsupported Avro codec "zstd"/,
    )
  })
})
