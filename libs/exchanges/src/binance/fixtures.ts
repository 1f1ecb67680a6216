/**
 * Captured-style Binance payloads, shaped exactly like the frames and REST items Binance sends
 * (spot docs, checked 2025-11), named after their case. Shared by the tests of this folder and
 * usable by the replay exchange's tests; not part of the public API.
 */

/** Combined-stream BTCUSDT trade, seller aggressor (`m` true), `M` present. */
export const BTCUSDT_COMBINED =
  '{"stream":"btcusdt@trade","data":{"e":"trade","E":1732600000123,"s":"BTCUSDT","t":4212345678,"p":"97312.45000000","q":"0.00120000","T":1732600000122,"m":true,"M":true}}'

/** Raw-stream ETHBTC trade (quote BTC), buyer aggressor. */
export const ETHBTC_RAW =
  '{"e":"trade","E":1732600001456,"s":"ETHBTC","t":476543210,"p":"0.03521000","q":"1.25000000","T":1732600001455,"m":false,"M":true}'

/** Combined-stream BNBEUR trade without `M` (newer payloads leave it out). */
export const BNBEUR_COMBINED_NO_M =
  '{"stream":"bnbeur@trade","data":{"e":"trade","E":1732600002789,"s":"BNBEUR","t":23456789,"p":"598.30000000","q":"0.50000000","T":1732600002788,"m":false}}'

/** Raw-stream BTCUSD trade (quote USD: tried after the USDT family), `M` false. */
export const BTCUSD_RAW =
  '{"e":"trade","E":1732600003000,"s":"BTCUSD","t":98765432,"p":"97300.12000000","q":"0.00010000","T":1732600002999,"m":true,"M":false}'

/** The trade event of {@link BTCUSDT_COMBINED}, unwrapped, for building variants. */
export const BTCUSDT_EVENT = {
  e: 'trade',
  E: 1732600000123,
  s: 'BTCUSDT',
  t: 4212345678,
  p: '97312.45000000',
  q: '0.00120000',
  T: 1732600000122,
  m: true,
  M: true,
} as const

/** Planned-close notice, raw and wrapped. */
export const SERVER_SHUTDOWN_RAW = '{"e":"serverShutdown","E":1732600005000}'
export const SERVER_SHUTDOWN_COMBINED =
  '{"stream":"btcusdt@trade","data":{"e":"serverShutdown","E":1732600005000}}'

/** Answers to SUBSCRIBE (null result) and LIST_SUBSCRIPTIONS (a list). */
export const SUBSCRIBE_RESPONSE = '{"result":null,"id":1}'
export const LIST_SUBSCRIPTIONS_RESPONSE = '{"result":["btcusdt@trade"],"id":3}'

/** Error answer to a bad request. */
export const ERROR_RESPONSE =
  '{"error":{"code":2,"msg":"Invalid request: unknown variant `SUBSCRIB`"},"id":1}'

/** The example item of the historicalTrades docs. */
export const HISTORICAL_TRADE_ITEM = {
  id: 28457,
  price: '4.00000100',
  qty: '12.00000000',
  quoteQty: '48.000012',
  time: 1499865549590,
  isBuyerMaker: true,
  isBestMatch: true,
} as const

/** A historicalTrades response of three consecutive BTCUSDT trades. */
export const HISTORICAL_TRADES_RESPONSE = JSON.stringify([
  {
    id: 100,
    price: '97310.00000000',
    qty: '0.01000000',
    quoteQty: '973.1',
    time: 1732600000001,
    isBuyerMaker: false,
    isBestMatch: true,
  },
  {
    id: 101,
    price: '97310.01000000',
    qty: '0.00500000',
    quoteQty: '486.55005',
    time: 1732600000002,
    isBuyerMaker: true,
    isBestMatch: true,
  },
  {
    id: 102,
    price: '97309.99000000',
    qty: '0.20000000',
    quoteQty: '19461.998',
    time: 1732600000010,
    isBuyerMaker: false,
  },
])

/** A receipt time (µs) used by the tests: 2024-11-26T05:46:40.5Z. */
export const RECEIVED_AT_MICROS = 1_732_600_000_500_000
