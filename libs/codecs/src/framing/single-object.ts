import { CodecsError } from '../errors.js'

/**
 * Avro single-object encoding (Avro spec, "Single-object encoding"): the two marker bytes C3 01, the
 * writer schema's CRC-64-AVRO fingerprint as 8 bytes little-endian, then the Avro binary body.
 * Used on Kafka when no schema registry is configured (D3).
 */
export const SINGLE_OBJECT_MARKER = Buffer.from([0xc3, 0x01])
/** Bytes before the body: marker + fingerprint. */
export const SINGLE_OBJECT_HEADER_LENGTH = 10

/** Frames `body` with the single-object header for the schema with `fingerprint`. */
export function frameSingleObject(fingerprint: bigint, body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(SINGLE_OBJECT_HEADER_LENGTH + body.length)
  out[0] = 0xc3
  out[1] = 0x01
  out.writeBigUInt64LE(fingerprint, 2)
  out.set(body, SINGLE_OBJECT_HEADER_LENGTH)
  return out
}

/** True when `bytes` start with the single-object marker. */
export function isSingleObject(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0xc3 && bytes[1] === 0x01
}

/** Splits a single-object message into fingerprint and body. */
export function unframeSingleObject(bytes: Uint8Array): { fingerprint: bigint; body: Buffer } {
  if (!isSingleObject(bytes) || bytes.length < SINGLE_OBJECT_HEADER_LENGTH) {
    throw new CodecsError(
      'CODECS_UNKNOWN_FRAMING',
      'not an Avro single-object message (too short or no C3 01 marker)',
    )
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { fingerprint: buf.readBigUInt64LE(2), body: buf.subarray(SINGLE_OBJECT_HEADER_LENGTH) }
}
