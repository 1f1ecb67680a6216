import { BinanceError } from './errors.js'
import { normalizeSymbol, splitSymbol } from './symbol-split.js'

/** Binance's public spot stream host (D9). */
export const BINANCE_DEFAULT_STREAM_BASE = 'wss://stream.binance.com:9443'

/** Binance market-data-only failover host (D9). */
export const BINANCE_DATA_STREAM_BASE = 'wss://data-stream.binance.vision'

/** Streams one connection may carry (Binance WebSocket limits, D9). */
export const BINANCE_MAX_STREAMS_PER_CONNECTION = 1024

/**
 * The host part of a stream URL: `K2_BINANCE_WS_URL` is documented as the combined-stream base
 * `wss://stream.binance.com:9443/stream` (D10), while the builders here want the bare host, so a
 * trailing `/`, `/stream` or `/ws` is removed. Any other path is kept as a prefix (e.g. a proxy).
 * Throws `BINANCE_INVALID_ARGUMENT` unless the base is a ws:/wss: URL without query or fragment.
 */
export function normalizeStreamBase(base: string = BINANCE_DEFAULT_STREAM_BASE): string {
  let url: URL
  try {
    url = new URL(base)
  } catch (cause) {
    throw badBase(base, 'is not a URL', cause)
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw badBase(base, 'must be ws: or wss:')
  if (url.search !== '' || url.hash !== '') throw badBase(base, 'must have no query or fragment')
  const path = url.pathname.replace(/\/+$/, '').replace(/\/(stream|ws)$/, '')
  return `${url.protocol}//${url.host}${path}`
}

/** The trade-stream name of a symbol: `BTCUSDT` -> `btcusdt@trade`. */
export function tradeStreamName(symbol: string): string {
  return splitSymbol(normalizeSymbol(symbol)).tradeStream
}

/**
 * Symbols in Binance's form, de-duplicated in first-seen order; throws `BINANCE_INVALID_SYMBOL`
 * for a bad one, `BINANCE_INVALID_ARGUMENT` for none, `BINANCE_TOO_MANY_STREAMS` past 1024.
 */
export function normalizeSymbols(symbols: readonly string[]): readonly string[] {
  const unique = [...new Set(symbols.map(normalizeSymbol))]
  if (unique.length === 0) {
    throw new BinanceError('BINANCE_INVALID_ARGUMENT', 'at least one symbol is required', {
      context: { argument: 'symbols' },
    })
  }
  if (unique.length > BINANCE_MAX_STREAMS_PER_CONNECTION) {
    throw new BinanceError(
      'BINANCE_TOO_MANY_STREAMS',
      `${unique.length} streams requested; one connection carries at most ${BINANCE_MAX_STREAMS_PER_CONNECTION}`,
      { context: { streams: unique.length, max: BINANCE_MAX_STREAMS_PER_CONNECTION } },
    )
  }
  return unique
}

/**
 * The combined-stream URL for the trades of `symbols`:
 * `<base>/stream?streams=btcusdt@trade/ethusdt@trade`. Frames on it are `{stream, data}`.
 * Stream names stay unescaped (`@`, `/`) as Binance documents them.
 */
export function combinedStreamUrl(
  symbols: readonly string[],
  base: string = BINANCE_DEFAULT_STREAM_BASE,
): string {
  const streams = normalizeSymbols(symbols).map((s) => splitSymbol(s).tradeStream)
  return `${normalizeStreamBase(base)}/stream?streams=${streams.join('/')}`
}

/** The raw-stream URL for one symbol's trades: `<base>/ws/btcusdt@trade`. Frames are bare events. */
export function rawStreamUrl(symbol: string, base: string = BINANCE_DEFAULT_STREAM_BASE): string {
  return `${normalizeStreamBase(base)}/ws/${tradeStreamName(symbol)}`
}

/**
 * The stream bases of a feed in failover order: the primary, then each failover, normalised and
 * without duplicates (`K2_BINANCE_WS_URL`, `K2_BINANCE_FAILOVER_URLS`).
 */
export function streamBases(primary: string, failovers: readonly string[] = []): readonly string[] {
  return [...new Set([primary, ...failovers].map((b) => normalizeStreamBase(b)))]
}

function badBase(base: string, reason: string, cause?: unknown): BinanceError {
  return new BinanceError(
    'BINANCE_INVALID_ARGUMENT',
    `stream base ${JSON.stringify(base)} ${reason}`,
    {
      context: { argument: 'base', value: base },
      cause,
    },
  )
}
