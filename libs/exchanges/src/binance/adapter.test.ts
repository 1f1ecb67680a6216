import { deriveMessageId } from '@k2/core'
import { describe, expect, it } from 'vitest'

import { createBinanceAdapter, validateBinanceAdapterOptions } from './adapter.js'
import {
  BNBEUR_COMBINED_NO_M,
  BTCUSDT_COMBINED,
  BTCUSDT_EVENT,
  ERROR_RESPONSE,
  HISTORICAL_TRADES_RESPONSE,
  RECEIVED_AT_MICROS,
  SERVER_SHUTDOWN_COMBINED,
  SUBSCRIBE_RESPONSE,
} from './fixtures.js'

const adapter = createBinanceAdapter({
  streamBases: ['ws://127.0.0.1:41234/stream', 'wss://data-stream.binance.vision/stream'],
  restBase: 'http://127.0.0.1:41234',
})

describe('Binance adapter: identity and limits', () => {
  it('describes Binance', () => {
    expect(adapter.exchange).toBe('BINANCE')
    expect(adapter.sequence).toEqual({ scope: 'symbol', consecutive: true })
    expect(adapter.limits).toEqual({
      maxStreamsPerConnection: 1024,
      restWeightPerMinute: 6000,
      maxBackfillLimit: 1000,
      maxConnectionAgeMs: 86_400_000,
      serverPingIntervalMs: 20_000,
      pongTimeoutMs: 60_000,
      maxOutgoingMessagesPerSecond: 5,
    })
  })

  it('defaults to the public Binance hosts', () => {
    expect(validateBinanceAdapterOptions()).toEqual({
      streamBases: ['wss://stream.binance.com:9443'],
      restBase: 'https://api.binance.com',
    })
    expect(createBinanceAdapter().streamUrls(['BTCUSDT'])).toEqual([
      'wss://stream.binance.com:9443/stream?streams=btcusdt@trade',
    ])
  })

  it.each([
    ['no stream base', { streamBases: [] }],
    ['a bad stream base', { streamBases: ['http://x'] }],
    ['a bad REST base', { restBase: 'ftp://x' }],
  ])('refuses %s', (_case, options) => {
    expect(() => createBinanceAdapter(options)).toThrow(
      expect.objectContaining({ code: 'BINANCE_INVALID_ARGUMENT' }),
    )
  })
})

describe('Binance adapter: URLs and messages', () => {
  it('gives one combined URL per base, in failover order', () => {
    expect(adapter.streamUrls(['BTCUSDT', 'ethbtc'])).toEqual([
      'ws://127.0.0.1:41234/stream?streams=btcusdt@trade/ethbtc@trade',
      'wss://data-stream.binance.vision/stream?streams=btcusdt@trade/ethbtc@trade',
    ])
  })

  it('normalises symbols and builds (un)subscribe messages', () => {
    expect(adapter.normalizeSymbols(['btcusdt', 'BTCUSDT', 'ETHBTC'])).toEqual([
      'BTCUSDT',
      'ETHBTC',
    ])
    expect(adapter.subscribeMessage(['BTCUSDT'], 4)).toBe(
      '{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":4}',
    )
    expect(adapter.unsubscribeMessage(['BTCUSDT'], 5)).toBe(
      '{"method":"UNSUBSCRIBE","params":["btcusdt@trade"],"id":5}',
    )
  })

  it('builds backfill requests against its REST base', () => {
    expect(adapter.backfillRequest('BTCUSDT', 101)).toMatchObject({
      method: 'GET',
      url: 'http://127.0.0.1:41234/api/v3/historicalTrades?symbol=BTCUSDT&fromId=101&limit=1000',
      weight: 25,
      fromSequence: 101,
      limit: 1000,
    })
    expect(adapter.backfillRequest('BTCUSDT', 101, 10).url).toContain('&limit=10')
  })

  it('reads rate-limit headers', () => {
    const headers = new Headers({ 'X-MBX-USED-WEIGHT-1M': '50', 'Retry-After': '2' })
    expect(adapter.rateLimit(headers)).toEqual({ usedWeight: 50, retryAfterMs: 2000 })
  })
})

describe('Binance adapter: frames in neutral terms', () => {
  it('turns a trade frame into a FeedTrade with its sequence', () => {
    const frame = adapter.parseFrame(BTCUSDT_COMBINED, RECEIVED_AT_MICROS)
    if (frame.kind !== 'trade') throw new Error(frame.kind)
    expect(frame.trade.sequence).toBe(4212345678)
    expect(frame.trade.trade.source_sequence).toBe(4212345678)
    expect(frame.trade.trade.message_id).toBe(
      deriveMessageId('BINANCE', 'BTCUSDT', 'BINANCE-4212345678'),
    )
    expect(frame.trade.trade.ingestion_timestamp).toBe(RECEIVED_AT_MICROS)
    expect(adapter.sequenceOf(frame.trade.trade)).toBe(4212345678)
  })

  it('converts a frame without M', () => {
    const frame = adapter.parseFrame(BNBEUR_COMBINED_NO_M, RECEIVED_AT_MICROS)
    expect(frame.kind === 'trade' && frame.trade.trade.vendor_data?.is_best_match).toBe('')
  })

  it.each([
    [SERVER_SHUTDOWN_COMBINED, { kind: 'shutdown', eventTimeMs: 1732600005000 }],
    [SUBSCRIBE_RESPONSE, { kind: 'ack', requestId: 1 }],
  ])('maps control frame %s', (text, expected) => {
    expect(adapter.parseFrame(text, RECEIVED_AT_MICROS)).toEqual(expected)
  })

  it('maps an error response to a rejected request with a coded error', () => {
    const frame = adapter.parseFrame(ERROR_RESPONSE, RECEIVED_AT_MICROS)
    if (frame.kind !== 'rejected') throw new Error(frame.kind)
    expect(frame.requestId).toBe(1)
    expect(frame.error.code).toBe('BINANCE_REQUEST_REJECTED')
    expect(frame.error.context).toMatchObject({ binanceCode: 2, requestId: 1 })
  })

  it.each([
    ['malformed JSON', '{"e":', 'BINANCE_MALFORMED_JSON'],
    ['wrong e', JSON.stringify({ ...BTCUSDT_EVENT, e: 'aggTrade' }), 'BINANCE_UNEXPECTED_EVENT'],
    ['missing p', JSON.stringify({ ...BTCUSDT_EVENT, p: undefined }), 'BINANCE_MISSING_FIELD'],
  ])('reports %s as invalid without throwing', (_case, text, code) => {
    const frame = adapter.parseFrame(text, RECEIVED_AT_MICROS)
    expect(frame).toMatchObject({ kind: 'invalid', error: { code, context: { frame: text } } })
  })

  it('throws for a receipt time in ms (a caller bug, not a bad frame)', () => {
    expect(() => adapter.parseFrame(BTCUSDT_COMBINED, 1_732_600_000_500)).toThrow(
      expect.objectContaining({ code: 'BINANCE_INVALID_ARGUMENT' }),
    )
  })

  it('parses backfill responses into FeedTrades', () => {
    const trades = adapter.parseBackfillResponse(
      'BTCUSDT',
      HISTORICAL_TRADES_RESPONSE,
      RECEIVED_AT_MICROS,
    )
    expect(trades.map((t) => t.sequence)).toEqual([100, 101, 102])
    expect(trades.map((t) => t.trade.trade_id)).toEqual([
      'BINANCE-100',
      'BINANCE-101',
      'BINANCE-102',
    ])
  })

  it('refuses sequenceOf for a trade without source_sequence', () => {
    const frame = adapter.parseFrame(BTCUSDT_COMBINED, RECEIVED_AT_MICROS)
    if (frame.kind !== 'trade') throw new Error(frame.kind)
    const noSequence = { ...frame.trade.trade, source_sequence: null }
    expect(() => adapter.sequenceOf(noSequence)).toThrow(
      expect.objectContaining({ code: 'BINANCE_INVALID_ARGUMENT' }),
    )
  })
})
