// Text of the frames Binance's spot WebSocket Streams send, byte for byte in Binance's key order
// (https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams).
import { formatUnits } from './decimal-units.js'
import type { ReplayTrade } from './trade.js'

/**
 * The trade event (`<symbol>@trade`): `{"e":"trade","E":..,"s":"BNBBTC","t":..,"p":"0.00100000",
 * "q":"100.00000000","T":..,"m":true,"M":true}`. `M` ("ignore") is always true, as on Binance.
 */
export function tradeEventText(symbol: string, trade: ReplayTrade): string {
  return (
    `{"e":"trade","E":${trade.eventTime},"s":"${symbol}","t":${trade.id},` +
    `"p":"${formatUnits(trade.price)}","q":"${formatUnits(trade.quantity)}",` +
    `"T":${trade.time},"m":${trade.isBuyerMaker},"M":true}`
  )
}

/** A combined-stream frame: `{"stream":"<stream>","data":<event>}` around an event's text. */
export function combinedFrameText(stream: string, eventText: string): string {
  return `{"stream":"${stream}","data":${eventText}}`
}

/** `{"e":"serverShutdown","E":<ms>}`: the server is about to close the connection. */
export function serverShutdownText(eventTime: number): string {
  return `{"e":"serverShutdown","E":${eventTime}}`
}

/** Stream name of a symbol's trades: `btcusdt@trade` (stream names are lower case on Binance). */
export function tradeStreamName(symbol: string): string {
  return `${symbol.toLowerCase()}@trade`
}
