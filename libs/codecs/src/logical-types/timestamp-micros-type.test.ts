import { describe, expect, it } from 'vitest'

import { parseAvroType } from '../schemas/index.js'

const TS = { type: 'long', logicalType: 'timestamp-micros' }

describe('TimestampMicrosType', () => {
  const type = parseAvroType(TS)

  it.each([
    { input: 1_718_035_200_123_456, micros: 1_718_035_200_123_456 },
    { input: 0, micros: 0 },
    { input: -1, micros: -1 },
    { input: 1_718_035_200_123_456n, micros: 1_718_035_200_123_456 },
    { input: '2024-06-10T16:00:00.123456Z', micros: 1_718_035_200_123_456 },
    { input: '1969-12-31T23:59:59.999999Z', micros: -1 },
    { input: new Date('2024-06-10T16:00:00.123Z'), micros: 1_718_035_200_123_000 },
  ])('writes $input as $micros µs', ({ input, micros }) => {
    expect(type.fromBuffer(type.toBuffer(input))).toBe(micros)
  })

  it.each([1.5, 'yesterday', '2024-06-10T16:00:00.1234567Z', 2 ** 53, null])(
    'refuses %s',
    (input) => {
      expect(() => type.toBuffer(input)).toThrow()
    },
  )

  it('reads a plain long written by an older schema as µs', () => {
    const plain = parseAvroType('"long"')
    const resolver = type.createResolver(plain)
    expect(type.fromBuffer(plain.toBuffer(-(2 ** 52) - 7), resolver)).toBe(-(2 ** 52) - 7)
  })

  it('refuses to read an int or a string as a timestamp', () => {
    expect(() => type.createResolver(parseAvroType('"string"'))).toThrow()
    expect(() => type.createResolver(parseAvroType('"int"'))).toThrow()
  })

  it('is only allowed on long', () => {
    expect(() => parseAvroType({ type: 'int', logicalType: 'timestamp-micros' })).toThrow(
      expect.objectContaining({ code: 'CODECS_INVALID_SCHEMA' }),
    )
  })
})
