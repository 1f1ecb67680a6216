import { compressBlock } from './sha1-compress.js'

/**
 * SHA-1 (FIPS 180-4, sections 5.1.1, 5.3.1 and 6.1) in plain JavaScript, for the short names UUID
 * v5 hashes on the ingest path. node:crypto's `createHash('sha1')` spends most of its ~1 µs per
 * 60-byte message crossing into C++ and allocating a Hash object and a digest Buffer; this takes
 * ~0.25 µs, works on preallocated typed arrays and allocates nothing. SHA-1 is used only as RFC
 * 9562 prescribes for UUID v5 (a name-based id), never for security.
 *
 * Not re-entrant: the padding block is module-level scratch, which is safe because JavaScript
 * runs one call at a time per thread (each worker has its own module instance).
 */

/** The last one or two blocks: the message tail, the 1 bit, zeros and the 64-bit length (5.1.1). */
const TAIL = new Uint8Array(128)

/**
 * Hashes `message[0, length)` and writes the digest words H0..H4 (big-endian order of the 20-byte
 * digest: byte 0 is the top byte of H0) into `digest`, as signed 32-bit integers.
 */
export function sha1Into(message: Uint8Array, length: number, digest: Int32Array): void {
  if (!Number.isSafeInteger(length) || length < 0 || length > message.length) {
    throw new RangeError(`sha1: length ${length} is outside the message (0..${message.length})`)
  }
  if (digest.length < 5) throw new RangeError('sha1: the digest needs 5 words')
  // Initial hash value (section 5.3.1).
  digest[0] = 0x67452301
  digest[1] = 0xefcdab89 | 0
  digest[2] = 0x98badcfe | 0
  digest[3] = 0x10325476
  digest[4] = 0xc3d2e1f0 | 0
  const whole = length - (length % 64)
  for (let at = 0; at < whole; at += 64) compressBlock(message, at, digest)
  // Padding (section 5.1.1): the tail, a 1 bit, zeros up to 56 mod 64, the length in bits as a
  // 64-bit big-endian integer.
  const rest = length - whole
  TAIL.fill(0)
  for (let i = 0; i < rest; i++) TAIL[i] = message[whole + i] as number
  TAIL[rest] = 0x80
  const end = rest < 56 ? 64 : 128
  const high = Math.floor(length / 0x20000000) // length * 8 / 2^32
  const low = (length % 0x20000000) * 8
  writeWord(TAIL, end - 8, high)
  writeWord(TAIL, end - 4, low)
  compressBlock(TAIL, 0, digest)
  if (end === 128) compressBlock(TAIL, 64, digest)
}

/** SHA-1 of `message` as a new 20-byte array. */
export function sha1(message: Uint8Array): Uint8Array {
  const digest = new Int32Array(5)
  sha1Into(message, message.length, digest)
  const out = new Uint8Array(20)
  for (let i = 0; i < 5; i++) writeWord(out, i * 4, digest[i] as number)
  return out
}

function writeWord(bytes: Uint8Array, at: number, word: number): void {
  bytes[at] = word >>> 24
  bytes[at + 1] = word >>> 16
  bytes[at + 2] = word >>> 8
  bytes[at + 3] = word
}
