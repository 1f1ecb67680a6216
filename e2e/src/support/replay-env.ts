import type { ReplayExchange } from '@k2/tools-binance-replay'

/**
 * The supervisor variables every replay-exchange scenario sets: the warehouse, the exchange's
 * WebSocket and REST endpoints, the symbols, and feeds that start from the tape's first trade.
 */
export function replayEnv(
  exchange: Pick<ReplayExchange, 'url' | 'restUrl'>,
  symbols: readonly string[],
  warehouse: string,
): Record<string, string> {
  return {
    K2_WAREHOUSE: warehouse,
    K2_BINANCE_WS_URL: `${exchange.url}/stream`,
    K2_BINANCE_REST_URL: exchange.restUrl,
    K2_BINANCE_SYMBOLS: symbols.join(','),
    K2_FEED_START: 'earliest',
  }
}
