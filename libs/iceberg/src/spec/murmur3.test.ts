import { ExactDecimal } from '@k2/core'
import { describe, expect, it } from 'vitest'

import { bucketHash } from './bucket-hash.js'
import { murmur3X86_32 } from './murmur3.js'

describe('murmur3X86_32', () => {
  it('matches reference MurmurHash3_x86_32 vectors (seed 0 and others)', () => {
    const utf8 = (s: string) => new TextEncoder().encode(s)
    expect(murmur3X86_32(new Uint8Array(0))).toBe(0)
    expect(murmur3X86_32(new Uint8Array(0), 1)).toBe(0x514e28b7)
    expect(murmur3X86_32(new Uint8Array(0), 0xffffffff)).toBe(0x81f16f39 | 0)
    expect(murmur3X86_32(Uint8Array.of(0, 0, 0, 0))).toBe(0x2362f9de)
    expect(murmur3X86_32(utf8('a'))).toBe(0x3c2569b2)
    expect(murmur3X86_32(utf8('ab'))).toBe(0x9bbfd75f | 0)
    expect(murmur3X86_32(utf8('abc'))).toBe(0xb3dd93fa | 0)
    expect(murmur3X86_32(utf8('abcd'))).toBe(0x43ed676a)
    expect(murmur3X86_32(utf8('Hello, world!'), 1234)).toBe(0xfaf6cdb3 | 0)
  })
})

// Spec appendix B, "32-bit Hash Requirements": the hash of each example value.
describe('bucketHash: spec appendix B vectors', () => {
  it.each([
    ['int 34', 'int', 34, 2017239379],
    ['long 34L', 'long', 34n, 2017239379],
    ['long 34 as a number', 'long', 34, 2017239379],
    ['decimal(9,2) 14.20 unscaled', 'decimal(9, 2)', 1420n, -500754589],
    ['decimal(9,2) 14.20 exact', 'decimal(9, 2)', new ExactDecimal('14.20'), -500754589],
    ['date 2017-11-16', 'date', 17486, -653330422],
    ['time 22:31:08', 'time', 81_068_000_000n, -662762989],
    ['timestamp 2017-11-16T22:31:08', 'timestamp', 1_510_871_468_000_000n, -2047944441],
    ['timestamp ...08.000001', 'timestamp', 1_510_871_468_000_001n, -1207196810],
    ['timestamptz 2017-11-16T14:31:08-08:00', 'timestamptz', 1_510_871_468_000_000n, -2047944441],
    ['timestamptz ...08.000001-08:00', 'timestamptz', 1_510_871_468_000_001n, -1207196810],
    ['timestamp_ns ...08.000001001', 'timestamp_ns', 1_510_871_468_000_001_001n, -1207196810],
    ['string iceberg', 'string', 'iceberg', 1210000089],
    ['uuid', 'uuid', 'f79c3e09-677c-4bbd-a479-3f349cb785e7', 1488055340],
    ['fixed 00010203', 'fixed[4]', Uint8Array.of(0, 1, 2, 3), -188683207],
    ['binary 00010203', 'binary', Uint8Array.of(0, 1, 2, 3), -188683207],
  ] as const)('%s', (_name, type, value, expected) => {
    expect(bucketHash(type, value)).toBe(expected)
  })

  it('refuses types without a bucket hash', () => {
    expect(() => bucketHash('boolean', true)).toThrow(
      expect.objectContaining({ code: 'ICEBERG_INVALID_VALUE' }),
    )
    expect(() => bucketHash('double', 1.5)).toThrow(/cannot bucket-hash/)
  })
})
