import { invalidParameter } from './errors.js'

/**
 * Validation of query inputs. Every check names the parameter it refuses (D7: "bad parameters ->
 * 400 naming the parameter"), and values reach SQL only as bound parameters; the patterns here
 * keep garbage out of the logs and give callers a clear message, they are not what makes the SQL
 * safe.
 */

/** Which snapshot a read uses (D7 time travel): one by id, or the one current at a time. */
export type AsOf =
  | { readonly snapshotId: bigint | string }
  | { readonly timestampMs: number | bigint }

/** A validated {@link AsOf}: the selector `@k2/iceberg`'s `planScan` takes. */
export interface SnapshotSelection {
  readonly snapshotId?: bigint
  readonly asOfMs?: number
}

/** Microseconds since the epoch, UTC, as a number or bigint (input); numbers in results. */
export type MicrosInput = number | bigint

/** Most symbols one query may name. */
export const MAX_SYMBOLS = 100
/** Largest page of `trades`/`quotes`/`replay` (D7 limit). */
export const MAX_PAGE_LIMIT = 10_000
/** Default page size. */
export const DEFAULT_PAGE_LIMIT = 100

const SYMBOL = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/
const EXCHANGE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/
const DECIMAL = /^\d{1,10}(\.\d{1,8})?$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const INTERVAL = /^([1-9]\d{0,5})([smhd])$/
const TIME_ZONE = /^[A-Za-z0-9][A-Za-z0-9_+\-/]{0,63}$/
const SNAPSHOT_ID = /^-?\d{1,19}$/
const MIN_LONG = -(2n ** 63n)
const MAX_LONG = 2n ** 63n - 1n

/** One symbol (case kept: symbols are stored as the source spells them). */
export function parseSymbol(parameter: string, value: unknown): string {
  if (typeof value !== 'string' || !SYMBOL.test(value)) {
    throw invalidParameter(
      parameter,
      'must be 1-64 characters: letters, digits and . _ : / - (starting with a letter or digit)',
    )
  }
  return value
}

/** An optional list of symbols, de-duplicated; undefined or empty means every symbol. */
export function parseSymbols(parameter: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value)) throw invalidParameter(parameter, 'must be a list of symbols')
  if (value.length > MAX_SYMBOLS) {
    throw invalidParameter(parameter, `must name at most ${MAX_SYMBOLS} symbols`)
  }
  const symbols = [...new Set(value.map((v, i) => parseSymbol(`${parameter}[${i}]`, v)))]
  return symbols.length === 0 ? undefined : symbols
}

/** An exchange code; stored upper case (D2), so it is upper-cased here. */
export function parseExchange(parameter: string, value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !EXCHANGE.test(value)) {
    throw invalidParameter(parameter, 'must be 1-32 letters, digits, _ or -')
  }
  return value.toUpperCase()
}

/** A timestamp in µs UTC (a safe integer or a bigint in the 64-bit range), as a bigint. */
export function parseMicros(parameter: string, value: unknown): bigint | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (typeof value === 'bigint' && value >= MIN_LONG && value <= MAX_LONG) return value
  throw invalidParameter(parameter, 'must be an integer number of microseconds since the epoch')
}

/** Both ends of a half-open time range `[start, end)`; refuses `end <= start`. */
export function parseTimeRange(
  value: { readonly start?: unknown; readonly end?: unknown },
  required = false,
): { start?: bigint; end?: bigint } {
  const start = parseMicros('start', value.start)
  const end = parseMicros('end', value.end)
  if (required && start === undefined) throw invalidParameter('start', 'is required')
  if (required && end === undefined) throw invalidParameter('end', 'is required')
  if (start !== undefined && end !== undefined && end <= start) {
    throw invalidParameter('end', 'must be after start')
  }
  return { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) }
}

/** A price or quantity bound: a decimal(18,8) text or a finite non-negative number. */
export function parseDecimal(parameter: string, value: unknown): string | undefined {
  if (value === undefined) return undefined
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value
  if (typeof text !== 'string' || !DECIMAL.test(text)) {
    throw invalidParameter(
      parameter,
      'must be a non-negative decimal with at most 10 integer and 8 fractional digits',
    )
  }
  return text
}

/** A page size: integer 1..`max`, `fallback` when absent. */
export function parseLimit(
  parameter: string,
  value: unknown,
  fallback = DEFAULT_PAGE_LIMIT,
  max = MAX_PAGE_LIMIT,
): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalidParameter(parameter, `must be an integer from 1 to ${max}`)
  }
  return value
}

/** A calendar date `YYYY-MM-DD`. */
export function parseDate(parameter: string, value: unknown): string {
  const m = typeof value === 'string' ? DATE.exec(value) : null
  if (m === null) throw invalidParameter(parameter, 'must be a date YYYY-MM-DD')
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const check = new Date(Date.UTC(year, month - 1, day))
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || year < 1900) {
    throw invalidParameter(parameter, `${JSON.stringify(value)} is not a valid date`)
  }
  return value as string
}

/** An IANA time-zone name known to DuckDB's ICU (`known`); `UTC` when absent. */
export function parseTimeZone(
  parameter: string,
  value: unknown,
  known: ReadonlySet<string>,
): string {
  if (value === undefined) return 'UTC'
  if (typeof value !== 'string' || !TIME_ZONE.test(value) || !known.has(value)) {
    throw invalidParameter(parameter, 'must be an IANA time zone name such as Australia/Sydney')
  }
  return value
}

/** Bar interval bounds (D7: "any interval (1s ... 1d)"). */
export const MIN_INTERVAL_MICROS = 1_000_000n
export const MAX_INTERVAL_MICROS = 86_400_000_000n

const UNIT_MICROS = { s: 1_000_000n, m: 60_000_000n, h: 3_600_000_000n, d: 86_400_000_000n }

/** A bar interval `N{s,m,h,d}` from 1s to 1d, in µs. */
export function parseInterval(parameter: string, value: unknown): bigint {
  const m = typeof value === 'string' ? INTERVAL.exec(value) : null
  const micros = m ? BigInt(m[1]!) * UNIT_MICROS[m[2] as keyof typeof UNIT_MICROS] : -1n
  if (micros < MIN_INTERVAL_MICROS || micros > MAX_INTERVAL_MICROS) {
    throw invalidParameter(
      parameter,
      'must be N followed by s, m, h or d (e.g. 1s, 5m, 1h, 1d), from 1s to 1d',
    )
  }
  return micros
}

/** A boolean flag, `fallback` when absent. */
export function parseFlag(parameter: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw invalidParameter(parameter, 'must be true or false')
  return value
}

/** `asOf` -> the snapshot selector of `planScan`. */
export function parseAsOf(parameter: string, value: unknown): SnapshotSelection {
  if (value === undefined) return {}
  if (typeof value === 'object' && value !== null && 'snapshotId' in value) {
    const id = (value as { snapshotId: unknown }).snapshotId
    const text = typeof id === 'bigint' ? id.toString() : id
    if (typeof text === 'string' && SNAPSHOT_ID.test(text)) {
      const big = BigInt(text)
      if (big >= MIN_LONG && big <= MAX_LONG) return { snapshotId: big }
    }
    throw invalidParameter(`${parameter}.snapshotId`, 'must be a 64-bit integer snapshot id')
  }
  if (typeof value === 'object' && value !== null && 'timestampMs' in value) {
    const ms = (value as { timestampMs: unknown }).timestampMs
    const n = typeof ms === 'bigint' ? Number(ms) : ms
    if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) return { asOfMs: n }
    throw invalidParameter(`${parameter}.timestampMs`, 'must be milliseconds since the epoch')
  }
  throw invalidParameter(parameter, 'must be {snapshotId} or {timestampMs}')
}
