import { describe, expect, it } from 'vitest'

import {
  BINANCE_DEFAULT_STREAM_BASE,
  BINANCE_MAX_STREAMS_PER_CONNECTION,
  combinedStreamUrl,
  normalizeStreamBase,
  normalizeSymbols,
  rawStreamUrl,
  streamBases,
  tradeStreamName,
} from './stream-urls.js'
import { subscriptionRequest } from './subscribe-request.js'

/** n distinct valid symbols. */
const symbols = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `S${String(i).padStart(4, '0')}USDT`)

describe('stream URLs', () => {
  it('builds the combined URL on the default base', () => {
    expect(BINANCE_DEFAULT_STREAM_BASE).toBe('wss://stream.binance.com:9443')
    expect(combinedStreamUrl(['BTCUSDT', 'ETHUSDT'])).toBe(
      'wss://stream.binance.com:9443/stream?streams=btcusdt@trade/ethusdt@trade',
    )
  })

  it('builds the raw URL on the default base', () => {
    expect(rawStreamUrl('BTCUSDT')).toBe('wss://stream.binance.com:9443/ws/btcusdt@trade')
  })

  it.each([
    ['wss://stream.binance.com:9443', 'wss://stream.binance.com:9443'],
    ['wss://stream.binance.com:9443/', 'wss://stream.binance.com:9443'],
    ['wss://stream.binance.com:9443/stream', 'wss://stream.binance.com:9443'],
    ['wss://stream.binance.com:9443/stream/', 'wss://stream.binance.com:9443'],
    ['wss://data-stream.binance.vision/ws', 'wss://data-stream.binance.vision'],
    ['ws://127.0.0.1:41234/stream', 'ws://127.0.0.1:41234'],
    ['wss://proxy.example/binance/stream', 'wss://proxy.example/binance'],
  ])('base %s -> %s', (base, normalised) => {
    expect(normalizeStreamBase(base)).toBe(normalised)
    expect(combinedStreamUrl(['ETHBTC'], base)).toBe(`${normalised}/stream?streams=ethbtc@trade`)
    expect(rawStreamUrl('ETHBTC', base)).toBe(`${normalised}/ws/ethbtc@trade`)
  })

  it.each([
    ['not a URL', 'stream.binance.com'],
    ['http scheme', 'https://stream.binance.com'],
    ['a query', 'wss://stream.binance.com:9443/stream?streams=x'],
    ['a fragment', 'wss://stream.binance.com:9443#x'],
  ])('rejects a base with %s', (_case, base) => {
    expect(() => combinedStreamUrl(['BTCUSDT'], base)).toThrow(
      expect.objectContaining({ code: 'BINANCE_INVALID_ARGUMENT' }),
    )
  })

  it('lower-cases stream names and accepts symbols in any case', () => {
    expect(tradeStreamName('BnbEur')).toBe('bnbeur@trade')
    expect(combinedStreamUrl(['btcusdt', 'ETHBTC'])).toBe(
      'wss://stream.binance.com:9443/stream?streams=btcusdt@trade/ethbtc@trade',
    )
  })

  it('de-duplicates symbols in first-seen order', () => {
    expect(normalizeSymbols(['ETHBTC', 'btcusdt', 'ETHBTC', 'BTCUSDT'])).toEqual([
      'ETHBTC',
      'BTCUSDT',
    ])
  })

  it('allows 1024 streams and refuses 1025 with BINANCE_TOO_MANY_STREAMS', () => {
    expect(BINANCE_MAX_STREAMS_PER_CONNECTION).toBe(1024)
    const url = combinedStreamUrl(symbols(1024))
    expect(url.split('?streams=')[1]?.split('/')).toHaveLength(1024)
    expect(() => combinedStreamUrl(symbols(1025))).toThrow(
      expect.objectContaining({
        code: 'BINANCE_TOO_MANY_STREAMS',
        context: { streams: 1025, max: 1024 },
      }),
    )
  })

  it.each([[['BTC']], [['BTC-USDT']], [['BTCUSDT', 'ETH/BTC']]])(
    'refuses invalid symbols %j',
    (list) => {
      expect(() => combinedStreamUrl(list)).toThrow(
        expect.objectContaining({ code: 'BINANCE_INVALID_SYMBOL' }),
      )
    },
  )

  it('refuses an empty symbol list', () => {
    expect(() => combinedStreamUrl([])).toThrow(
      expect.objectContaining({ code: 'BINANCE_INVALID_ARGUMENT' }),
    )
  })

  it('lists primary then failover bases, normalised and de-duplicated', () => {
    expect(
      streamBases('wss://stream.binance.com:9443/stream', [
        'wss://data-stream.binance.vision/stream',
        'wss://stream.binance.com:9443',
      ]),
    ).toEqual(['wss://stream.binance.com:9443', 'wss://data-stream.binance.vision'])
  })
})

describe('subscriptionRequest', () => {
  it('builds SUBSCRIBE and UNSUBSCRIBE for trade streams', () => {
    expect(JSON.parse(subscriptionRequest('SUBSCRIBE', ['BTCUSDT', 'ethbtc'], 1))).toEqual({
      method: 'SUBSCRIBE',
      params: ['btcusdt@trade', 'ethbtc@trade'],
      id: 1,
    })
    expect(subscriptionRequest('UNSUBSCRIBE', ['BNBEUR'], 2)).toBe(
      '{"method":"UNSUBSCRIBE","params":["bnbeur@trade"],"id":2}',
    )
  })

  it.each([[-1], [1.5], [Number.NaN]])('refuses id %s', (id) => {
    expect(() => subscriptionRequest('SUBSCRIBE', ['BTCUSDT'], id)).toThrow(
      expect.objectContaining({ code: 'BINANCE_INVALID_ARGUMENT' }),
    )
  })
})
