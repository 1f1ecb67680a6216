import type { ScanFilter } from '@k2/iceberg'

import { timestampParam, type WhereBuilder } from '../sql/where.js'

/** The filters every market-data read shares; times are a half-open range `[start, end)`. */
export interface MarketFilter {
  readonly symbols?: readonly string[] | undefined
  readonly exchange?: string | undefined
  readonly start?: bigint | undefined
  readonly end?: bigint | undefined
}

/**
 * The scan filter that prunes files for `filter` (partition day and column bounds of symbol,
 * exchange and timestamp, D4). `end` is exclusive; `endInclusive` extends it to include its
 * timestamp (a keyset cursor's last row).
 */
export function scanFilterOf(filter: MarketFilter): ScanFilter {
  const inValues: Record<string, string[]> = {}
  if (filter.symbols) inValues['symbol'] = [...filter.symbols]
  if (filter.exchange !== undefined) inValues['exchange'] = [filter.exchange]
  const range =
    filter.start !== undefined || filter.end !== undefined
      ? {
          timestamp: {
            ...(filter.start !== undefined ? { min: filter.start } : {}),
            ...(filter.end !== undefined ? { max: filter.end } : {}),
          },
        }
      : undefined
  return { in: inValues, ...(range ? { range } : {}) }
}

/** Adds the SQL conditions of `filter` (the same ones pruning used: pruning is conservative). */
export function whereMarket(where: WhereBuilder, filter: MarketFilter): WhereBuilder {
  if (filter.symbols) {
    where.and(`symbol IN (${filter.symbols.map((s) => where.param(s)).join(', ')})`)
  }
  if (filter.exchange !== undefined) where.and(`exchange = ${where.param(filter.exchange)}`)
  if (filter.start !== undefined) where.and(`"timestamp" >= ${timestampParam(where, filter.start)}`)
  if (filter.end !== undefined) where.and(`"timestamp" < ${timestampParam(where, filter.end)}`)
  return where
}

/** `a` or `b` with the earlier end (an absent end is no end). */
export function minEnd(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return a < b ? a : b
}

/** `a` or `b` with the later start. */
export function maxStart(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return a > b ? a : b
}
