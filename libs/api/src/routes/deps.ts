import type { Logger } from '@k2/core'
import type { QueryEngine } from '@k2/query'

import { toApiError } from '../errors.js'
import type { HealthReport } from '../options.js'

/** What the route handlers use. */
export interface RouteDeps {
  readonly engine: QueryEngine
  readonly logger: Logger
  readonly health: () => Promise<HealthReport>
  readonly metrics: () => Promise<string>
  readonly version: string
}

/**
 * Runs an engine call, turning its errors into API errors whose parameter names are the
 * request's (`names`: engine name -> API name).
 */
export async function runQuery<T>(
  names: Readonly<Record<string, string>>,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw toApiError(error, names)
  }
}

/** Engine parameter names -> the API's (snake_case, as the old API spelled them). */
export const PARAMETER_NAMES = {
  symbols: 'symbols',
  exchange: 'exchange',
  start: 'start_time',
  end: 'end_time',
  minPrice: 'min_price',
  maxPrice: 'max_price',
  minQuantity: 'min_quantity',
  maxQuantity: 'max_quantity',
  limit: 'limit',
  cursor: 'cursor',
  asOf: 'as_of',
  symbol: 'symbol',
  date: 'date',
  tz: 'tz',
  interval: 'interval',
  fill: 'fill',
  table: 'table',
} as const
