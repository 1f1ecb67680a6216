import { describe, expect, it } from 'vitest'

import {
  SINGLE_OBJECT_HEADER_LENGTH,
  SINGLE_OBJECT_MARKER,
  frameSingleObject,
  isSingleObject,
  unframeSingleObject,
} from './single-object.js'

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    return (err as { code?: string }).code
  }
  return undefined
}

describe('Avro single-object framing', () => {
  it('writes C3 01, the fingerprint little-endian in 8 bytes, then the body', () => {
    const framed = frameSingleObject(0x0102030405060708n, Buffer.from([0xaa, 0xbb]))
    expect(framed.toString('hex')).toBe('c301' + '0807060504030201' + 'aabb')
    expect(SINGLE_OBJECT_MARKER.toString('hex')).toBe('c301')
    expect(SINGLE_OBJECT_HEADER_LENGTH).toBe(10)
  })

  it.each([
    { fingerprint: 0n, hex: '0000000000000000' },
    { fingerprint: 0xffffffffffffffffn, hex: 'ffffffffffffffff' },
    // CRC-64-AVRO of "int": Java's fingerprint bytes 8f 5c 39 3f 1a d5 75 72 (see crc64-avro.test).
    { fingerprint: 0x7275d51a3f395c8fn, hex: '8f5c393f1ad57572' },
  ])('round-trips fingerprint $hex', ({ fingerprint, hex }) => {
    const body = Buffer.from('body')
    const framed = frameSingleObject(fingerprint, body)
    expect(framed.subarray(2, 10).toString('hex')).toBe(hex)
    expect(isSingleObject(framed)).toBe(true)
    const parts = unframeSingleObject(framed)
    expect(parts.fingerprint).toBe(fingerprint)
    expect(parts.body.equals(body)).toBe(true)
  })

  it('frames an empty body (a record with no fields) and reads it back', () => {
    const framed = frameSingleObject(42n, new Uint8Array(0))
    expect(framed.length).toBe(SINGLE_OBJECT_HEADER_LENGTH)
    expect(unframeSingleObject(framed).body.length).toBe(0)
  })

  it('reads a message that is a view into a larger buffer (as Kafka clients hand them out)', () => {
    const framed = frameSingleObject(7n, Buffer.from([1, 2, 3]))
    const pool = Buffer.concat([Buffer.from([9, 9, 9]), framed, Buffer.from([9])])
    const view = new Uint8Array(pool.buffer, pool.byteOffset + 3, framed.length)
    const parts = unframeSingleObject(view)
    expect(parts.fingerprint).toBe(7n)
    expect([...parts.body]).toEqual([1, 2, 3])
  })

  it.each([
    { name: 'empty', bytes: [] },
    { name: 'one byte', bytes: [0xc3] },
    { name: 'marker only', bytes: [0xc3, 0x01] },
    { name: 'fingerprint cut short', bytes: [0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7] },
    { name: 'wrong second marker byte', bytes: [0xc3, 0x02, 1, 2, 3, 4, 5, 6, 7, 8] },
    { name: 'Confluent message', bytes: [0x00, 0, 0, 0, 1, 2] },
  ])('rejects $name with CODECS_UNKNOWN_FRAMING', ({ bytes }) => {
    expect(codeOf(() => unframeSingleObject(Uint8Array.from(bytes)))).toBe('CODECS_UNKNOWN_FRAMING')
  })

  it('recognises the marker only at the start', () => {
    expect(isSingleObject(Uint8Array.from([0xc3, 0x01]))).toBe(true)
    expect(isSingleObject(Uint8Array.from([0x00, 0xc3, 0x01]))).toBe(false)
    expect(isSingleObject(Uint8Array.from([0xc3]))).toBe(false)
  })
})
