import { createTrade, type TradeV2 } from '@k2/core'

import { BINANCE_MARKETS, type BinanceMarket } from './binance-markets.js'
import { createPrng } from './prng.js'
import { scaledToText, textToScaled } from './scaled-decimal.js'

/** Options of {@link generateTrades}. */
export interface TradeGeneratorOptions {
  /** Number of trades. */
  readonly rows: number
  /** PRNG seed: the same seed gives the same trades, byte for byte. */
  readonly seed: number
  /** Length of the time window in UTC days; each day is one `timestamp_day` partition. */
  readonly days: number
  /** Start of the window, µs since the epoch (UTC midnight, so days align with partitions). */
  readonly startMicros: number
  readonly markets: readonly BinanceMarket[]
}

/** Defaults of {@link TradeGeneratorOptions} (all but `rows`). */
export const TRADE_GENERATOR_DEFAULTS: Omit<TradeGeneratorOptions, 'rows'> = Object.freeze({
  seed: 20251124,
  days: 3,
  startMicros: Date.UTC(2025, 10, 24) * 1000,
  markets: BINANCE_MARKETS,
})

const DAY_MS = 86_400_000
/** Median notional of a generated trade in the quote asset (USDT). */
const MEDIAN_NOTIONAL = 250
/** Largest quantity: decimal(18, 8) allows 10 integer digits (D2). */
const MAX_QUANTITY = 9_999_999_999
/** Prices stay within this factor of their start (a crude mean reversion). */
const PRICE_BAND = 1.2

interface MarketState {
  readonly market: BinanceMarket
  readonly startTicks: number
  ticks: number
  nextTradeId: number
}

/**
 * Deterministic Binance-like spot trades, built with `createTrade` exactly as the Binance mapper
 * of D9 would build them: in time order across all markets (as a replay or backfill delivers
 * them), millisecond trade times (`T` x 1000), consecutive trade ids per symbol
 * (`BINANCE-{t}`, `source_sequence` = t), prices on the market's tick from a bounded random walk,
 * log-normal quantities on the lot step (both exact decimal strings with 8 decimals), aggressor
 * side from `m`, no trade conditions, no platform sequence, and the six vendor_data keys of D9.
 */
export function generateTrades(
  options: Partial<TradeGeneratorOptions> & Pick<TradeGeneratorOptions, 'rows'>,
): TradeV2[] {
  const { rows, seed, days, startMicros, markets } = { ...TRADE_GENERATOR_DEFAULTS, ...options }
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`rows must be >= 0: ${rows}`)
  if (!(days > 0)) throw new RangeError(`days must be positive: ${days}`)
  if (markets.length === 0) throw new RangeError('markets must not be empty')
  const prng = createPrng(seed)
  const states: MarketState[] = markets.map((market) => {
    const ticks = textToScaled(market.price, market.priceDecimals)
    return { market, startTicks: ticks, ticks, nextTradeId: market.firstTradeId }
  })
  const cumulative: number[] = []
  let total = 0
  for (const m of markets) cumulative.push((total += m.weight))
  const startMs = Math.floor(startMicros / 1000)
  const spanMs = days * DAY_MS

  const trades = new Array<TradeV2>(rows)
  for (let i = 0; i < rows; i++) {
    const pick = prng.next() * total
    let k = 0
    while (k < cumulative.length - 1 && pick >= (cumulative[k] as number)) k++
    const state = states[k] as MarketState
    const { market } = state
    // (i + u) * span / rows is non-decreasing in i for u in [0, 1): trades come in time order.
    const tradeTimeMs = startMs + Math.floor(((i + prng.next()) * spanMs) / rows)
    state.ticks = nextPrice(state, prng.next(), prng.next())
    const quantitySteps = quantityInSteps(market, state.ticks, prng.gaussian())
    const buyerIsMaker = prng.next() < 0.5
    const eventTimeMs = tradeTimeMs + prng.int(5)
    const latencyMicros = (20 + prng.int(80)) * 1000 + prng.int(1000)
    const tradeId = state.nextTradeId++
    trades[i] = createTrade({
      trade_id: `BINANCE-${tradeId}`,
      symbol: market.symbol,
      exchange: 'BINANCE',
      asset_class: 'crypto',
      timestamp: tradeTimeMs * 1000,
      price: scaledToText(state.ticks, market.priceDecimals),
      quantity: scaledToText(quantitySteps, market.quantityDecimals),
      currency: market.quoteAsset,
      side: buyerIsMaker ? 'SELL' : 'BUY',
      trade_conditions: [],
      source_sequence: tradeId,
      ingestion_timestamp: eventTimeMs * 1000 + latencyMicros,
      platform_sequence: null,
      vendor_data: {
        base_asset: market.baseAsset,
        quote_asset: market.quoteAsset,
        is_buyer_maker: String(buyerIsMaker),
        event_time: String(eventTimeMs),
        trade_time: String(tradeTimeMs),
        is_best_match: 'true',
      },
    })
  }
  return trades
}

/** The next price in ticks: unchanged 60% of the time, else up to 0.01% up or down. */
function nextPrice(state: MarketState, r: number, size: number): number {
  if (r < 0.6) return state.ticks
  const maxStep = Math.max(1, Math.round(state.ticks * 1e-4))
  const step = 1 + Math.floor(size * maxStep)
  let up = r < 0.8
  if (state.ticks > state.startTicks * PRICE_BAND) up = false
  if (state.ticks * PRICE_BAND < state.startTicks) up = true
  return up ? state.ticks + step : Math.max(1, state.ticks - step)
}

/**
 * A log-normal quantity around {@link MEDIAN_NOTIONAL} worth, in lot steps (at least one). The
 * float only chooses the integer; the decimal is built from the integer, exactly.
 */
function quantityInSteps(market: BinanceMarket, priceTicks: number, gaussian: number): number {
  const price = priceTicks / 10 ** market.priceDecimals
  const g = Math.max(-3, Math.min(3, gaussian))
  const quantity = (MEDIAN_NOTIONAL / price) * Math.exp(1.4 * g)
  const stepsPerUnit = 10 ** market.quantityDecimals
  return Math.max(1, Math.min(Math.round(quantity * stepsPerUnit), MAX_QUANTITY * stepsPerUnit))
}
