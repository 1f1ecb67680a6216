import avsc from 'avsc'
import { describe, expect, it } from 'vitest'

import { parseAvroType } from '../schemas/index.js'
import { seededRandom } from '../testing/random-records.js'
import { EXACT_LONG_TYPE } from './exact-long-type.js'

/** Reference Avro long encoding (spec, "Binary Encoding"): zig-zag, then base-128 varint. */
function avroLong(n: bigint): string {
  let z = BigInt.asUintN(64, (n << 1n) ^ (n >> 63n))
  const bytes: number[] = []
  do {
    const low = Number(z & 0x7fn)
    z >>= 7n
    bytes.push(z > 0n ? low | 0x80 : low)
  } while (z > 0n)
  return Buffer.from(bytes).toString('hex')
}

const MAX = 2 ** 53 - 1
const EDGES = [
  0,
  1,
  -1,
  63,
  -64,
  64,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 52,
  -(2 ** 52),
  // Below -2^52 avsc 5.7.9's own long writes the wrong sign (mtth/avsc#455).
  -(2 ** 52) - 1,
  -(2 ** 52) - 3,
  -6_463_171_138_812_367,
  MAX - 1,
  MAX,
  -MAX,
  -(MAX - 1),
]

describe('EXACT_LONG_TYPE', () => {
  it.each(EDGES)('writes %s as the spec says and reads it back', (n) => {
    const buf = EXACT_LONG_TYPE.toBuffer(n)
    expect(buf.toString('hex')).toBe(avroLong(BigInt(n)))
    expect(EXACT_LONG_TYPE.fromBuffer(buf)).toBe(n)
  })

  it('round-trips 20000 random safe integers byte-exactly', () => {
    const rand = seededRandom(1827)
    for (let i = 0; i < 20000; i++) {
      const magnitude = Math.floor(rand() * 2 ** 21) * 2 ** 32 + Math.floor(rand() * 2 ** 32)
      const n = rand() < 0.5 ? -magnitude : magnitude
      const buf = EXACT_LONG_TYPE.toBuffer(n)
      expect(buf.toString('hex')).toBe(avroLong(BigInt(n)))
      expect(EXACT_LONG_TYPE.fromBuffer(buf)).toBe(n)
    }
  })

  it.each([2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n)])(
    'refuses to read %s instead of rounding it',
    (n) => {
      expect(() => EXACT_LONG_TYPE.fromBuffer(Buffer.from(avroLong(n), 'hex'))).toThrow(/2\^53/)
    },
  )

  it.each([2 ** 53, -(2 ** 53), 1.5, Number.NaN, '1'])('refuses to write %s', (value) => {
    expect(EXACT_LONG_TYPE.isValid(value)).toBe(false)
    expect(() => EXACT_LONG_TYPE.toBuffer(value)).toThrow()
  })

  it('is what parseAvroType uses for every long, in unions and under timestamp-micros', () => {
    const type = parseAvroType({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'plain', type: 'long' },
        { name: 'object', type: { type: 'long' } },
        { name: 'optional', type: ['null', 'long'], default: null },
        { name: 'ts', type: { type: 'long', logicalType: 'timestamp-micros' } },
        { name: 'millis', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'withDefault', type: 'long', default: 9007199254740991 },
      ],
    }) as avsc.types.RecordType
    const n = -(2 ** 52) - 1
    const value = { plain: n, object: n, optional: n, ts: n, millis: n, withDefault: MAX }
    expect({ ...(type.fromBuffer(type.toBuffer(value)) as object) }).toEqual(value)
    expect({ ...(type.fromBuffer(type.toBuffer({ ...value, optional: null })) as object) }).toEqual(
      { ...value, optional: null },
    )
    const canonical = JSON.stringify(type.schema())
    expect(canonical).not.toContain('abstract')
    expect(JSON.stringify(type.schema({ exportAttrs: true }))).toContain(
      '{"type":"long","logicalType":"timestamp-micros"}',
    )
  })

  it('reads a long written by plain avsc (same bytes in the range avsc gets right)', () => {
    const plain = avsc.Type.forSchema('long')
    for (const n of [0, -1, 1_718_035_200_123_456, -(2 ** 52)]) {
      expect(parseAvroType('"long"').fromBuffer(plain.toBuffer(n))).toBe(n)
    }
  })
})
