import { BinanceError } from './errors.js'
import { normalizeSymbols } from './stream-urls.js'
import { splitSymbol } from './symbol-split.js'

/** Methods of Binance's live-subscription requests. */
export type SubscriptionMethod = 'SUBSCRIBE' | 'UNSUBSCRIBE'

/**
 * The text of a live (un)subscription request for the trade streams of `symbols` (Binance spot
 * docs, "Live Subscribing/Unsubscribing to streams"):
 * `{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1}`. Binance answers
 * `{"result":null,"id":1}`. `id` must be an unsigned integer; each request counts against the
 * 5 incoming messages per second of a connection.
 */
export function subscriptionRequest(
  method: SubscriptionMethod,
  symbols: readonly string[],
  id: number,
): string {
  if (!Number.isSafeInteger(id) || id < 0) {
    throw new BinanceError('BINANCE_INVALID_ARGUMENT', `id: ${id} must be an unsigned integer`, {
      context: { argument: 'id', value: String(id) },
    })
  }
  const params = normalizeSymbols(symbols).map((s) => splitSymbol(s).tradeStream)
  return JSON.stringify({ method, params, id })
}
