import { createHash } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { sha1, sha1Into } from './sha1.js'

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
const ascii = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'))
const nodeSha1 = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('hex')

/** Deterministic bytes (mulberry32), so a failure can be reproduced. */
function randomBytes(seed: number, length: number): Uint8Array {
  let state = seed >>> 0
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    out[i] = (t ^ (t >>> 14)) & 0xff
  }
  return out
}

describe('sha1 (FIPS 180-4)', () => {
  it.each([
    // FIPS 180-2 appendix A / RFC 3174 section 7.3 test 1: one block.
    ['"abc"', 'abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    // The empty message: only padding.
    ['the empty string', '', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    // FIPS 180-2 appendix A.2 / RFC 3174 test 2: 448 bits, the padding needs a second block.
    [
      'the 448-bit message',
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    ],
    // NIST's 896-bit example (the SHA-512 family's two-block message).
    [
      'the 896-bit message',
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno' +
        'ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'a49b2446a02c645bf419f995b67091253a04a259',
    ],
    // RFC 3174 test 4: "01234567" x 80, ten whole blocks.
    ['"01234567" x 80', '01234567'.repeat(80), 'dea356a2cddd90c7a7ecedc5ebb563934f460452'],
  ])('%s', (_case, text, digest) => {
    expect(hex(sha1(ascii(text)))).toBe(digest)
  })

  it('a million "a"s (FIPS 180-2 appendix A.3 / RFC 3174 test 3)', () => {
    expect(hex(sha1(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      '34aa973cd4c4daa4f61eeb2bdbad27316534016f',
    )
  })

  it('equals node:crypto for every length from 0 to 300 bytes (all padding cases)', () => {
    // 55/56 and 119/120 bytes are where the length field stops fitting in the last block.
    for (let length = 0; length <= 300; length++) {
      const message = randomBytes(length + 1, length)
      expect(hex(sha1(message)), `length ${length}`).toBe(nodeSha1(message))
    }
  })

  it('equals node:crypto on random messages up to 5 blocks, reusing one digest array', () => {
    const digest = new Int32Array(5)
    for (let seed = 0; seed < 2_000; seed++) {
      const message = randomBytes(seed, seed % 320)
      sha1Into(message, message.length, digest)
      const bytes = Buffer.alloc(20)
      for (let i = 0; i < 5; i++) bytes.writeInt32BE(digest[i] as number, i * 4)
      expect(bytes.toString('hex'), `seed ${seed}`).toBe(nodeSha1(message))
    }
  })

  it('hashes only message[0, length) when given a length', () => {
    const message = randomBytes(7, 100)
    const digest = new Int32Array(5)
    sha1Into(message, 70, digest)
    const bytes = Buffer.alloc(20)
    for (let i = 0; i < 5; i++) bytes.writeInt32BE(digest[i] as number, i * 4)
    expect(bytes.toString('hex')).toBe(nodeSha1(message.subarray(0, 70)))
  })

  it('hashes a view at any offset of its buffer', () => {
    const backing = randomBytes(9, 200)
    const view = backing.subarray(13, 13 + 150)
    expect(hex(sha1(view))).toBe(nodeSha1(view))
  })

  it('does not modify the message', () => {
    const message = randomBytes(11, 130)
    const copy = Uint8Array.from(message)
    sha1(message)
    expect(message).toEqual(copy)
  })

  it.each([
    ['longer than the message', 11],
    ['negative', -1],
    ['not an integer', 1.5],
  ])('rejects a length %s', (_case, length) => {
    expect(() => sha1Into(new Uint8Array(10), length, new Int32Array(5))).toThrow(RangeError)
  })

  it('rejects a digest array shorter than 5 words', () => {
    expect(() => sha1Into(new Uint8Array(1), 1, new Int32Array(4))).toThrow(RangeError)
  })
})
