export { createTradeTraces, TRADE_SPANS } from './trade-traces.js'
export type { BatchObserver, TradeTraces } from './trade-traces.js'
