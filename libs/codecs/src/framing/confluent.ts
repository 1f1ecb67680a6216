import { CodecsError } from '../errors.js'

/**
 * Confluent wire format (Confluent Schema Registry docs, "Wire format"): magic byte 0x00, the schema
 * id as a 4-byte big-endian integer, then the Avro binary body. Used on Kafka when a schema registry
 * is configured (D3).
 */
export const CONFLUENT_MAGIC_BYTE = 0x00
/** Bytes before the body: magic byte + schema id. */
export const CONFLUENT_HEADER_LENGTH = 5

/** Frames `body` with the Confluent header for registry schema `schemaId`. */
export function frameConfluent(schemaId: number, body: Uint8Array): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0x7fffffff) {
    throw new CodecsError(
      'CODECS_INVALID_SCHEMA',
      `schema id ${schemaId} is not a non-negative int32`,
    )
  }
  const out = Buffer.allocUnsafe(CONFLUENT_HEADER_LENGTH + body.length)
  out[0] = CONFLUENT_MAGIC_BYTE
  out.writeInt32BE(schemaId, 1)
  out.set(body, CONFLUENT_HEADER_LENGTH)
  return out
}

/** True when `bytes` start with the Confluent magic byte and are long enough to hold an id. */
export function isConfluent(bytes: Uint8Array): boolean {
  return bytes.length >= CONFLUENT_HEADER_LENGTH && bytes[0] === CONFLUENT_MAGIC_BYTE
}

/** Splits a Confluent-framed message into schema id and body. */
export function unframeConfluent(bytes: Uint8Array): { schemaId: number; body: Buffer } {
  if (!isConfluent(bytes)) {
    throw new CodecsError(
      'CODECS_UNKNOWN_FRAMING',
      'not a Confluent wire-format message (too short or no 0x00 magic byte)',
    )
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { schemaId: buf.readInt32BE(1), body: buf.subarray(CONFLUENT_HEADER_LENGTH) }
}
