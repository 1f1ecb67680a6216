import { UNITS_PER_ONE } from './decimal-units.js'
import { createPrng, symbolSeed } from './prng.js'

/** How a symbol's generated trades look: where the price starts and its price/lot grid. */
export interface SymbolProfile {
  /** Initial mid price, units. */
  readonly startPrice: number
  /** Price grid (Binance PRICE_FILTER tickSize), units. */
  readonly tickSize: number
  /** Quantity grid (Binance LOT_SIZE stepSize), units. */
  readonly stepSize: number
  /** Median-ish notional of a trade in quote currency (the scale of the size distribution). */
  readonly typicalNotional: number
}

const UNIT = UNITS_PER_ONE

/** Profiles close to Binance's filters for the default symbols (early 2024 price levels). */
const KNOWN_PROFILES: Readonly<Record<string, SymbolProfile>> = {
  BTCUSDT: {
    startPrice: 43_210 * UNIT,
    tickSize: UNIT / 100,
    stepSize: 1_000,
    typicalNotional: 40,
  },
  ETHUSDT: {
    startPrice: 2_310 * UNIT,
    tickSize: UNIT / 100,
    stepSize: 10_000,
    typicalNotional: 30,
  },
  BNBUSDT: { startPrice: 312 * UNIT, tickSize: UNIT / 100, stepSize: 100_000, typicalNotional: 20 },
}

/**
 * The profile of `symbol`: a known one, or one derived from the symbol name alone (a start price
 * log-uniform in [0.01, 1000), a tick of 1e-5 of its order of magnitude and a lot of a tenth of
 * its inverse), so any symbol gets a stable, plausible grid.
 */
export function symbolProfile(symbol: string): SymbolProfile {
  const known = KNOWN_PROFILES[symbol]
  if (known !== undefined) return known
  const prng = createPrng(symbolSeed(0, symbol))
  const price = Math.pow(10, -2 + 5 * prng.next())
  const magnitude = Math.floor(Math.log10(price))
  const tickSize = Math.pow(10, clamp(magnitude - 5, -8, 0) + 8)
  const stepSize = Math.pow(10, clamp(-magnitude - 1, -8, 0) + 8)
  const startPrice = Math.max(tickSize, Math.round((price * UNIT) / tickSize) * tickSize)
  return { startPrice, tickSize, stepSize, typicalNotional: 20 }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
