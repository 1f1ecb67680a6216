/**
 * Calendar arithmetic on epoch offsets for the temporal transforms (spec: "Partition
 * Transforms": years, months, days and hours from 1970-01-01T00:00 UTC) and their human-readable
 * partition path forms. Everything floors, so instants before 1970 land in the period that
 * contains them (-1 µs is day -1, 1969-12-31), and works beyond the range of JS `Date`.
 */

/** µs in a day. */
export const MICROS_PER_DAY = 86_400_000_000n
/** µs in an hour. */
export const MICROS_PER_HOUR = 3_600_000_000n

/** Division rounding toward negative infinity. */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q
}

/** Calendar date of a day count from 1970-01-01 (proleptic Gregorian, any range). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  // Howard Hinnant's days-to-civil algorithm: eras of 400 years starting on March 1st.
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** Years from 1970 of a day count (the `year` transform of a date). */
export function daysToYears(days: number): number {
  return civilFromDays(days).year - 1970
}

/** Months from 1970-01 of a day count (the `month` transform of a date). */
export function daysToMonths(days: number): number {
  const { year, month } = civilFromDays(days)
  return (year - 1970) * 12 + month - 1
}

/** Days from 1970-01-01 of µs since the epoch (the `day` transform of a timestamp). */
export function microsToDays(micros: bigint): number {
  return Number(floorDiv(micros, MICROS_PER_DAY))
}

/** Hours from 1970-01-01T00:00 of µs since the epoch (the `hour` transform). */
export function microsToHours(micros: bigint): number {
  return Number(floorDiv(micros, MICROS_PER_HOUR))
}

/** `YYYY` of a `year` transform value (as Java and pyiceberg print it). */
export function humanYear(years: number): string {
  return pad(1970 + years, 4)
}

/** `YYYY-MM` of a `month` transform value. */
export function humanMonth(months: number): string {
  const year = 1970 + Math.floor(months / 12)
  return `${pad(year, 4)}-${pad(months - (year - 1970) * 12 + 1, 2)}`
}

/** `YYYY-MM-DD` of a day count (a `day` transform value or a `date`). */
export function humanDay(days: number): string {
  const { year, month, day } = civilFromDays(days)
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
}

/** `YYYY-MM-DD-HH` of an `hour` transform value. */
export function humanHour(hours: number): string {
  const days = Math.floor(hours / 24)
  return `${humanDay(days)}-${pad(hours - days * 24, 2)}`
}

/** `HH:MM:SS` plus `.ffffff` when there are microseconds, of µs since midnight (a `time`). */
export function humanTime(micros: bigint): string {
  const seconds = floorDiv(micros, 1_000_000n)
  const fraction = Number(micros - seconds * 1_000_000n)
  const s = Number(seconds)
  const hms = `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}`
  return fraction === 0 ? hms : `${hms}.${pad(fraction, 6)}`
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.ffffff]` of µs since the epoch (a `timestamp`), Python's `isoformat()`
 * form that pyiceberg uses in partition paths.
 */
export function humanTimestamp(micros: bigint): string {
  const days = floorDiv(micros, MICROS_PER_DAY)
  return `${humanDay(Number(days))}T${humanTime(micros - days * MICROS_PER_DAY)}`
}

/** {@link humanTimestamp} with pyiceberg's `+00:00` zone suffix (a `timestamptz`). */
export function humanTimestamptz(micros: bigint): string {
  return `${humanTimestamp(micros)}+00:00`
}

function pad(n: number, width: number): string {
  const sign = n < 0 ? '-' : ''
  return sign + String(Math.abs(n)).padStart(width, '0')
}
