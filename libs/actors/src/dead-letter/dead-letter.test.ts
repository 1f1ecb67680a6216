import { K2Error } from '@k2/core'
import { describe, expect, it } from 'vitest'

import { ActorsError } from '../errors.js'
import { createDeadLetter } from './create-dead-letter.js'
import {
  deadLetterToJson,
  parseDeadLetterLine,
  validateDeadLetter,
  type DeadLetter,
} from './dead-letter.js'

const AT = '2025-11-24T10:15:00.123Z'

const KAFKA_LETTER: DeadLetter = {
  source: 'kafka',
  reason: 'KAFKA_DECODE_FAILED',
  message: 'unknown schema fingerprint',
  at: AT,
  topic: 'market.crypto.trades.binance',
  partition: 3,
  offset: '9007199254740993',
  exchange: 'BINANCE',
  symbol: 'BTCUSDT',
  bytes: new Uint8Array([0xc3, 0x01, 0x00, 0xff, 0x10]),
}

const FEED_LETTER: DeadLetter = {
  source: 'feed',
  reason: 'BINANCE_MALFORMED_JSON',
  message: 'frame is not valid JSON',
  at: AT,
  exchange: 'BINANCE',
  url: 'wss://stream.binance.com:9443/stream?streams=btcusdt@trade',
  truncated: true,
  text: '{"e":"trade","p":"1é',
}

/** Catches what `fn` throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (e) {
    return e
  }
  return undefined
}

describe('dead letters (D6)', () => {
  it('serialise bytes as base64 and text as is, fields in a fixed order', () => {
    expect(JSON.stringify(deadLetterToJson(KAFKA_LETTER))).toBe(
      '{"source":"kafka","reason":"KAFKA_DECODE_FAILED","message":"unknown schema fingerprint",' +
        '"at":"2025-11-24T10:15:00.123Z","topic":"market.crypto.trades.binance","partition":3,' +
        '"offset":"9007199254740993","exchange":"BINANCE","symbol":"BTCUSDT","bytes":"wwEA/xA="}',
    )
    expect(deadLetterToJson(FEED_LETTER)).toEqual({
      source: 'feed',
      reason: 'BINANCE_MALFORMED_JSON',
      message: 'frame is not valid JSON',
      at: AT,
      exchange: 'BINANCE',
      url: 'wss://stream.binance.com:9443/stream?streams=btcusdt@trade',
      truncated: true,
      text: '{"e":"trade","p":"1é',
    })
  })

  it.each([
    ['bytes', KAFKA_LETTER],
    ['text', FEED_LETTER],
  ])('read back from a JSON line unchanged (%s)', (_, letter) => {
    const back = parseDeadLetterLine(JSON.stringify(deadLetterToJson(letter)))
    expect(back).toEqual(letter)
  })

  it('serialises a Buffer slice of a larger buffer by its own bytes only', () => {
    const big = Buffer.from('xxABCxx')
    const letter: DeadLetter = { ...KAFKA_LETTER, bytes: big.subarray(2, 5) }
    expect(deadLetterToJson(letter).bytes).toBe(Buffer.from('ABC').toString('base64'))
  })

  it.each([
    ['source', { ...FEED_LETTER, source: 'api' }],
    ['reason', { ...FEED_LETTER, reason: '' }],
    ['message', { ...FEED_LETTER, message: undefined }],
    ['at', { ...FEED_LETTER, at: 'yesterday' }],
    ['bytes', { ...FEED_LETTER, bytes: new Uint8Array(1) }],
    ['bytes', { ...FEED_LETTER, text: undefined }],
    ['bytes', { ...KAFKA_LETTER, bytes: 'AAE=' }],
    ['partition', { ...KAFKA_LETTER, partition: '3' }],
    ['offset', { ...KAFKA_LETTER, offset: 12 }],
    ['truncated', { ...FEED_LETTER, truncated: 'yes' }],
  ])('refuses a letter with a bad %s', (field, letter) => {
    const error = thrown(() => validateDeadLetter(letter as unknown as DeadLetter))
    expect(error).toBeInstanceOf(ActorsError)
    expect(error).toMatchObject({ code: 'ACTORS_INVALID_DEAD_LETTER', context: { field } })
  })

  it.each([
    ['a torn line', '{"source":"feed","reason":"X"'],
    ['not an object', '[1,2]'],
    ['a line without a payload', '{"source":"feed","reason":"X","message":"m","at":"' + AT + '"}'],
  ])('refuses %s when reading back', (_, line) => {
    expect(thrown(() => parseDeadLetterLine(line))).toMatchObject({
      code: 'ACTORS_INVALID_DEAD_LETTER',
    })
  })

  it('gives the UTC day of the letter', () => {
    expect(validateDeadLetter({ ...FEED_LETTER, at: '2025-11-24T23:59:59.999Z' })).toBe(
      '2025-11-24',
    )
    expect(validateDeadLetter({ ...FEED_LETTER, at: '2025-11-25T00:30:00+01:00' })).toBe(
      '2025-11-24',
    )
  })
})

describe('createDeadLetter', () => {
  it('takes the reason from a coded error and the message from any error', () => {
    const at = new Date(AT)
    expect(
      createDeadLetter({
        source: 'writer',
        error: new K2Error('ICEBERG_SCHEMA_MISMATCH', 'price does not fit decimal(18,8)'),
        at,
        exchange: 'BINANCE',
        symbol: 'BTCUSDT',
        text: '{"trade_id":"BINANCE-1"}',
      }),
    ).toEqual({
      source: 'writer',
      reason: 'ICEBERG_SCHEMA_MISMATCH',
      message: 'price does not fit decimal(18,8)',
      at: AT,
      exchange: 'BINANCE',
      symbol: 'BTCUSDT',
      text: '{"trade_id":"BINANCE-1"}',
    })
    const plain = createDeadLetter({ source: 'loader', error: new Error('boom'), at, text: 'a,b' })
    expect(plain).toMatchObject({ reason: 'UNKNOWN', message: 'boom' })
    const nodeError = Object.assign(new Error('no space left'), { code: 'ENOSPC' })
    expect(createDeadLetter({ source: 'writer', error: nodeError, at, text: '' }).reason).toBe(
      'ENOSPC',
    )
    expect(createDeadLetter({ source: 'loader', error: 'bad row', at, text: '' }).message).toBe(
      'bad row',
    )
  })

  it('stamps the current time by default', () => {
    const letter = createDeadLetter({ source: 'loader', error: new Error('x'), text: '' })
    expect(() => validateDeadLetter(letter)).not.toThrow()
  })
})
