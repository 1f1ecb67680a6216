import type { BackfillRequest, HeaderLookup, RateLimitInfo } from '../feed/index.js'
import { BinanceError } from './errors.js'
import { normalizeSymbol } from './symbol-split.js'

/** Binance's public spot REST host (`K2_BINANCE_REST_URL`, D10). */
export const BINANCE_DEFAULT_REST_BASE = 'https://api.binance.com'

/** Path of the old-trade lookup used for gap repair (D9). */
export const HISTORICAL_TRADES_PATH = '/api/v3/historicalTrades'

/** Request weight of one historicalTrades call (Binance spot REST docs, checked 2025-11). */
export const HISTORICAL_TRADES_WEIGHT = 25

/** Most trades one historicalTrades call returns, and the default `limit`. */
export const HISTORICAL_TRADES_MAX_LIMIT = 1000

/** REST request-weight budget per minute per IP (D9: stay under it). */
export const BINANCE_REST_WEIGHT_PER_MINUTE = 6000

/** Header carrying the weight used in the current minute (case-insensitive). */
export const USED_WEIGHT_HEADER = 'X-MBX-USED-WEIGHT-1M'

/** Header of a 429/418 answer: seconds to wait. */
export const RETRY_AFTER_HEADER = 'Retry-After'

/** What {@link historicalTradesRequest} takes. */
export interface HistoricalTradesQuery {
  readonly symbol: string
  /** First trade id wanted (inclusive). */
  readonly fromId: number
  /** 1..1000, default 1000. */
  readonly limit?: number
  /** REST host, default {@link BINANCE_DEFAULT_REST_BASE}; a trailing `/` is ignored. */
  readonly restBase?: string
}

/**
 * Builds `<restBase>/api/v3/historicalTrades?symbol=BTCUSDT&fromId=N&limit=1000` (weight 25).
 * Throws `BINANCE_INVALID_SYMBOL` or `BINANCE_INVALID_ARGUMENT` naming the bad argument.
 */
export function historicalTradesRequest(query: HistoricalTradesQuery): BackfillRequest {
  const symbol = normalizeSymbol(query.symbol)
  const { fromId } = query
  const limit = query.limit ?? HISTORICAL_TRADES_MAX_LIMIT
  if (!Number.isSafeInteger(fromId) || fromId < 0) {
    throw badArgument('fromId', fromId, 'must be a non-negative integer below 2^53')
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > HISTORICAL_TRADES_MAX_LIMIT) {
    throw badArgument('limit', limit, `must be an integer in 1..${HISTORICAL_TRADES_MAX_LIMIT}`)
  }
  const base = normalizeRestBase(query.restBase ?? BINANCE_DEFAULT_REST_BASE)
  return {
    method: 'GET',
    url: `${base}${HISTORICAL_TRADES_PATH}?symbol=${symbol}&fromId=${fromId}&limit=${limit}`,
    weight: HISTORICAL_TRADES_WEIGHT,
    symbol,
    fromSequence: fromId,
    limit,
  }
}

/** A REST base as `scheme://host[:port][/prefix]` without trailing `/`; http: or https: only. */
export function normalizeRestBase(base: string): string {
  let url: URL
  try {
    url = new URL(base)
  } catch (cause) {
    throw badArgument('restBase', base, 'is not a URL', cause)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw badArgument('restBase', base, 'must be http: or https:')
  }
  if (url.search !== '' || url.hash !== '') {
    throw badArgument('restBase', base, 'must have no query or fragment')
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`
}

/**
 * Reads `X-MBX-USED-WEIGHT-1M` and `Retry-After` from a response's headers. Retry-After is
 * taken as whole seconds (what Binance sends) or, per RFC 9110, an HTTP date relative to `nowMs`.
 * A header that is absent or unreadable gives null rather than a guess.
 */
export function parseRateLimitHeaders(
  headers: HeaderLookup,
  nowMs: number = Date.now(),
): RateLimitInfo {
  return {
    usedWeight: nonNegativeInteger(headers.get(USED_WEIGHT_HEADER)),
    retryAfterMs: retryAfterMs(headers.get(RETRY_AFTER_HEADER), nowMs),
  }
}

function nonNegativeInteger(text: string | null): number | null {
  if (text === null) return null
  const trimmed = text.trim()
  if (!/^\d{1,15}$/.test(trimmed)) return null
  return Number(trimmed)
}

function retryAfterMs(text: string | null, nowMs: number): number | null {
  if (text === null) return null
  const seconds = nonNegativeInteger(text)
  if (seconds !== null) return seconds * 1000
  const at = Date.parse(text)
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return null
  return Math.max(0, at - nowMs)
}

function badArgument(
  argument: string,
  value: unknown,
  reason: string,
  cause?: unknown,
): BinanceError {
  return new BinanceError(
    'BINANCE_INVALID_ARGUMENT',
    `${argument}: ${JSON.stringify(value)} ${reason}`,
    {
      context: { argument, value: String(value) },
      cause,
    },
  )
}
