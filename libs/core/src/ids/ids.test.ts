import { createHash } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { CoreError } from '../errors/index.js'
import { K2_MESSAGE_ID_NAMESPACE, deriveMessageId, formatRecordId } from './ids.js'

/** RFC 9562 §4: 8-4-4-4-12 hex, version nibble 5, variant bits 10xx. */
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/**
 * An independent UUID v5 (RFC 9562 §5.5): SHA-1 over namespace bytes + name bytes, first 128
 * bits, version 5 in the high nibble of octet 6, variant 0b10 in the top bits of octet 8.
 */
function referenceUuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex')
  expect(ns).toHaveLength(16)
  const hash = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest()
  const bytes = hash.subarray(0, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x50
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-')
}

/** Runs `fn` and returns the CoreError it throws (fails the test when it does not throw one). */
function thrown(fn: () => unknown): CoreError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(CoreError)
    return err as CoreError
  }
  throw new Error('expected a CoreError, nothing was thrown')
}

describe('formatRecordId (D2)', () => {
  it.each([
    ['Binance', ['BINANCE', 12345], 'BINANCE-12345'],
    ['Binance, lower-case exchange', ['binance', 12345], 'BINANCE-12345'],
    ['Binance, bigint id above 2^53', ['BINANCE', 2n ** 60n], 'BINANCE-1152921504606846976'],
    ['Binance, string id', ['BINANCE', '987654321'], 'BINANCE-987654321'],
    ['ASX', ['ASX', 7078, '20140311', 42], 'ASX-7078-20140311-42'],
    ['ASX, string company id', ['ASX', 'BHP', '20240102', 0], 'ASX-BHP-20240102-0'],
  ] as const)('%s', (_case, [exchange, ...parts], expected) => {
    expect(formatRecordId(exchange, ...parts)).toBe(expected)
  })

  it('gives different ids to the ASX trades that share one millisecond', () => {
    const ids = [1, 2, 3].map((row) => formatRecordId('ASX', 7078, '20140311', row))
    expect(new Set(ids).size).toBe(3)
  })

  it.each([
    ['an empty exchange', '', [1]],
    ['an exchange containing "-"', 'A-B', ['C']],
    ['no parts', 'BINANCE', []],
    ['an empty part', 'ASX', [7078, '', 1]],
    ['a part containing "-"', 'ASX', ['7078-20140311']],
    ['a negative number part', 'BINANCE', [-5]],
  ] as const)('rejects %s', (_case, exchange, parts) => {
    const err = thrown(() => formatRecordId(exchange, ...parts))
    expect(err.code).toBe('CORE_INVALID_FIELD')
    expect(err.retriable).toBe(false)
    expect(err.message).toMatch(/^(exchange|parts):/)
  })

  it('cannot produce the same id from different inputs', () => {
    // "-" is the separator: ('A-B', 'C') and ('A', 'B', 'C') would both be "A-B-C".
    expect(formatRecordId('A', 'B', 'C')).toBe('A-B-C')
    expect(() => formatRecordId('A-B', 'C')).toThrow(CoreError)
    expect(() => formatRecordId('A', 'B-C')).toThrow(CoreError)
  })
})

describe('deriveMessageId (UUID v5, RFC 9562 §5.5)', () => {
  it('the reference implementation reproduces the RFC 9562 appendix A.4 example', () => {
    // RFC 9562 A.4: UUIDv5 of "www.example.com" in the DNS namespace.
    expect(referenceUuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    )
  })

  it.each([
    ['BINANCE', 'BTCUSDT', 'BINANCE-12345'],
    ['ASX', 'BHP', 'ASX-7078-20140311-42'],
    ['KRAKEN', 'XBT/USD', 'KRAKEN-1'],
    ['COINBASE', 'BTC-USD', 'COINBASE-ünïcødé'],
  ])('matches an independent UUID v5 of ["%s","%s","%s"]', (exchange, symbol, recordId) => {
    const expected = referenceUuidV5(
      JSON.stringify([exchange, symbol, recordId]),
      K2_MESSAGE_ID_NAMESPACE,
    )
    expect(deriveMessageId(exchange, symbol, recordId)).toBe(expected)
  })

  it('equals the reference for any characters in any part (ASCII fast path and the rest)', () => {
    // The fast path writes printable ASCII other than '"' and '\\' straight into the hash buffer;
    // quotes, backslashes, control characters, non-ASCII text, lone surrogates and lower-case or
    // non-ASCII exchanges must give what JSON.stringify + UTF-8 gives.
    const pieces = [
      'A',
      'b',
      'z',
      '0',
      '-',
      ' ',
      '~',
      '"',
      '\\',
      '\n',
      '\u007f',
      'é',
      'ß',
      '中',
      '😀',
    ]
    const lone = ['\ud800', '\udfff']
    let state = 1
    const pick = (list: readonly string[]): string => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
      return list[(state >>> 8) % list.length] as string
    }
    const text = (length: number, odd: boolean): string => {
      let out = ''
      for (let i = 0; i < length; i++) out += odd && i === 0 ? pick(lone) : pick(pieces)
      return out
    }
    for (let i = 0; i < 3_000; i++) {
      // Mostly plain ASCII parts (the fast path), sometimes one odd part; lengths up to 300 so the
      // hash buffer has to grow.
      const plain = i % 3 !== 0
      const parts = [0, 1, 2].map((k) => {
        const length = (i * (k + 7)) % (i % 50 === 0 ? 300 : 24)
        return plain
          ? text(length, false).replace(/[^\x20-\x7e]|["\\]/g, 'x')
          : text(length, k === i % 3)
      }) as [string, string, string]
      const expected = referenceUuidV5(
        JSON.stringify([parts[0].toUpperCase(), parts[1], parts[2]]),
        K2_MESSAGE_ID_NAMESPACE,
      )
      expect(deriveMessageId(...parts), JSON.stringify(parts)).toBe(expected)
    }
  })

  it.each(['"', '\\', '\n', '\t', '\u001f', '\u007f', 'é', 'ß', '\ud800', '😀'])(
    'equals the reference when the only unusual character is %j, in any part',
    (special) => {
      for (const [exchange, symbol, recordId] of [
        [`bin${special}ance`, 'BTCUSDT', 'BINANCE-1'],
        ['BINANCE', `BTC${special}USDT`, 'BINANCE-1'],
        ['BINANCE', 'BTCUSDT', `BINANCE-1${special}`],
      ] as const) {
        const name = JSON.stringify([exchange.toUpperCase(), symbol, recordId])
        expect(deriveMessageId(exchange, symbol, recordId)).toBe(
          referenceUuidV5(name, K2_MESSAGE_ID_NAMESPACE),
        )
      }
    },
  )

  it('tells apart equal exchange ids of different symbols (Binance ids are per symbol)', () => {
    expect(deriveMessageId('BINANCE', 'BTCUSDT', 'BINANCE-5')).not.toBe(
      deriveMessageId('BINANCE', 'ETHUSDT', 'BINANCE-5'),
    )
  })

  it('cannot be confused by separators inside the parts', () => {
    expect(deriveMessageId('X', 'A:B', 'C')).not.toBe(deriveMessageId('X', 'A', 'B:C'))
    expect(deriveMessageId('X', 'A","B', 'C')).not.toBe(deriveMessageId('X', 'A', 'B","C'))
  })

  it('uses a fixed namespace (changing it would change every stored message id)', () => {
    expect(K2_MESSAGE_ID_NAMESPACE).toBe('3c6f0d0e-8a4b-4c52-9f1e-2b7d5a9c4e61')
  })

  it('is a valid version-5, RFC-variant UUID', () => {
    for (let i = 0; i < 200; i++) {
      const id = deriveMessageId('BINANCE', 'BTCUSDT', `BINANCE-${i}`)
      expect(id).toMatch(UUID_V5)
      const octet6 = parseInt(id.slice(14, 16), 16)
      const octet8 = parseInt(id.slice(19, 21), 16)
      expect(octet6 >> 4).toBe(5)
      expect(octet8 >> 6).toBe(0b10)
    }
  })

  it('is deterministic', () => {
    const a = deriveMessageId('BINANCE', 'BTCUSDT', 'BINANCE-12345')
    const b = deriveMessageId('BINANCE', 'BTCUSDT', 'BINANCE-12345')
    expect(a).toBe(b)
  })

  it('is case-insensitive on the exchange only', () => {
    const upper = deriveMessageId('BINANCE', 'BTCUSDT', 'BINANCE-12345')
    expect(deriveMessageId('binance', 'BTCUSDT', 'BINANCE-12345')).toBe(upper)
    expect(deriveMessageId('Binance', 'BTCUSDT', 'BINANCE-12345')).toBe(upper)
    expect(deriveMessageId('BINANCE', 'BTCUSDT', 'binance-12345')).not.toBe(upper)
  })

  it('differs across exchanges and record ids', () => {
    const ids = [
      deriveMessageId('BINANCE', 'BTCUSDT', '1'),
      deriveMessageId('KRAKEN', 'BTCUSDT', '1'),
      deriveMessageId('BINANCE', 'BTCUSDT', '2'),
      deriveMessageId('ASX', 'BTCUSDT', 'ASX-7078-20140311-1'),
      deriveMessageId('ASX', 'BTCUSDT', 'ASX-7078-20140311-2'),
    ]
    expect(new Set(ids).size).toBe(ids.length)
    const many = new Set<string>()
    for (let i = 0; i < 10_000; i++) many.add(deriveMessageId('BINANCE', 'BTCUSDT', `BINANCE-${i}`))
    expect(many.size).toBe(10_000)
  })
})
