import { deriveMessageId, formatDecimal, K2Error, type TradeV2 } from '@k2/core'
import { describe, expect, it } from 'vitest'

import { convertHistoricalTrade, convertTradeEvent } from './convert-trade.js'
import { BinanceError } from './errors.js'
import {
  BNBEUR_COMBINED_NO_M,
  BTCUSD_RAW,
  BTCUSDT_COMBINED,
  BTCUSDT_EVENT,
  ETHBTC_RAW,
  HISTORICAL_TRADE_ITEM,
  RECEIVED_AT_MICROS,
} from './fixtures.js'
import type { BinanceHistoricalTrade } from './historical-trade.js'
import { parseFrame } from './parse-frame.js'
import type { BinanceTradeEvent } from './trade-event.js'

function eventOf(text: string): BinanceTradeEvent {
  const frame = parseFrame(text)
  if (frame.kind !== 'trade') throw new Error(`not a trade: ${frame.kind}`)
  return frame.event
}

/** The plain-data view of a trade, decimals as 8-digit text, for whole-record comparison. */
function plain(trade: TradeV2): Record<string, unknown> {
  return {
    ...trade,
    price: formatDecimal(trade.price, 8),
    quantity: formatDecimal(trade.quantity, 8),
  }
}

const expected = (
  symbol: string,
  id: number,
  fields: {
    base: string
    quote: string
    price: string
    quantity: string
    T: number
    E: string
    m: boolean
    M: string
  },
): Record<string, unknown> => ({
  message_id: deriveMessageId('BINANCE', symbol, `BINANCE-${id}`),
  trade_id: `BINANCE-${id}`,
  symbol,
  exchange: 'BINANCE',
  asset_class: 'crypto',
  timestamp: fields.T * 1000,
  price: fields.price,
  quantity: fields.quantity,
  currency: fields.quote,
  side: fields.m ? 'SELL' : 'BUY',
  trade_conditions: [],
  source_sequence: id,
  ingestion_timestamp: RECEIVED_AT_MICROS,
  platform_sequence: null,
  vendor_data: {
    base_asset: fields.base,
    quote_asset: fields.quote,
    is_buyer_maker: String(fields.m),
    event_time: fields.E,
    trade_time: String(fields.T),
    is_best_match: fields.M,
  },
})

describe('convertTradeEvent (D9)', () => {
  it.each([
    [
      'BTCUSDT, seller aggressor',
      BTCUSDT_COMBINED,
      expected('BTCUSDT', 4212345678, {
        base: 'BTC',
        quote: 'USDT',
        price: '97312.45000000',
        quantity: '0.00120000',
        T: 1732600000122,
        E: '1732600000123',
        m: true,
        M: 'true',
      }),
    ],
    [
      'ETHBTC, buyer aggressor',
      ETHBTC_RAW,
      expected('ETHBTC', 476543210, {
        base: 'ETH',
        quote: 'BTC',
        price: '0.03521000',
        quantity: '1.25000000',
        T: 1732600001455,
        E: '1732600001456',
        m: false,
        M: 'true',
      }),
    ],
    [
      'BNBEUR without M',
      BNBEUR_COMBINED_NO_M,
      expected('BNBEUR', 23456789, {
        base: 'BNB',
        quote: 'EUR',
        price: '598.30000000',
        quantity: '0.50000000',
        T: 1732600002788,
        E: '1732600002789',
        m: false,
        M: '',
      }),
    ],
    [
      'BTCUSD with M false',
      BTCUSD_RAW,
      expected('BTCUSD', 98765432, {
        base: 'BTC',
        quote: 'USD',
        price: '97300.12000000',
        quantity: '0.00010000',
        T: 1732600002999,
        E: '1732600003000',
        m: true,
        M: 'false',
      }),
    ],
  ])('%s', (_case, text, want) => {
    const trade = convertTradeEvent(eventOf(text), RECEIVED_AT_MICROS)
    expect(plain(trade)).toEqual(want)
    expect(Object.isFrozen(trade)).toBe(true)
  })

  it('keeps prices exact (no float rounding)', () => {
    const ev = { ...BTCUSDT_EVENT, p: '0.10000003', q: '9999999999.99999999' } as BinanceTradeEvent
    const trade = convertTradeEvent(ev, RECEIVED_AT_MICROS)
    expect(trade.price.toFixed()).toBe('0.10000003')
    expect(trade.quantity.toFixed()).toBe('9999999999.99999999')
  })

  it('is T x 1000 for trade times below 10^12 ms too (no ms/µs misreading)', () => {
    for (const T of [0, 5, 999_999_999_999]) {
      const ev = { ...BTCUSDT_EVENT, T } as BinanceTradeEvent
      expect(convertTradeEvent(ev, RECEIVED_AT_MICROS).timestamp).toBe(T * 1000)
    }
  })

  it('gives the same trade the same message id on a re-send, another trade another', () => {
    const a = convertTradeEvent(eventOf(BTCUSDT_COMBINED), RECEIVED_AT_MICROS)
    const b = convertTradeEvent(eventOf(BTCUSDT_COMBINED), RECEIVED_AT_MICROS + 7)
    const c = convertTradeEvent({ ...eventOf(BTCUSDT_COMBINED), t: 4212345679 }, RECEIVED_AT_MICROS)
    expect(a.message_id).toBe(b.message_id)
    expect(c.message_id).not.toBe(a.message_id)
  })

  it.each([[0], [1_732_600_000_000], [RECEIVED_AT_MICROS + 0.5], [Number.NaN]])(
    'rejects a receipt time that is not µs (%s)',
    (receivedAt) => {
      expect(() => convertTradeEvent(eventOf(BTCUSDT_COMBINED), receivedAt)).toThrow(
        expect.objectContaining({ code: 'BINANCE_INVALID_ARGUMENT' }),
      )
    },
  )

  it('maps a record-builder rejection to BINANCE_INVALID_FIELD naming the Binance key', () => {
    // Unvalidated input (parseFrame would refuse it): the core error surfaces with our code.
    const ev = { ...BTCUSDT_EVENT, p: '-1' } as BinanceTradeEvent
    let error: unknown
    try {
      convertTradeEvent(ev, RECEIVED_AT_MICROS)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(BinanceError)
    expect((error as BinanceError).code).toBe('BINANCE_INVALID_FIELD')
    expect((error as BinanceError).context.field).toBe('p')
    expect((error as BinanceError).cause).toBeInstanceOf(K2Error)
  })
})

describe('convertHistoricalTrade', () => {
  it('converts the documented item like a trade event, with event_time ""', () => {
    const trade = convertHistoricalTrade('BNBBTC', HISTORICAL_TRADE_ITEM, RECEIVED_AT_MICROS)
    expect(plain(trade)).toEqual(
      expected('BNBBTC', 28457, {
        base: 'BNB',
        quote: 'BTC',
        price: '4.00000100',
        quantity: '12.00000000',
        T: 1499865549590,
        E: '',
        m: true,
        M: 'true',
      }),
    )
  })

  it('gives the same record as the WebSocket event apart from event_time', () => {
    const ev = eventOf(BTCUSDT_COMBINED)
    const item: BinanceHistoricalTrade = {
      id: ev.t,
      price: ev.p,
      qty: ev.q,
      time: ev.T,
      isBuyerMaker: ev.m,
      isBestMatch: true,
    }
    const ws = convertTradeEvent(ev, RECEIVED_AT_MICROS)
    const rest = convertHistoricalTrade('BTCUSDT', item, RECEIVED_AT_MICROS)
    expect(plain(rest)).toEqual({
      ...plain(ws),
      vendor_data: { ...ws.vendor_data, event_time: '' },
    })
  })

  it('sets is_best_match "" when the item has no isBestMatch', () => {
    const { isBestMatch: _drop, ...item } = HISTORICAL_TRADE_ITEM
    const trade = convertHistoricalTrade('BNBBTC', item, RECEIVED_AT_MICROS)
    expect(trade.vendor_data?.is_best_match).toBe('')
  })

  it('rejects an invalid symbol', () => {
    expect(() => convertHistoricalTrade('bnb', HISTORICAL_TRADE_ITEM, RECEIVED_AT_MICROS)).toThrow(
      expect.objectContaining({ code: 'BINANCE_INVALID_SYMBOL' }),
    )
  })
})
