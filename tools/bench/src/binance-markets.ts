/**
 * Twenty Binance spot USDT markets as the benchmark's trade generator models them: a starting
 * price, the exchange's price tick and quantity step (Binance `PRICE_FILTER.tickSize` and
 * `LOT_SIZE.stepSize`, as powers of ten), a share of the trade flow and the first trade id.
 * Prices and shares are rounded late-2025 figures; exactness does not matter, plausibility does:
 * they give the Parquet writer realistic digit counts, dictionary sizes and sort keys.
 */
export interface BinanceMarket {
  /** Binance symbol, e.g. `BTCUSDT`. */
  readonly symbol: string
  readonly baseAsset: string
  readonly quoteAsset: string
  /** Starting price as a decimal string. */
  readonly price: string
  /** Fractional digits of the price tick (tick = 10^-priceDecimals). */
  readonly priceDecimals: number
  /** Fractional digits of the quantity step (step = 10^-quantityDecimals). */
  readonly quantityDecimals: number
  /** Relative share of all trades (weights need not sum to anything). */
  readonly weight: number
  /** Binance trade id (`t`) of the market's first generated trade; ids are per symbol. */
  readonly firstTradeId: number
}

const market = (
  symbol: string,
  price: string,
  priceDecimals: number,
  quantityDecimals: number,
  weight: number,
  firstTradeId: number,
): BinanceMarket => ({
  symbol,
  baseAsset: symbol.slice(0, -4),
  quoteAsset: 'USDT',
  price,
  priceDecimals,
  quantityDecimals,
  weight,
  firstTradeId,
})

/** The benchmark's markets, busiest first. */
export const BINANCE_MARKETS: readonly BinanceMarket[] = Object.freeze([
  market('BTCUSDT', '87250.12', 2, 5, 22, 5_480_000_000),
  market('ETHUSDT', '2950.37', 2, 4, 14, 3_150_000_000),
  market('SOLUSDT', '136.42', 2, 3, 9, 1_320_000_000),
  market('XRPUSDT', '2.1034', 4, 1, 7, 980_000_000),
  market('BNBUSDT', '861.5', 2, 3, 6, 1_240_000_000),
  market('DOGEUSDT', '0.15121', 5, 0, 6, 1_090_000_000),
  market('SUIUSDT', '1.6123', 4, 1, 4, 310_000_000),
  market('PEPEUSDT', '0.00000452', 8, 0, 4, 720_000_000),
  market('ADAUSDT', '0.4187', 4, 1, 3.5, 760_000_000),
  market('LINKUSDT', '12.84', 2, 2, 3, 640_000_000),
  market('TRXUSDT', '0.2791', 4, 1, 2.5, 420_000_000),
  market('AVAXUSDT', '13.52', 2, 2, 2.5, 580_000_000),
  market('LTCUSDT', '83.61', 2, 3, 2, 690_000_000),
  market('BCHUSDT', '541.3', 1, 3, 2, 350_000_000),
  market('NEARUSDT', '1.812', 3, 1, 2, 280_000_000),
  market('UNIUSDT', '6.214', 3, 2, 1.5, 260_000_000),
  market('APTUSDT', '2.318', 3, 2, 1.5, 240_000_000),
  market('ARBUSDT', '0.2117', 4, 1, 1.5, 300_000_000),
  market('DOTUSDT', '2.417', 3, 2, 1.5, 450_000_000),
  market('SHIBUSDT', '0.00000851', 8, 0, 1.5, 610_000_000),
])
