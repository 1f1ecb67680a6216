import { CoreError } from '../errors/index.js'

/**
 * Microseconds since the Unix epoch, UTC (Avro `timestamp-micros`, Iceberg `timestamptz`).
 * A JS number holds every integer µs value up to 2^53, i.e. until the year 2255, exactly; values
 * outside the safe-integer range are rejected rather than rounded.
 */
export type Micros = number

/** D2: integers above 10^15 are microseconds, integers up to it are milliseconds. */
export const MICROS_THRESHOLD = 1e15

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/

/**
 * Normalises a timestamp to µs UTC (D2). Numbers and bigints above 10^15 are µs, otherwise ms;
 * `Date`s are ms; strings are ISO-8601 with up to 6 fractional digits, naive ones taken as UTC.
 * Throws `CORE_INVALID_TIMESTAMP` naming the field otherwise.
 */
export function toMicros(field: string, value: number | bigint | string | Date): Micros {
  if (typeof value === 'number' || typeof value === 'bigint') {
    return fromInteger(field, value)
  }
  if (value instanceof Date) {
    const ms = value.getTime()
    if (Number.isNaN(ms)) throw invalid(field, String(value), 'is an invalid date')
    return checkSafe(field, ms * 1000, value.toISOString())
  }
  if (typeof value === 'string') return parseIsoMicros(field, value)
  throw invalid(field, String(value), 'is not a timestamp')
}

/** Parses an ISO-8601 date or date-time to µs UTC; a missing zone means UTC (D2). */
export function parseIsoMicros(field: string, text: string): Micros {
  const m = ISO.exec(text.trim())
  if (m === null) throw invalid(field, text, 'is not an ISO-8601 date-time')
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m
  const fracDigits = frac.padEnd(9, '0')
  if (/[1-9]/.test(fracDigits.slice(6))) {
    throw invalid(field, text, 'has sub-microsecond digits')
  }
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const ms = Date.UTC(year, month - 1, day, hour, minute, second)
  const check = new Date(ms)
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw invalid(field, text, 'is not a valid calendar date-time')
  }
  const offsetMinutes = parseOffsetMinutes(field, text, zone)
  const micros = (ms - offsetMinutes * 60_000) * 1000 + Number(fracDigits.slice(0, 6))
  return checkSafe(field, micros, text)
}

/**
 * Formats µs UTC as ISO-8601 with exactly six fractional digits and `Z`. Throws
 * `CORE_INVALID_TIMESTAMP` for a value that is not a safe integer rather than print a malformed
 * string.
 */
export function microsToIso(micros: Micros): string {
  checkSafe('micros', micros, String(micros))
  const ms = Math.floor(micros / 1000)
  const sub = micros - ms * 1000
  const base = new Date(ms).toISOString() // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${base.slice(0, 23)}${String(sub).padStart(3, '0')}Z`
}

/** Current wall-clock time in µs UTC, with sub-millisecond resolution where the platform has it. */
export function nowMicros(): Micros {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000)
}

/** Days since 1970-01-01 of a µs timestamp (Iceberg's `day` transform). */
export function microsToEpochDay(micros: Micros): number {
  return Math.floor(micros / 86_400_000_000)
}

function fromInteger(field: string, value: number | bigint): Micros {
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    // Fast path for the usual safe-integer number. A product that comes out as a safe integer is
    // exact (a true product of 2^53 or more rounds to 2^53 or more, which is not safe); anything
    // else takes the exact BigInt way below. `+ 0` turns -0 into 0, as BigInt does.
    const micros = value > MICROS_THRESHOLD || value < -MICROS_THRESHOLD ? value : value * 1000 + 0
    if (Number.isSafeInteger(micros)) return micros
  }
  if (typeof value === 'number' && !Number.isInteger(value)) {
    throw invalid(field, String(value), 'must be an integer number of ms or µs')
  }
  const big = BigInt(value)
  const micros =
    big > BigInt(MICROS_THRESHOLD) || big < -BigInt(MICROS_THRESHOLD) ? big : big * 1000n
  return checkSafe(field, Number(micros), String(value), micros)
}

function checkSafe(field: string, micros: number, text: string, exact?: bigint): Micros {
  if (!Number.isSafeInteger(micros) || (exact !== undefined && BigInt(micros) !== exact)) {
    throw invalid(field, text, 'is outside the supported range (|µs| < 2^53)')
  }
  return micros
}

function parseOffsetMinutes(field: string, text: string, zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
  // RFC 3339 section 5.6: offset hours 00-23, minutes 00-59.
  if (hours > 23 || minutes > 59) throw invalid(field, text, 'has an invalid UTC offset')
  return sign * (hours * 60 + minutes)
}

function invalid(field: string, value: string, reason: string): CoreError {
  return new CoreError('CORE_INVALID_TIMESTAMP', `${field}: ${JSON.stringify(value)} ${reason}`, {
    context: { field, value },
  })
}
