import { z } from 'zod'

import type { AsOf } from '@k2/query'

import { invalidParameter } from './errors.js'

/**
 * The API's parameter types as zod schemas: each parses the text a caller sends (query strings
 * are text; bodies are JSON) into what `@k2/query` takes, and documents itself in the OpenAPI
 * document (its input side). Range checks that the engine makes (limits, symbol patterns,
 * decimals) are left to it, and its errors are renamed to these parameter names.
 */

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/
const INTEGER = /^\d{1,19}$/
const SNAPSHOT_ID = /^-?\d{1,19}$/

/**
 * An instant as µs UTC: ISO-8601 (`2014-03-11T00:00:00Z`, fraction up to µs, an offset, or none
 * = UTC; a bare date is its UTC midnight) or an integer (µs above 10^15, else ms, as D2 reads
 * integers). Undefined when the text is not one.
 */
export function parseInstantText(text: string): bigint | undefined {
  if (INTEGER.test(text)) {
    const n = BigInt(text)
    if (n > 9_223_372_036_854_775_807n) return undefined
    return n > 1_000_000_000_000_000n ? n : n * 1000n
  }
  const m = ISO.exec(text)
  if (!m) return undefined
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m
  const [year, month, day] = [Number(y), Number(mo), Number(d)]
  const [hour, minute, second] = [Number(h), Number(mi), Number(s)]
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return undefined
  const check = new Date(Date.UTC(year, month - 1, day))
  if (check.getUTCMonth() !== month - 1 || year < 1900 || year > 9999) return undefined
  let offsetMinutes = 0
  if (zone !== 'Z') {
    const digits = zone.replace(':', '')
    const sign = digits.startsWith('-') ? -1 : 1
    const oh = Number(digits.slice(1, 3))
    const om = Number(digits.slice(3, 5))
    if (oh > 23 || om > 59) return undefined
    offsetMinutes = sign * (oh * 60 + om)
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000
  if (frac.length > 6 && /[1-9]/.test(frac.slice(6))) return undefined // below µs: refuse
  const micros = BigInt(frac.slice(0, 6).padEnd(6, '0'))
  return BigInt(ms) * 1000n + micros
}

/** An instant parameter (see {@link parseInstantText}). */
export const instant = z
  .string()
  .describe('ISO-8601 time (UTC unless it has an offset; fraction up to µs) or epoch ms/µs')
  .transform((text, ctx) => {
    const us = parseInstantText(text)
    if (us === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an ISO-8601 time such as 2014-03-11T00:00:00Z, or epoch ms/µs',
      })
      return z.NEVER
    }
    return us
  })

/**
 * `as_of` (D7 time travel): a snapshot id (an integer, as `GET /v1/snapshots` lists them) or an
 * ISO-8601 time (the snapshot current then).
 */
export const asOf = z
  .string()
  .describe('Time travel: a snapshot id (see /v1/snapshots) or an ISO-8601 time')
  .transform((text, ctx): AsOf => {
    if (SNAPSHOT_ID.test(text)) return { snapshotId: text }
    const us = parseInstantText(text)
    if (us === undefined || !ISO.test(text)) {
      ctx.addIssue({ code: 'custom', message: 'must be a snapshot id or an ISO-8601 time' })
      return z.NEVER
    }
    return { timestampMs: Number(us / 1000n) }
  })

/** A whole number sent as text (query strings). */
export const integerText = z
  .string()
  .regex(/^\d{1,9}$/, 'must be a whole number')
  .transform(Number)

/** `true` or `false` sent as text. */
export const booleanText = z.enum(['true', 'false']).transform((v) => v === 'true')

/** A comma-separated list (query strings), e.g. `symbol=BHP,RIO`; repeats are joined too. */
export const commaList = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0),
)

/** A decimal bound sent as text or a JSON number; the engine checks its digits. */
export const decimalInput = z.union([z.string(), z.number()])

/** Response formats (D7). */
export const FORMATS = ['json', 'csv', 'ndjson', 'parquet'] as const
/** A response format. */
export type Format = (typeof FORMATS)[number]

/** A snapshot id path parameter. */
export function parseSnapshotIdParam(parameter: string, text: string): string {
  if (!SNAPSHOT_ID.test(text) || BigInt(text) > 9_223_372_036_854_775_807n) {
    throw invalidParameter(parameter, 'must be a 64-bit integer snapshot id')
  }
  return text
}

/** Bar intervals of the old API (`5min`, `1hour`, `1day`) -> the engine's (`5m`, `1h`, `1d`). */
export function normalizeInterval(text: string): string {
  const m = /^(\d+)(min|hour|day)$/.exec(text)
  if (!m) return text
  return `${m[1]}${{ min: 'm', hour: 'h', day: 'd' }[m[2] as 'min' | 'hour' | 'day']}`
}
