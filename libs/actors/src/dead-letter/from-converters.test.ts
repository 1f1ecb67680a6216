import { K2Error } from '@k2/core'
import { FeedError, createBinanceAdapter, type FeedErrorEvent } from '@k2/exchanges'
import { KafkaError, type UndecodableRecord } from '@k2/kafka'
import { describe, expect, it } from 'vitest'

import { validateDeadLetter } from './dead-letter.js'
import { deadLetterFromFeedError } from './from-feed-error.js'
import { deadLetterFromUndecodable } from './from-undecodable.js'

const AT = new Date('2025-11-24T10:15:00.123Z')
const URL = 'wss://stream.binance.com:9443/stream?streams=btcusdt@trade'
const RECEIVED_US = 1_732_600_000_123_000

/** The feed error event of a frame the Binance adapter rejects (as the feed reports it). */
function invalidFrame(text: string): FeedErrorEvent {
  const frame = createBinanceAdapter().parseFrame(text, RECEIVED_US)
  if (frame.kind !== 'invalid') throw new Error(`expected an invalid frame, got ${frame.kind}`)
  return { reason: 'invalid_frame', error: frame.error, url: URL }
}

const NEGATIVE_PRICE =
  '{"stream":"btcusdt@trade","data":{"e":"trade","E":1732600000123,"s":"BTCUSDT","t":4212345678,' +
  '"p":"-97312.45000000","q":"0.00120000","T":1732600000122,"m":true,"M":true}}'

describe('deadLetterFromFeedError', () => {
  it('keeps the frame text, the error code and message, the URL and the exchange', () => {
    const letter = deadLetterFromFeedError(invalidFrame(NEGATIVE_PRICE), {
      exchange: 'binance',
      topic: 'market.crypto.trades.binance',
      at: AT,
    })
    expect(letter).toEqual({
      source: 'feed',
      reason: 'BINANCE_INVALID_FIELD',
      message: 'p: "-97312.45000000" must not be negative',
      at: AT.toISOString(),
      topic: 'market.crypto.trades.binance',
      exchange: 'BINANCE',
      url: URL,
      text: NEGATIVE_PRICE,
    })
    expect(() => validateDeadLetter(letter!)).not.toThrow()
  })

  it('keeps broken JSON as received', () => {
    const letter = deadLetterFromFeedError(invalidFrame('{"e":"trade","p":"100.0'), {
      exchange: 'BINANCE',
      at: AT,
    })
    expect(letter).toMatchObject({
      reason: 'BINANCE_MALFORMED_JSON',
      text: '{"e":"trade","p":"100.0',
    })
    expect(letter).not.toHaveProperty('topic')
  })

  it('takes the symbol from the error when it has one', () => {
    const mismatch =
      '{"stream":"ethusdt@trade","data":{"e":"trade","E":1732600000123,"s":"BTCUSDT","t":1,' +
      '"p":"1.00000000","q":"1.00000000","T":1732600000122,"m":true,"M":true}}'
    const letter = deadLetterFromFeedError(invalidFrame(mismatch), { exchange: 'BINANCE', at: AT })
    expect(letter).toMatchObject({ reason: 'BINANCE_STREAM_MISMATCH', symbol: 'BTCUSDT' })
  })

  it('marks a frame the feed cut to 2 KB as truncated', () => {
    const long = NEGATIVE_PRICE.replace('"M":true', `"M":true,"x":"${'y'.repeat(3000)}"`)
    const letter = deadLetterFromFeedError(invalidFrame(long), { exchange: 'BINANCE', at: AT })
    expect(letter?.truncated).toBe(true)
    expect(letter?.text).toBe(long.slice(0, 2048))
  })

  it('keeps a frame without text (binary) with its reason and an empty text', () => {
    const event: FeedErrorEvent = {
      reason: 'invalid_frame',
      error: new FeedError(
        'FEED_BINARY_FRAME',
        'binary frame where only text frames are expected',
        {
          context: { url: URL, frameLength: 10 },
        },
      ),
    }
    expect(deadLetterFromFeedError(event, { exchange: 'BINANCE', at: AT })).toMatchObject({
      reason: 'FEED_BINARY_FRAME',
      url: URL,
      text: '',
    })
  })

  it.each(['request_rejected', 'connection', 'backfill'] as const)(
    'gives null for a %s error (not a dead letter)',
    (reason) => {
      const event: FeedErrorEvent = { reason, error: new K2Error('FEED_X', 'x'), url: URL }
      expect(deadLetterFromFeedError(event, { exchange: 'BINANCE' })).toBeNull()
    },
  )
})

describe('deadLetterFromUndecodable', () => {
  const record: UndecodableRecord = {
    topic: 'market.crypto.trades.binance',
    partition: 7,
    offset: '120455',
    key: 'BTCUSDT',
    headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    bytes: Buffer.from([0xc3, 0x01, 0xde, 0xad]),
    error: new KafkaError('KAFKA_DECODE_FAILED', 'unknown schema fingerprint'),
  }

  it('keeps the bytes, the error and the position, and reads exchange and symbol', () => {
    expect(deadLetterFromUndecodable(record, { at: AT })).toEqual({
      source: 'kafka',
      reason: 'KAFKA_DECODE_FAILED',
      message: 'unknown schema fingerprint',
      at: AT.toISOString(),
      topic: 'market.crypto.trades.binance',
      partition: 7,
      offset: '120455',
      exchange: 'BINANCE',
      symbol: 'BTCUSDT',
      bytes: record.bytes,
    })
  })

  it('leaves out what it cannot know and takes another source', () => {
    const letter = deadLetterFromUndecodable(
      { ...record, topic: 'some.other.topic', key: null },
      { source: 'writer', at: AT },
    )
    expect(letter.source).toBe('writer')
    expect(letter).not.toHaveProperty('exchange')
    expect(letter).not.toHaveProperty('symbol')
    expect(() => validateDeadLetter(letter)).not.toThrow()
  })
})
