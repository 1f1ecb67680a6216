/**
 * CRC-64-AVRO, the Rabin fingerprint of the Avro spec ("Schema Fingerprints"): used by single-object
 * encoding to name the writer schema. Computed over the UTF-8 bytes of the schema's Parsing
 * Canonical Form.
 */
const EMPTY = 0xc15d213aa4d7a795n
const MASK = 0xffffffffffffffffn

const TABLE: readonly bigint[] = (() => {
  const table: bigint[] = []
  for (let i = 0; i < 256; i++) {
    let fp = BigInt(i)
    for (let j = 0; j < 8; j++) {
      fp = (fp >> 1n) ^ (EMPTY & (-(fp & 1n) & MASK))
    }
    table.push(fp)
  }
  return table
})()

/** The 64-bit CRC-64-AVRO fingerprint of `data` as an unsigned bigint. */
export function crc64Avro(data: Uint8Array | string): bigint {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  let fp = EMPTY
  for (const b of bytes) {
    fp = (fp >> 8n) ^ (TABLE[Number((fp ^ BigInt(b)) & 0xffn)] as bigint)
  }
  return fp
}
