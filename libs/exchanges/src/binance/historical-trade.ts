import { frameError, showValue, type BinanceError } from './errors.js'
import { decimalTextProblem, isEpochMs, isSequence } from './field-checks.js'

/**
 * One item of `GET /api/v3/historicalTrades` (Binance spot REST docs, "Market data endpoints >
 * Old trade lookup", checked 2025-11):
 *
 * `{"id":28457,"price":"4.00000100","qty":"12.00000000","quoteQty":"48.000012","time":1499865549590,"isBuyerMaker":true,"isBestMatch":true}`
 *
 * The same trade as a WebSocket trade event, without the symbol (it is the request's) and without
 * an event time.
 */
export interface BinanceHistoricalTrade {
  /** Trade id, the `t` of the trade event. */
  readonly id: number
  readonly price: string
  readonly qty: string
  /** price x qty; not used (it would be a derived value), checked only for type when present. */
  readonly quoteQty?: string
  /** Trade time in ms, the `T` of the trade event. */
  readonly time: number
  readonly isBuyerMaker: boolean
  readonly isBestMatch?: boolean
}

/** Keys every historicalTrades item must have, in the order they are checked. */
export const HISTORICAL_TRADE_REQUIRED_KEYS = [
  'id',
  'price',
  'qty',
  'time',
  'isBuyerMaker',
] as const

/**
 * Checks one decoded historicalTrades item and returns it typed, or the error naming the first bad
 * field (the same rules as the trade event). `index` is its position in the response.
 */
export function validateHistoricalTrade(
  item: unknown,
  index: number,
): BinanceHistoricalTrade | BinanceError {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return frameError(
      'BINANCE_INVALID_RESPONSE',
      showJson(item),
      null,
      `item ${index} is not an object`,
      {
        index,
      },
    )
  }
  const it = item as Record<string, unknown>
  const fail = (field: string, value: unknown, reason: string): BinanceError =>
    value === undefined
      ? frameError('BINANCE_MISSING_FIELD', showJson(item), field, 'required key is missing', {
          index,
        })
      : frameError(
          'BINANCE_INVALID_FIELD',
          showJson(item),
          field,
          `${showValue(value)} ${reason}`,
          {
            index,
            value: showValue(value),
          },
        )
  if (!isSequence(it.id)) return fail('id', it.id, 'must be a non-negative integer below 2^53')
  if (typeof it.price !== 'string') return fail('price', it.price, 'must be a decimal string')
  const priceProblem = decimalTextProblem(it.price)
  if (priceProblem !== null) return fail('price', it.price, priceProblem)
  if (typeof it.qty !== 'string') return fail('qty', it.qty, 'must be a decimal string')
  const qtyProblem = decimalTextProblem(it.qty)
  if (qtyProblem !== null) return fail('qty', it.qty, qtyProblem)
  if (!isEpochMs(it.time))
    return fail('time', it.time, 'must be a whole number of ms since the epoch')
  if (typeof it.isBuyerMaker !== 'boolean')
    return fail('isBuyerMaker', it.isBuyerMaker, 'must be a boolean')
  if (it.isBestMatch !== undefined && typeof it.isBestMatch !== 'boolean') {
    return fail('isBestMatch', it.isBestMatch, 'must be a boolean')
  }
  if (it.quoteQty !== undefined && typeof it.quoteQty !== 'string') {
    return fail('quoteQty', it.quoteQty, 'must be a decimal string')
  }
  return it as unknown as BinanceHistoricalTrade
}

function showJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
