import { describe, expect, it } from 'vitest'

import { QUOTE_SUFFIXES, normalizeSymbol, splitSymbol, trySplitSymbol } from './symbol-split.js'

describe('splitSymbol (D9)', () => {
  it('keeps the D9 suffix list in its order', () => {
    expect(QUOTE_SUFFIXES).toEqual([
      'USDT',
      'USDC',
      'BUSD',
      'TUSD',
      'USDP',
      'BTC',
      'ETH',
      'BNB',
      'EUR',
      'GBP',
      'AUD',
      'USD',
      'TRY',
      'ZAR',
      'UAH',
      'NGN',
    ])
  })

  it.each([
    ['BTCUSDT', 'BTC', 'USDT'],
    ['ETHBTC', 'ETH', 'BTC'],
    ['BNBEUR', 'BNB', 'EUR'],
    ['BTCUSD', 'BTC', 'USD'],
  ])('the D9 examples: %s -> %s/%s', (symbol, base, quote) => {
    expect(splitSymbol(symbol)).toMatchObject({ symbol, base, quote })
  })

  it.each([
    ['SOLUSDT', 'SOL', 'USDT'],
    ['ETHUSDC', 'ETH', 'USDC'],
    ['BNBBUSD', 'BNB', 'BUSD'],
    ['BTCTUSD', 'BTC', 'TUSD'],
    ['BTCUSDP', 'BTC', 'USDP'],
    ['LTCBTC', 'LTC', 'BTC'],
    ['LINKETH', 'LINK', 'ETH'],
    ['CAKEBNB', 'CAKE', 'BNB'],
    ['ADAEUR', 'ADA', 'EUR'],
    ['XRPGBP', 'XRP', 'GBP'],
    ['DOGEAUD', 'DOGE', 'AUD'],
    ['SOLUSD', 'SOL', 'USD'],
    ['AVAXTRY', 'AVAX', 'TRY'],
    ['USDTZAR', 'USDT', 'ZAR'],
    ['USDTUAH', 'USDT', 'UAH'],
    ['USDTNGN', 'USDT', 'NGN'],
  ])('every suffix of the list: %s -> %s/%s', (symbol, base, quote) => {
    expect(splitSymbol(symbol)).toMatchObject({ base, quote })
  })

  it('covers every suffix of the list in the table above', () => {
    const covered = ['USDT', 'USDC', 'BUSD', 'TUSD', 'USDP', 'BTC', 'ETH', 'BNB'].concat([
      'EUR',
      'GBP',
      'AUD',
      'USD',
      'TRY',
      'ZAR',
      'UAH',
      'NGN',
    ])
    expect([...QUOTE_SUFFIXES].sort()).toEqual(covered.sort())
  })

  it.each([
    ['BTCTUSD', 'TUSD', 'TUSD before USD'],
    ['ETHBUSD', 'BUSD', 'BUSD before USD'],
    ['BTCUSDT', 'USDT', 'USDT, not the fallback'],
  ])('order matters: %s splits at %s (%s)', (symbol, quote) => {
    expect(splitSymbol(symbol).quote).toBe(quote)
  })

  it('follows the list even where it guesses wrong: ABUSD is A/BUSD, not AB/USD', () => {
    expect(splitSymbol('ABUSD')).toMatchObject({ base: 'A', quote: 'BUSD' })
  })

  it.each([
    ['BTCDAIX', 'BTC', 'DAIX'],
    ['ABCDEFGH', 'ABCD', 'EFGH'],
    ['1INCHDOWN', '1INCH', 'DOWN'],
  ])('falls back to the last 4 characters: %s -> %s/%s', (symbol, base, quote) => {
    expect(splitSymbol(symbol)).toMatchObject({ base, quote })
  })

  it('names the trade stream in lower case', () => {
    expect(splitSymbol('BTCUSDT').tradeStream).toBe('btcusdt@trade')
  })

  it('caches per symbol: the same frozen object comes back', () => {
    const a = splitSymbol('ETHBTC')
    expect(splitSymbol('ETHBTC')).toBe(a)
    expect(Object.isFrozen(a)).toBe(true)
  })

  it.each([['btcusdt'], ['BTC'], ['BTCUSDTBTCUSDTBTCUSDT'], ['BTC-USDT'], ['BTC USDT'], ['']])(
    'rejects %j',
    (symbol) => {
      expect(trySplitSymbol(symbol)).toBeUndefined()
      expect(() => splitSymbol(symbol)).toThrow(
        expect.objectContaining({ code: 'BINANCE_INVALID_SYMBOL' }),
      )
    },
  )

  it('accepts 5 and 20 characters', () => {
    expect(splitSymbol('XYUSD').base).toBe('XY')
    expect(splitSymbol('ABCDEFGHIJKLMNOPUSDT').base).toBe('ABCDEFGHIJKLMNOP')
  })

  it('normalizeSymbol upper-cases and trims user input', () => {
    expect(normalizeSymbol(' btcusdt ')).toBe('BTCUSDT')
    expect(() => normalizeSymbol('btc/usdt')).toThrow(
      expect.objectContaining({ code: 'BINANCE_INVALID_SYMBOL' }),
    )
  })
})
