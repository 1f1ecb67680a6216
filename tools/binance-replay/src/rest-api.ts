// The REST endpoints of Binance's spot API that the feed uses, over the replay tape
// (https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints).
import {
  duplicateParameter,
  illegalCharacters,
  invalidParameterValue,
  invalidSymbol,
  mandatoryParameter,
  tooMuchWeight,
  unknownPath,
  type BinanceError,
} from './binance-errors.js'
import { formatUnits, multiplyUnits } from './decimal-units.js'
import type { Market } from './market.js'
import type { ReplayTrade } from './trade.js'
import { WeightLimiter } from './weight-limiter.js'

/** Weight of `historicalTrades` and `trades` (Binance: 25). */
export const TRADES_WEIGHT = 25
/** `limit` when none is sent (Binance: 500). */
export const DEFAULT_TRADES_LIMIT = 500
/** Largest `limit`; spot answers a larger one with this many rather than an error. */
export const MAX_TRADES_LIMIT = 1000
/** Header with the weight used in the current minute. */
export const USED_WEIGHT_HEADER = 'X-MBX-USED-WEIGHT-1M'

/** One element of a `historicalTrades` answer, Binance's field names and order. */
export interface HistoricalTrade {
  readonly id: number
  readonly price: string
  readonly qty: string
  readonly quoteQty: string
  readonly time: number
  readonly isBuyerMaker: boolean
  readonly isBestMatch: boolean
}

/** An answer of the REST API. */
export interface RestResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

/** Counters of the REST API. */
export interface RestCounters {
  /** Requests answered (any status). */
  requests: number
  /** Requests refused with 429. */
  rejected: number
}

const UNSIGNED = /^[0-9]{1,20}$/
const UNSIGNED_PATTERN = '^[0-9]{1,20}$'
const SYMBOL = /^[A-Z0-9-_.]{1,20}$/
const SYMBOL_PATTERN = '^[A-Z0-9-_.]{1,20}$'

/** Endpoint -> weight and handler; the weight is taken before the parameters are checked. */
const ENDPOINTS: Readonly<
  Record<string, { weight: number; handle(query: URLSearchParams, market: Market): unknown }>
> = {
  '/api/v3/ping': { weight: 1, handle: () => ({}) },
  '/api/v3/time': { weight: 1, handle: () => ({ serverTime: Date.now() }) },
  '/api/v3/trades': {
    weight: TRADES_WEIGHT,
    handle: (query, market) => trades(query, market, false),
  },
  '/api/v3/historicalTrades': {
    weight: TRADES_WEIGHT,
    handle: (query, market) => trades(query, market, true),
  },
}

/**
 * The REST API over `market` with one REQUEST_WEIGHT budget: answers for `/api/v3/*` paths,
 * undefined for any other path (the caller serves those).
 */
export class RestApi {
  readonly counters: RestCounters = { requests: 0, rejected: 0 }
  private readonly limiter: WeightLimiter

  constructor(
    private readonly market: Market,
    private readonly weightPerMinute: number,
  ) {
    this.limiter = new WeightLimiter(weightPerMinute)
  }

  /** Weight used in the current minute. */
  usedWeight(): number {
    return this.limiter.usedWeight()
  }

  handle(method: string, url: URL): RestResponse | undefined {
    if (!url.pathname.startsWith('/api/')) return undefined
    this.counters.requests++
    const endpoint = ENDPOINTS[url.pathname]
    if (endpoint === undefined || method !== 'GET') {
      return this.answer(unknownPath(method, url.pathname), this.limiter.usedWeight())
    }
    const decision = this.limiter.take(endpoint.weight)
    if (!decision.allowed) {
      this.counters.rejected++
      return {
        ...this.answer(tooMuchWeight(this.weightPerMinute), decision.used),
        headers: {
          [USED_WEIGHT_HEADER]: String(decision.used),
          'Retry-After': String(decision.retryAfterSeconds),
        },
      }
    }
    const result = endpoint.handle(url.searchParams, this.market)
    if (isBinanceError(result)) return this.answer(result, decision.used)
    return { status: 200, headers: { [USED_WEIGHT_HEADER]: String(decision.used) }, body: result }
  }

  private answer(error: BinanceError, used: number): RestResponse {
    return {
      status: error.status,
      headers: { [USED_WEIGHT_HEADER]: String(used) },
      body: error.body,
    }
  }
}

/**
 * `GET /api/v3/historicalTrades?symbol=&fromId=&limit=` (and `trades`, which has no `fromId`):
 * up to `limit` trades ascending by id from the first id >= `fromId`, or the newest `limit`
 * trades without `fromId`. Ids not produced yet give an empty list.
 */
function trades(query: URLSearchParams, market: Market, historical: boolean): unknown {
  for (const name of new Set(query.keys())) {
    if (query.getAll(name).length > 1) return duplicateParameter(name)
  }
  const symbol = query.get('symbol') ?? ''
  if (symbol === '') return mandatoryParameter('symbol')
  if (!SYMBOL.test(symbol)) return illegalCharacters('symbol', SYMBOL_PATTERN)
  const store = market.store(symbol)
  if (store === undefined) return invalidSymbol()
  let limit = DEFAULT_TRADES_LIMIT
  const limitText = query.get('limit')
  if (limitText !== null) {
    if (!UNSIGNED.test(limitText)) return illegalCharacters('limit', UNSIGNED_PATTERN)
    limit = Math.min(MAX_TRADES_LIMIT, Number(limitText))
    if (limit < 1) return invalidParameterValue('limit')
  }
  const fromIdText = historical ? query.get('fromId') : null
  if (fromIdText !== null && !UNSIGNED.test(fromIdText)) {
    return illegalCharacters('fromId', UNSIGNED_PATTERN)
  }
  const found = fromIdText === null ? store.latest(limit) : store.from(Number(fromIdText), limit)
  return found.map(toHistoricalTrade)
}

function toHistoricalTrade(trade: ReplayTrade): HistoricalTrade {
  return {
    id: trade.id,
    price: formatUnits(trade.price),
    qty: formatUnits(trade.quantity),
    quoteQty: formatUnits(multiplyUnits(trade.price, trade.quantity)),
    time: trade.time,
    isBuyerMaker: trade.isBuyerMaker,
    isBestMatch: true,
  }
}

function isBinanceError(value: unknown): value is BinanceError {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value
}
