import { createHash } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { UuidV5Namespace, uuidBytes, uuidV5, uuidV5Of } from './uuid-v5.js'

/** RFC 9562 appendix A.4 / RFC 4122 appendix C: the DNS namespace. */
const DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8'

/** An independent UUID v5 over node:crypto (RFC 9562 section 5.5). */
function referenceUuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(Buffer.from(name, 'utf8'))
    .digest()
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const h = hash.toString('hex', 0, 16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** Deterministic text of `length` UTF-16 units: ASCII, Latin-1, CJK, emoji, lone surrogates. */
function randomName(seed: number, length: number): string {
  let state = seed >>> 0
  const next = (): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    return state >>> 8
  }
  const pieces = [
    'a',
    'Z',
    '9',
    '"',
    '\\',
    '-',
    ' ',
    '\n',
    'é',
    'ü',
    '中',
    '😀',
    '\ud800',
    '\udc00',
  ]
  let out = ''
  while (out.length < length) out += pieces[next() % pieces.length]
  return out
}

describe('uuidV5 (RFC 9562 section 5.5)', () => {
  it('gives the RFC 9562 appendix A.4 example: "www.example.com" in the DNS namespace', () => {
    expect(uuidV5(new UuidV5Namespace(uuidBytes(DNS)), 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    )
  })

  it('equals a node:crypto UUID v5 for thousands of names (UTF-8, multi-block)', () => {
    const namespace = new UuidV5Namespace(uuidBytes(DNS))
    for (let seed = 0; seed < 3_000; seed++) {
      const name = randomName(seed, seed % 200)
      expect(uuidV5(namespace, name), JSON.stringify(name)).toBe(referenceUuidV5(DNS, name))
    }
  })

  it('grows its buffer for long names and keeps the namespace', () => {
    const namespace = new UuidV5Namespace(uuidBytes(DNS))
    const long = randomName(1, 5_000)
    expect(uuidV5(namespace, long)).toBe(referenceUuidV5(DNS, long))
    expect(uuidV5(namespace, 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2')
  })

  it('hashes name bytes a caller wrote into the namespace buffer (uuidV5Of)', () => {
    const namespace = new UuidV5Namespace(uuidBytes(DNS))
    const bytes = namespace.reserve(15)
    const length = 16 + bytes.write('www.example.com', 16, 'latin1')
    expect(uuidV5Of(bytes, length)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2')
  })

  it('copies the namespace bytes it is given', () => {
    const bytes = uuidBytes(DNS)
    const namespace = new UuidV5Namespace(bytes)
    bytes.fill(0)
    expect(uuidV5(namespace, 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2')
  })

  it('returns lower-case, version-5, RFC-variant UUIDs', () => {
    const namespace = new UuidV5Namespace(uuidBytes(DNS))
    for (let i = 0; i < 500; i++) {
      expect(uuidV5(namespace, `name-${i}`)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      )
    }
  })
})

describe('uuidBytes', () => {
  it('reads the 16 bytes of a UUID in either case', () => {
    expect(Buffer.from(uuidBytes(DNS)).toString('hex')).toBe('6ba7b8109dad11d180b400c04fd430c8')
    expect(uuidBytes(DNS.toUpperCase())).toEqual(uuidBytes(DNS))
  })

  it.each(['', '6ba7b8109dad11d180b400c04fd430c8', `${DNS}0`, DNS.replace('6', 'g')])(
    'rejects %j',
    (text) => {
      expect(() => uuidBytes(text)).toThrow(RangeError)
    },
  )

  it('a namespace must have 16 bytes', () => {
    expect(() => new UuidV5Namespace(new Uint8Array(15))).toThrow(RangeError)
  })
})
