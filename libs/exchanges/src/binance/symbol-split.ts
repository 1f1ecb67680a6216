import { BinanceError } from './errors.js'

/**
 * Quote assets tried, in this order, when splitting a Binance symbol (D9). The order matters:
 * `BTCTUSD` must split at `TUSD` before `USD` is tried, `ETHBUSD` at `BUSD`.
 */
export const QUOTE_SUFFIXES = [
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
] as const

/** A Binance symbol split into assets, with its trade-stream name. */
export interface BinanceSymbol {
  /** The symbol as Binance writes it in events, e.g. `BTCUSDT`. */
  readonly symbol: string
  readonly base: string
  /** The quote asset: the currency of the price. */
  readonly quote: string
  /** Name of its trade stream, e.g. `btcusdt@trade`. */
  readonly tradeStream: string
}

/** Binance symbols are upper-case letters and digits; 5 to 20 characters is the accepted range. */
const SYMBOL = /^[A-Z0-9]{5,20}$/
/** Bound of the cache, so a stream of bogus symbols cannot grow memory without limit. */
const MAX_CACHED = 4096
const cache = new Map<string, BinanceSymbol>()

/**
 * The split of `symbol` (already upper case) or undefined when it is not a valid Binance symbol.
 * Cached per symbol: the frame hot path pays one Map lookup.
 */
export function trySplitSymbol(symbol: string): BinanceSymbol | undefined {
  const hit = cache.get(symbol)
  if (hit !== undefined) return hit
  if (typeof symbol !== 'string' || !SYMBOL.test(symbol)) return undefined
  const quote = QUOTE_SUFFIXES.find((q) => symbol.endsWith(q)) ?? symbol.slice(-4)
  const split: BinanceSymbol = Object.freeze({
    symbol,
    base: symbol.slice(0, symbol.length - quote.length),
    quote,
    tradeStream: `${symbol.toLowerCase()}@trade`,
  })
  if (cache.size >= MAX_CACHED) cache.clear()
  cache.set(symbol, split)
  return split
}

/**
 * Splits a Binance symbol into base and quote asset (D9): the first of {@link QUOTE_SUFFIXES}
 * that ends the symbol, else its last 4 characters. BTCUSDT -> BTC/USDT, ETHBTC -> ETH/BTC,
 * BNBEUR -> BNB/EUR, BTCUSD -> BTC/USD. Throws `BINANCE_INVALID_SYMBOL` for anything that is
 * not 5-20 upper-case letters and digits.
 */
export function splitSymbol(symbol: string): BinanceSymbol {
  const split = trySplitSymbol(symbol)
  if (split === undefined) throw invalidSymbol(symbol)
  return split
}

/**
 * A symbol as a user wrote it (any case, surrounding spaces) in Binance's form: trimmed, upper
 * case, validated. Throws `BINANCE_INVALID_SYMBOL`.
 */
export function normalizeSymbol(symbol: string): string {
  if (typeof symbol !== 'string') throw invalidSymbol(symbol)
  return splitSymbol(symbol.trim().toUpperCase()).symbol
}

function invalidSymbol(symbol: unknown): BinanceError {
  return new BinanceError(
    'BINANCE_INVALID_SYMBOL',
    `symbol ${JSON.stringify(symbol)} is not 5-20 characters A-Z and 0-9`,
    { context: { symbol: String(symbol) } },
  )
}
