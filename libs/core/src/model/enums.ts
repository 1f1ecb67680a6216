/** Asset classes of the v2 schemas (Avro enum `AssetClass`, symbol order is part of the format). */
export const ASSET_CLASSES = ['equities', 'crypto', 'futures', 'options'] as const
/** An asset class (D2). */
export type AssetClass = (typeof ASSET_CLASSES)[number]

/** Aggressor sides (Avro enum `TradeSide`, symbol order is part of the format). */
export const TRADE_SIDES = ['BUY', 'SELL', 'SELL_SHORT', 'UNKNOWN'] as const
/** The side of the aggressor of a trade: BUY when the buyer took liquidity (D2). */
export type TradeSide = (typeof TRADE_SIDES)[number]

/** Kinds of market data, each with its own schema and topic family (D3). */
export const DATA_TYPES = ['trades', 'quotes', 'reference_data'] as const
/** A kind of market data. */
export type DataType = (typeof DATA_TYPES)[number]

/** Exchange codes K2 knows; others are allowed (upper-case strings), these have adapters. */
export const EXCHANGES = {
  BINANCE: 'BINANCE',
  ASX: 'ASX',
  KRAKEN: 'KRAKEN',
  COINBASE: 'COINBASE',
} as const
