import { describe, expect, it } from 'vitest'

import { crc64Avro } from './crc64-avro.js'

/**
 * Published CRC-64-AVRO vectors. `javaLong` is the fingerprint that Avro's Java
 * `SchemaNormalization.parsingFingerprint64` gives, as listed (signed decimal) in the Avro
 * repository's `share/test/data/schema-tests.txt` ("the Java unit-tests provide validation for
 * these values, so other languages can just assume they are correct"). `fastavroHex` is
 * `fastavro.schema.fingerprint(canonical, 'CRC-64-AVRO')` from fastavro 1.13.1 (PyPI), run once by
 * hand: the 8 fingerprint bytes little-endian, as they appear in a single-object header.
 */
const VECTORS: ReadonlyArray<{ canonical: string; javaLong: bigint; fastavroHex: string }> = [
  { canonical: '"null"', javaLong: 7195948357588979594n, fastavroHex: '8a8f25cce724dd63' },
  { canonical: '"boolean"', javaLong: -6970731678124411036n, fastavroHex: '64f7d4a478fc429f' },
  { canonical: '"int"', javaLong: 8247732601305521295n, fastavroHex: '8f5c393f1ad57572' },
  { canonical: '"long"', javaLong: -3434872931120570953n, fastavroHex: 'b71df49344e154d0' },
  { canonical: '"float"', javaLong: 5583340709985441680n, fastavroHex: '90d7a83ecb027c4d' },
  { canonical: '"double"', javaLong: -8181574048448539266n, fastavroHex: '7e95ab32c035758e' },
  { canonical: '"bytes"', javaLong: 5746618253357095269n, fastavroHex: '651920c3da16c04f' },
  { canonical: '"string"', javaLong: -8142146995180207161n, fastavroHex: 'c70345637248018f' },
  { canonical: '[]', javaLong: -1241056759729112623n, fastavroHex: 'd1b93fd273e1c6ee' },
  { canonical: '["int"]', javaLong: -5232228896498058493n, fastavroHex: '03fbb2488a6363b7' },
  {
    canonical: '{"name":"foo","type":"record","fields":[]}',
    javaLong: -4824392279771201922n,
    fastavroHex: '7ebe1943c8500cbd',
  },
  {
    canonical: '{"name":"x.y.z.foo","type":"enum","symbols":["A1","A2"]}',
    javaLong: -4448647247586288245n,
    fastavroHex: '8b9d99f4e53a43c2',
  },
  {
    canonical: '{"type":"map","values":"string"}',
    javaLong: -8732877298790414990n,
    fastavroHex: '724586925d96ce86',
  },
  {
    canonical:
      '{"name":"PigValue","type":"record","fields":[{"name":"value","type":["null","int","long","PigValue"]}]}',
    javaLong: -1759257747318642341n,
    fastavroHex: '5be9b75666dc95e7',
  },
]

function littleEndianHex(fp: bigint): string {
  const buf = Buffer.alloc(8)
  buf.writeBigUInt64LE(fp)
  return buf.toString('hex')
}

describe('crc64Avro', () => {
  it.each(VECTORS)('$canonical -> Java $javaLong', ({ canonical, javaLong, fastavroHex }) => {
    const fp = crc64Avro(canonical)
    expect(fp).toBeGreaterThanOrEqual(0n)
    expect(fp).toBeLessThan(2n ** 64n)
    expect(BigInt.asIntN(64, fp)).toBe(javaLong)
    expect(littleEndianHex(fp)).toBe(fastavroHex)
  })

  it('hashes the UTF-8 bytes: string and byte input agree, also beyond ASCII', () => {
    for (const text of ['"int"', '{"name":"Ünïcødé","type":"enum","symbols":["東京"]}']) {
      expect(crc64Avro(text)).toBe(crc64Avro(new TextEncoder().encode(text)))
    }
  })

  it('of no bytes is the EMPTY constant of the spec', () => {
    expect(crc64Avro('')).toBe(0xc15d213aa4d7a795n)
    expect(crc64Avro(new Uint8Array(0))).toBe(0xc15d213aa4d7a795n)
  })
})
