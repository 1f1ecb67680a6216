import { sha1Into } from './sha1.js'

/**
 * UUID version 5 (RFC 9562 section 5.5): SHA-1 of the 16 namespace bytes followed by the UTF-8
 * name, first 16 bytes of the digest, version nibble 5, variant bits 10. Built on {@link sha1Into}
 * and preallocated buffers because it runs for every record on the ingest path: the only
 * allocation is the result string.
 */

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The 16 bytes of a UUID written as 8-4-4-4-12 hex digits. */
export function uuidBytes(text: string): Uint8Array {
  if (!UUID_TEXT.test(text)) throw new RangeError(`${JSON.stringify(text)} is not a UUID`)
  return Uint8Array.from(Buffer.from(text.replace(/-/g, ''), 'hex'))
}

/**
 * A UUID v5 namespace with its hashing buffer: the namespace in bytes [0, 16) and room for a name
 * after it, grown on demand. Callers may write the name bytes themselves (as `deriveMessageId`
 * does) and then call {@link uuidV5Of}.
 */
export class UuidV5Namespace {
  /** The 16 namespace bytes (a copy of the constructor's argument). */
  readonly namespace: Uint8Array
  /** Namespace at [0, 16), name from 16 on. Replaced (not resized) by {@link reserve}. */
  bytes: Buffer

  constructor(namespace: Uint8Array) {
    if (namespace.length !== 16) throw new RangeError('a UUID namespace has 16 bytes')
    this.namespace = Uint8Array.from(namespace)
    this.bytes = Buffer.alloc(16 + 256)
    this.bytes.set(namespace, 0)
  }

  /** Makes room for a name of up to `nameBytes` bytes and returns the buffer to write it into. */
  reserve(nameBytes: number): Buffer {
    if (16 + nameBytes > this.bytes.length) {
      const bigger = Buffer.alloc(Math.max(16 + nameBytes, this.bytes.length * 2))
      bigger.set(this.namespace, 0)
      this.bytes = bigger
    }
    return this.bytes
  }
}

const DIGEST = new Int32Array(5)
const TEXT = Buffer.alloc(36)
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1')

/** UUID v5 of `name` (UTF-8; lone surrogates become U+FFFD, as in `Buffer.from`) in `namespace`. */
export function uuidV5(namespace: UuidV5Namespace, name: string): string {
  const bytes = namespace.reserve(name.length * 3) // UTF-8 needs at most 3 bytes per UTF-16 unit
  const length = bytes.write(name, 16, 'utf8')
  return uuidV5Of(bytes, 16 + length)
}

/** UUID v5 of `bytes[0, length)`: the namespace, then the name (see {@link UuidV5Namespace}). */
export function uuidV5Of(bytes: Uint8Array, length: number): string {
  sha1Into(bytes, length, DIGEST)
  // Digest bytes 0-15 are words H0-H3, big-endian. Byte 6 (bits 15-8 of H1) gets version 5 in its
  // high nibble, byte 8 (bits 31-24 of H2) the variant 0b10 in its top bits (RFC 9562 section 5.5).
  const h1 = ((DIGEST[1] as number) & 0xffff0fff) | 0x5000
  const h2 = ((DIGEST[2] as number) & 0x3fffffff) | 0x80000000
  writeHex(DIGEST[0] as number, 8, 0) // xxxxxxxx
  TEXT[8] = 0x2d
  writeHex(h1 >>> 16, 4, 9) // -xxxx
  TEXT[13] = 0x2d
  writeHex(h1, 4, 14) // -5xxx
  TEXT[18] = 0x2d
  writeHex(h2 >>> 16, 4, 19) // -[89ab]xxx
  TEXT[23] = 0x2d
  writeHex(h2, 4, 24) // -xxxx
  writeHex(DIGEST[3] as number, 8, 28) // xxxxxxxx
  // Formatted into bytes and decoded once: a flat string (concatenated slices would be a rope
  // that every later reader, e.g. the Parquet writer, has to flatten).
  return TEXT.toString('latin1', 0, 36)
}

/** Writes the low `digits` hex digits of `word` at `TEXT[at]`, most significant first. */
function writeHex(word: number, digits: number, at: number): void {
  for (let i = digits - 1; i >= 0; i--) {
    TEXT[at + i] = HEX_DIGITS[word & 0x0f] as number
    word >>>= 4
  }
}
