import { localToUtcMs } from './zoned-time.js'

/** The zone of the ASX vendor files' times (data README: exchange local time). */
export const ASX_TIME_ZONE = 'Australia/Sydney'

const DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/

/** A calendar date `MM/DD/YYYY` as `{year, month, day}`, or null when malformed or impossible. */
export function parseUsDate(text: string): { year: number; month: number; day: number } | null {
  const m = DATE.exec(text)
  if (m === null) return null
  const month = Number(m[1])
  const day = Number(m[2])
  const year = Number(m[3])
  const check = new Date(Date.UTC(year, month - 1, day))
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null
  return { year, month, day }
}

/**
 * ASX vendor date `MM/DD/YYYY` and time `HH:MM:SS.mmm` (Australia/Sydney wall clock) -> µs UTC
 * and the local date as `YYYYMMDD` (for trade ids). A string reason when either is malformed.
 */
export function asxLocalToMicros(
  date: string,
  time: string,
): { readonly micros: number; readonly yyyymmdd: string } | { readonly reason: string } {
  const d = parseUsDate(date)
  if (d === null) return { reason: `date: ${JSON.stringify(date)} is not a valid MM/DD/YYYY date` }
  const t = TIME.exec(time)
  if (t === null || Number(t[1]) > 23 || Number(t[2]) > 59 || Number(t[3]) > 59) {
    return { reason: `time: ${JSON.stringify(time)} is not a valid HH:MM:SS.mmm time` }
  }
  const ms = Number((t[4] ?? '').padEnd(3, '0'))
  const local = Date.UTC(d.year, d.month - 1, d.day, Number(t[1]), Number(t[2]), Number(t[3]), ms)
  const yyyymmdd = `${d.year}${String(d.month).padStart(2, '0')}${String(d.day).padStart(2, '0')}`
  return { micros: localToUtcMs(ASX_TIME_ZONE, local) * 1000, yyyymmdd }
}
