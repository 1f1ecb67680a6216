import { describe, expect, it } from 'vitest'

import {
  CONFLUENT_HEADER_LENGTH,
  frameConfluent,
  isConfluent,
  unframeConfluent,
} from './confluent.js'

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    return (err as { code?: string }).code
  }
  return undefined
}

describe('Confluent wire format', () => {
  it.each([
    { schemaId: 0, header: '0000000000' },
    { schemaId: 1, header: '0000000001' },
    { schemaId: 0x01020304, header: '0001020304' },
    { schemaId: 0x7fffffff, header: '007fffffff' },
  ])('writes 00 then schema id $schemaId big-endian', ({ schemaId, header }) => {
    const framed = frameConfluent(schemaId, Buffer.from([0xde, 0xad]))
    expect(framed.toString('hex')).toBe(header + 'dead')
    expect(isConfluent(framed)).toBe(true)
    const parts = unframeConfluent(framed)
    expect(parts.schemaId).toBe(schemaId)
    expect(parts.body.toString('hex')).toBe('dead')
  })

  it('frames an empty body', () => {
    const framed = frameConfluent(5, new Uint8Array(0))
    expect(framed.length).toBe(CONFLUENT_HEADER_LENGTH)
    expect(unframeConfluent(framed)).toMatchObject({ schemaId: 5 })
  })

  it.each([-1, 1.5, 2 ** 31, Number.NaN])('refuses schema id %s', (schemaId) => {
    expect(codeOf(() => frameConfluent(schemaId, new Uint8Array(0)))).toBe('CODECS_INVALID_SCHEMA')
  })

  it('reads a message that is a view into a larger buffer', () => {
    const framed = frameConfluent(300, Buffer.from([7]))
    const pool = Buffer.concat([Buffer.from([1, 1]), framed])
    const parts = unframeConfluent(new Uint8Array(pool.buffer, pool.byteOffset + 2, framed.length))
    expect(parts.schemaId).toBe(300)
    expect([...parts.body]).toEqual([7])
  })

  it.each([
    { name: 'empty', bytes: [] },
    { name: 'magic byte only', bytes: [0x00] },
    { name: 'schema id cut short', bytes: [0x00, 0, 0, 1] },
    { name: 'wrong magic byte', bytes: [0x01, 0, 0, 0, 1, 2] },
    { name: 'single-object message', bytes: [0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8] },
  ])('rejects $name with CODECS_UNKNOWN_FRAMING', ({ bytes }) => {
    expect(isConfluent(Uint8Array.from(bytes))).toBe(false)
    expect(codeOf(() => unframeConfluent(Uint8Array.from(bytes)))).toBe('CODECS_UNKNOWN_FRAMING')
  })
})
