/**
 * `@k2/tools-bench`: benchmarks of K2 (`record-building.ts`: `npm run bench:record-building`). The Iceberg
 * append benchmark runs from `iceberg-append.ts` (`npm run bench:iceberg-append`); these exports
 * are its reusable parts: the deterministic Binance-like trade generator and the checksums that
 * prove a table holds exactly the generated trades.
 */
export { BINANCE_MARKETS, type BinanceMarket } from './binance-markets.js'
export { createPrng, type Prng } from './prng.js'
export { scaledToText, textToScaled, TEXT_SCALE } from './scaled-decimal.js'
export {
  generateTrades,
  TRADE_GENERATOR_DEFAULTS,
  type TradeGeneratorOptions,
} from './trade-generator.js'
export { checksumMismatches, tradeChecksums, type TradeChecksums } from './trade-checksums.js'
export { timeParquetWriter, type TimedParquetWriter } from './timed-parquet-writer.js'
