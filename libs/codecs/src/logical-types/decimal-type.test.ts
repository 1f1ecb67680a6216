import { ExactDecimal, type TradeV2 } from '@k2/core'
import { describe, expect, it } from 'vitest'

import { createAvroEncoder } from '../codec/index.js'
import { parseAvroType } from '../schemas/index.js'
import { seededRandom } from '../testing/random-records.js'
import { SAMPLE_TRADES } from '../testing/sample-records.js'
import { bigIntToBytes, bytesToBigInt, bytesToUnscaled, safeIntToBytes } from './decimal-type.js'

function errorOf(fn: () => unknown): { code?: string; message: string } {
  try {
    fn()
  } catch (err) {
    return err as { code?: string; message: string }
  }
  throw new Error('expected an error')
}

// Expected bytes: Python's int.to_bytes(n, length, 'big', signed=True) at the smallest length.
const TWOS_COMPLEMENT: ReadonlyArray<{ n: bigint; hex: string }> = [
  { n: 0n, hex: '00' },
  { n: 1n, hex: '01' },
  { n: 127n, hex: '7f' },
  { n: 128n, hex: '0080' },
  { n: 255n, hex: '00ff' },
  { n: 256n, hex: '0100' },
  { n: -1n, hex: 'ff' },
  { n: -128n, hex: '80' },
  { n: -129n, hex: 'ff7f' },
  { n: -256n, hex: 'ff00' },
  { n: -257n, hex: 'feff' },
  { n: 32767n, hex: '7fff' },
  { n: 32768n, hex: '008000' },
  { n: -32768n, hex: '8000' },
  { n: -32769n, hex: 'ff7fff' },
  { n: 100_000_000n, hex: '05f5e100' }, // 1.00000000 at scale 8
  { n: 999_999_999_999_999_999n, hex: '0de0b6b3a763ffff' }, // 9999999999.99999999 at scale 8
  { n: -999_999_999_999_999_999n, hex: 'f21f494c589c0001' },
  { n: 10n ** 18n, hex: '0de0b6b3a7640000' },
  { n: 2n ** 63n - 1n, hex: '7fffffffffffffff' },
  { n: -(2n ** 63n), hex: '8000000000000000' },
]

describe('two-complement big-endian integers of the decimal logical type', () => {
  it.each(TWOS_COMPLEMENT)('$n <-> $hex', ({ n, hex }) => {
    expect(bigIntToBytes(n).toString('hex')).toBe(hex)
    expect(bytesToBigInt(Buffer.from(hex, 'hex'))).toBe(n)
  })

  it('has number paths for safe integers that agree with the bigint ones', () => {
    for (const { n, hex } of TWOS_COMPLEMENT) {
      const bytes = Buffer.from(hex, 'hex')
      expect(bytesToUnscaled(bytes)).toBe(bytes.length <= 6 ? Number(n) : n)
      if (n >= 0n && n <= BigInt(Number.MAX_SAFE_INTEGER)) {
        expect(safeIntToBytes(Number(n)).toString('hex')).toBe(hex)
      }
    }
    const rand = seededRandom(7)
    for (let i = 0; i < 2000; i++) {
      const n = Math.floor(rand() * 2 ** Math.floor(rand() * 54)) // 0 .. 2^53 - 1
      expect(safeIntToBytes(n).equals(bigIntToBytes(BigInt(n)))).toBe(true)
      const signed = BigInt(rand() < 0.5 ? -n : n)
      const bytes = bigIntToBytes(signed)
      expect(BigInt(bytesToUnscaled(bytes))).toBe(signed)
    }
    expect(safeIntToBytes(Number.MAX_SAFE_INTEGER).toString('hex')).toBe('1fffffffffffff')
  })

  it('reads non-minimal encodings other writers may produce (sign extension, empty)', () => {
    expect(bytesToBigInt(Buffer.from('000080', 'hex'))).toBe(128n)
    expect(bytesToBigInt(Buffer.from('ffff7f', 'hex'))).toBe(-129n)
    expect(bytesToBigInt(new Uint8Array(0))).toBe(0n)
  })

  it('round-trips 2000 random integers up to 200 bits in the fewest bytes', () => {
    const rand = seededRandom(20240610)
    for (let i = 0; i < 2000; i++) {
      const bits = 1 + Math.floor(rand() * 200)
      let n = 0n
      for (let b = 0; b < bits; b += 16) n = (n << 16n) | BigInt(Math.floor(rand() * 65536))
      n >>= BigInt(Math.max(0, Math.ceil(bits / 16) * 16 - bits))
      if (rand() < 0.5) n = -n
      const bytes = bigIntToBytes(n)
      expect(bytesToBigInt(bytes)).toBe(n)
      // Minimal: the first byte is not just a sign extension of the second.
      if (bytes.length > 1) {
        const [b0, b1] = [bytes[0] as number, bytes[1] as number]
        expect((b0 === 0x00 && b1 < 0x80) || (b0 === 0xff && b1 >= 0x80)).toBe(false)
      }
    }
  })
})

describe('DecimalType', () => {
  const DECIMAL_18_8 = { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 8 }

  it('writes the unscaled value as Avro bytes and reads an ExactDecimal back', () => {
    const type = parseAvroType(DECIMAL_18_8)
    const buf = type.toBuffer(new ExactDecimal('1.5'))
    // bytes = zig-zag length 4 (08), then 150000000 = 0x08f0d180.
    expect(buf.toString('hex')).toBe('0808f0d180')
    const back = type.fromBuffer(buf) as ExactDecimal
    expect(back).toBeInstanceOf(ExactDecimal)
    expect(back.toFixed(8)).toBe('1.50000000')
  })

  it.each(['0', '0.00000001', '9999999999.99999999', '67432.15', '1234567890.12345678'])(
    'round-trips %s exactly',
    (text) => {
      const type = parseAvroType(DECIMAL_18_8)
      const back = type.fromBuffer(type.toBuffer(text)) as ExactDecimal
      expect(back.toFixed(8)).toBe(new ExactDecimal(text).toFixed(8))
      expect(back.eq(new ExactDecimal(text))).toBe(true)
    },
  )

  it('encodes decimal values as it encodes their text (the fast path and the checked one agree)', () => {
    const type = parseAvroType(DECIMAL_18_8)
    const rand = seededRandom(11)
    const texts = [
      '0',
      '0.00000001',
      '9999999999.99999999',
      '90071992.54740991',
      '90071992.54740992',
    ]
    for (let i = 0; i < 2000; i++) {
      const integer = Math.floor(rand() * 10 ** Math.floor(rand() * 11))
      const fraction = String(Math.floor(rand() * 1e8)).padStart(8, '0')
      texts.push(`${integer}.${fraction.slice(0, Math.floor(rand() * 9))}`.replace(/\.$/, ''))
    }
    for (const text of texts) {
      const fromValue = type.toBuffer(new ExactDecimal(text))
      expect(fromValue.equals(type.toBuffer(text))).toBe(true)
      expect((type.fromBuffer(fromValue) as ExactDecimal).eq(new ExactDecimal(text))).toBe(true)
    }
    // Values outside the type still fail, as decimals too.
    expect(() => type.toBuffer(new ExactDecimal('0.000000001'))).toThrow(/8 fractional digits/)
    expect(() => type.toBuffer(new ExactDecimal('10000000000'))).toThrow(/10 integer digits/)
    expect(() => type.toBuffer(new ExactDecimal('-1'))).toThrow(/negative/)
    expect(type.toBuffer(new ExactDecimal('-0')).equals(type.toBuffer('0'))).toBe(true)
  })

  it('honours other precisions and scales: decimal(4,2)', () => {
    const type = parseAvroType({ type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 })
    expect((type.fromBuffer(type.toBuffer('12.34')) as ExactDecimal).toFixed(2)).toBe('12.34')
    expect(() => type.toBuffer('123.4')).toThrow(/2 integer digits/)
    expect(() => type.toBuffer('1.234')).toThrow(/2 fractional digits/)
    expect(() => type.toBuffer(new ExactDecimal('123.4'))).toThrow(/2 integer digits/)
    expect(type.toBuffer(new ExactDecimal('99.99')).equals(type.toBuffer('99.99'))).toBe(true)
  })

  it.each([
    { name: 'no precision', schema: { type: 'bytes', logicalType: 'decimal', scale: 2 } },
    {
      name: 'scale above precision',
      schema: { type: 'bytes', logicalType: 'decimal', precision: 2, scale: 3 },
    },
    {
      name: 'fractional precision',
      schema: { type: 'bytes', logicalType: 'decimal', precision: 2.5 },
    },
    { name: 'on a string', schema: { type: 'string', logicalType: 'decimal', precision: 4 } },
  ])('refuses a decimal schema with $name (CODECS_INVALID_SCHEMA)', ({ schema }) => {
    expect(errorOf(() => parseAvroType(schema)).code).toBe('CODECS_INVALID_SCHEMA')
  })
})

describe('decimal(18,8) fields of a record', () => {
  const encoder = createAvroEncoder('trades', { framing: { kind: 'single-object' } })
  const valid: TradeV2 = (SAMPLE_TRADES[0] as { record: TradeV2 }).record

  it.each([
    { field: 'price', value: '1.123456789', limit: /more than 8 fractional digits/ },
    { field: 'price', value: new ExactDecimal('1.123456789'), limit: /8 fractional digits/ },
    { field: 'price', value: '12345678901', limit: /more than 10 integer digits/ },
    { field: 'price', value: '10000000000', limit: /more than 10 integer digits/ },
    { field: 'quantity', value: '0.000000001', limit: /more than 8 fractional digits/ },
    { field: 'quantity', value: '-1', limit: /must not be negative/ },
    { field: 'quantity', value: 'NaN', limit: /not a decimal number/ },
    { field: 'price', value: 1.5, limit: /must be a decimal string/ },
  ])('rejects $field = $value naming the field and the limit', ({ field, value, limit }) => {
    const record = { ...valid, [field]: value } as typeof valid
    const err = errorOf(() => encoder.encode(record))
    expect(err.code).toBe('CODECS_INVALID_RECORD')
    expect(err.message).toContain(field)
    expect(err.message).toMatch(limit)
    expect((err as { context?: { field?: string } }).context?.field).toBe(field)
  })

  it('accepts the extremes of decimal(18,8)', () => {
    for (const [price, quantity] of [
      ['9999999999.99999999', '0.00000001'],
      ['0', '0'],
    ]) {
      const record = {
        ...valid,
        price: new ExactDecimal(price),
        quantity: new ExactDecimal(quantity),
      }
      expect(() => encoder.encode(record)).not.toThrow()
    }
  })
})
