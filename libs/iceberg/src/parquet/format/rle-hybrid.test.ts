import { describe, expect, it } from 'vitest'

import { ByteWriter } from './byte-writer.js'
import { bitWidthOf, writeRleHybrid } from './rle-hybrid.js'

/** A decoder written from parquet-format "Encodings" (RLE/bit-packing hybrid), for the tests. */
function decode(bytes: Uint8Array, bitWidth: number, count: number): number[] {
  const out: number[] = []
  let pos = 0
  const varint = () => {
    let value = 0
    let shift = 0
    for (;;) {
      const b = bytes[pos++]!
      value += (b & 0x7f) * 2 ** shift
      if (b < 0x80) return value
      shift += 7
    }
  }
  while (out.length < count) {
    const header = varint()
    if (header % 2 === 0) {
      const run = header / 2
      let value = 0
      for (let b = 0; b < Math.ceil(bitWidth / 8); b++) value |= bytes[pos++]! << (8 * b)
      for (let i = 0; i < run; i++) out.push(value)
    } else {
      const values = ((header - 1) / 2) * 8
      let bit = 0
      const start = pos
      for (let i = 0; i < values; i++) {
        let value = 0
        for (let b = 0; b < bitWidth; b++, bit++) {
          if (bytes[start + (bit >> 3)]! & (1 << (bit & 7))) value |= 1 << b
        }
        out.push(value)
      }
      pos = start + Math.ceil((values * bitWidth) / 8)
    }
  }
  return out.slice(0, count)
}

function roundTrip(values: number[], bitWidth: number): { decoded: number[]; size: number } {
  const out = new ByteWriter(16)
  writeRleHybrid(out, Uint32Array.from(values), 0, values.length, bitWidth)
  return { decoded: decode(out.view(), bitWidth, values.length), size: out.length }
}

describe('RLE/bit-packing hybrid', () => {
  it('knows the bit width of a maximum', () => {
    expect([0, 1, 2, 3, 4, 255, 256, 65_535].map(bitWidthOf)).toEqual([0, 1, 2, 2, 3, 8, 9, 16])
  })

  it('encodes long repeats as RLE runs (a few bytes for a million values)', () => {
    const values = new Array<number>(1_000_000).fill(1)
    const { decoded, size } = roundTrip(values, 1)
    expect(decoded).toEqual(values)
    expect(size).toBeLessThan(8)
  })

  it('matches the spec example: bit-packed 0..7 with width 3', () => {
    const out = new ByteWriter()
    writeRleHybrid(out, Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7]), 0, 8, 3)
    // parquet-format "Encodings": header (1 group << 1 | 1) then 10001000 11000110 11111010.
    expect([...out.view()]).toEqual([0b11, 0b10001000, 0b11000110, 0b11111010])
  })

  it.each([1, 2, 3, 7, 8, 9, 13, 16, 20, 24, 25, 31])(
    'round-trips mixed runs and noise at width %i',
    (bitWidth) => {
      let seed = bitWidth
      const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0)
      const max = 2 ** bitWidth - 1
      const values: number[] = []
      while (values.length < 5000) {
        const value = next() % (max + 1)
        const repeat = next() % 4 === 0 ? next() % 40 : 1
        for (let i = 0; i < repeat; i++) values.push(value)
      }
      values.push(max, 0, max)
      expect(roundTrip(values, bitWidth).decoded).toEqual(values)
    },
  )

  it('writes only [start, end) and nothing for an empty range', () => {
    const out = new ByteWriter()
    writeRleHybrid(out, Uint8Array.from([9, 1, 1, 0, 9]), 1, 4, 1)
    expect(decode(out.view(), 1, 3)).toEqual([1, 1, 0])
    const empty = new ByteWriter()
    writeRleHybrid(empty, Uint8Array.from([1]), 0, 0, 1)
    expect(empty.length).toBe(0)
  })
})
