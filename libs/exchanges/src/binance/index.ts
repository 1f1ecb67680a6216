export {
  BinanceError,
  BINANCE_ERROR_CODES,
  BINANCE_API_ERROR_MAP,
  MAX_FRAME_IN_ERROR,
  fromBinanceApiError,
} from './errors.js'
export type { BinanceErrorCode } from './errors.js'
export { QUOTE_SUFFIXES, splitSymbol, trySplitSymbol, normalizeSymbol } from './symbol-split.js'
export type { BinanceSymbol } from './symbol-split.js'
export {
  BINANCE_DEFAULT_STREAM_BASE,
  BINANCE_DATA_STREAM_BASE,
  BINANCE_MAX_STREAMS_PER_CONNECTION,
  normalizeStreamBase,
  normalizeSymbols,
  tradeStreamName,
  combinedStreamUrl,
  rawStreamUrl,
  streamBases,
} from './stream-urls.js'
export { subscriptionRequest } from './subscribe-request.js'
export type { SubscriptionMethod } from './subscribe-request.js'
export { TRADE_EVENT_REQUIRED_KEYS, validateTradeEvent } from './trade-event.js'
export type { BinanceTradeEvent, BinanceServerShutdownEvent } from './trade-event.js'
export { parseFrame } from './parse-frame.js'
export type { BinanceFrame, BinanceRequestId } from './parse-frame.js'
export { HISTORICAL_TRADE_REQUIRED_KEYS, validateHistoricalTrade } from './historical-trade.js'
export type { BinanceHistoricalTrade } from './historical-trade.js'
export { convertTradeEvent, convertHistoricalTrade } from './convert-trade.js'
export { parseHistoricalTradesResponse } from './historical-trades-response.js'
export {
  BINANCE_DEFAULT_REST_BASE,
  HISTORICAL_TRADES_PATH,
  HISTORICAL_TRADES_WEIGHT,
  HISTORICAL_TRADES_MAX_LIMIT,
  BINANCE_REST_WEIGHT_PER_MINUTE,
  USED_WEIGHT_HEADER,
  RETRY_AFTER_HEADER,
  historicalTradesRequest,
  normalizeRestBase,
  parseRateLimitHeaders,
} from './rest.js'
export type { HistoricalTradesQuery } from './rest.js'
export { BINANCE_LIMITS, BINANCE_MAX_CONNECT_ATTEMPTS_PER_5_MIN } from './connection-rules.js'
export {
  BINANCE_ADAPTER_DEFAULTS,
  createBinanceAdapter,
  validateBinanceAdapterOptions,
} from './adapter.js'
export type { BinanceAdapterOptions } from './adapter.js'
