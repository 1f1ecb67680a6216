import { EXCHANGES, type Micros, type TradeV2 } from '@k2/core'

import type { ExchangeAdapter, FeedFrame, FeedTrade } from '../feed/index.js'
import { BINANCE_LIMITS } from './connection-rules.js'
import { convertTradeEvent } from './convert-trade.js'
import { BinanceError, frameContext, fromBinanceApiError } from './errors.js'
import { parseHistoricalTradesResponse } from './historical-trades-response.js'
import { parseFrame } from './parse-frame.js'
import {
  BINANCE_DEFAULT_REST_BASE,
  historicalTradesRequest,
  normalizeRestBase,
  parseRateLimitHeaders,
} from './rest.js'
import {
  BINANCE_DEFAULT_STREAM_BASE,
  combinedStreamUrl,
  normalizeSymbols,
  streamBases,
} from './stream-urls.js'
import { subscriptionRequest } from './subscribe-request.js'

/** Options of {@link createBinanceAdapter}; `@k2/config`'s `binance` section maps onto them. */
export interface BinanceAdapterOptions {
  /**
   * Stream bases in failover order: `K2_BINANCE_WS_URL` then `K2_BINANCE_FAILOVER_URLS`. With or
   * without a trailing `/stream`.
   */
  readonly streamBases: readonly string[]
  /** REST host for gap repair (`K2_BINANCE_REST_URL`). */
  readonly restBase: string
}

/** Defaults of {@link BinanceAdapterOptions}: Binance's public hosts. */
export const BINANCE_ADAPTER_DEFAULTS: BinanceAdapterOptions = Object.freeze({
  streamBases: Object.freeze([BINANCE_DEFAULT_STREAM_BASE]),
  restBase: BINANCE_DEFAULT_REST_BASE,
})

/**
 * Fills in defaults and validates eagerly (STYLE.md habit 7); throws `BINANCE_INVALID_ARGUMENT`
 * naming the bad option. Bases come back normalised and de-duplicated.
 */
export function validateBinanceAdapterOptions(
  options: Partial<BinanceAdapterOptions> = {},
): BinanceAdapterOptions {
  const bases = options.streamBases ?? BINANCE_ADAPTER_DEFAULTS.streamBases
  const [primary, ...failovers] = bases
  if (primary === undefined) {
    throw new BinanceError(
      'BINANCE_INVALID_ARGUMENT',
      'streamBases: at least one base is required',
      {
        context: { argument: 'streamBases' },
      },
    )
  }
  return Object.freeze({
    streamBases: Object.freeze(streamBases(primary, failovers)),
    restBase: normalizeRestBase(options.restBase ?? BINANCE_ADAPTER_DEFAULTS.restBase),
  })
}

/**
 * The Binance spot trade adapter: combined-stream URLs per base, frame parsing and conversion to
 * TradeV2 (D9), historicalTrades requests and responses for gap repair, rate-limit headers.
 */
export function createBinanceAdapter(
  options: Partial<BinanceAdapterOptions> = {},
): ExchangeAdapter {
  const opts = validateBinanceAdapterOptions(options)
  return {
    exchange: EXCHANGES.BINANCE,
    sequence: Object.freeze({ scope: 'symbol', consecutive: true }),
    limits: BINANCE_LIMITS,
    normalizeSymbols,
    streamUrls: (symbols) => opts.streamBases.map((base) => combinedStreamUrl(symbols, base)),
    subscribeMessage: (symbols, id) => subscriptionRequest('SUBSCRIBE', symbols, id),
    unsubscribeMessage: (symbols, id) => subscriptionRequest('UNSUBSCRIBE', symbols, id),
    parseFrame: toFeedFrame,
    backfillRequest: (symbol, fromSequence, limit) =>
      historicalTradesRequest({ symbol, fromId: fromSequence, limit, restBase: opts.restBase }),
    parseBackfillResponse: (symbol, body, receivedAtMicros) =>
      parseHistoricalTradesResponse(symbol, body, receivedAtMicros).map(toFeedTrade),
    rateLimit: (headers) => parseRateLimitHeaders(headers),
    sequenceOf,
  }
}

/**
 * A frame in exchange-neutral terms. Throws only `BINANCE_INVALID_ARGUMENT` for a receipt time
 * that is not µs (a caller bug); every problem of the frame itself is an `invalid` result.
 */
function toFeedFrame(text: string, receivedAtMicros: Micros): FeedFrame {
  const frame = parseFrame(text)
  switch (frame.kind) {
    case 'trade': {
      let trade: TradeV2
      try {
        trade = convertTradeEvent(frame.event, receivedAtMicros)
      } catch (err) {
        if (!(err instanceof BinanceError) || err.code === 'BINANCE_INVALID_ARGUMENT') throw err
        const error = new BinanceError(err.code, err.message, {
          cause: err,
          context: { ...err.context, ...frameContext(text) },
        })
        return { kind: 'invalid', error }
      }
      return { kind: 'trade', trade: { trade, sequence: frame.event.t } }
    }
    case 'serverShutdown':
      return { kind: 'shutdown', eventTimeMs: frame.eventTime }
    case 'subscriptionResponse':
      return { kind: 'ack', requestId: frame.id }
    case 'errorResponse':
      return {
        kind: 'rejected',
        requestId: frame.id,
        error: fromBinanceApiError(frame.code, frame.msg, { requestId: frame.id }),
      }
    case 'invalid':
      return frame
  }
}

function toFeedTrade(trade: TradeV2): FeedTrade {
  return { trade, sequence: sequenceOf(trade) }
}

function sequenceOf(trade: TradeV2): number {
  if (trade.source_sequence === null) {
    throw new BinanceError(
      'BINANCE_INVALID_ARGUMENT',
      `trade ${trade.trade_id} has no source_sequence`,
      {
        context: { argument: 'trade', tradeId: trade.trade_id },
      },
    )
  }
  return trade.source_sequence
}
