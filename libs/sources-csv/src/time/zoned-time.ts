/**
 * Local wall-clock time in an IANA zone -> UTC, with the zone's rules from `Intl` (ICU's tz data),
 * so daylight saving is right for every date (Australia/Sydney: AEDT, UTC+11, until the first
 * Sunday of April; AEST, UTC+10, after). Offsets are cached per zone and UTC half hour: zones change
 * offset on whole or half hours, so an offset holds for its whole half hour.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()
const offsets = new Map<string, Map<number, number>>()
const HOUR_MS = 3_600_000
const HALF_HOUR_MS = HOUR_MS / 2

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(zone, f)
  }
  return f
}

/** The zone's offset from UTC in ms at the UTC instant `utcMs` (local = UTC + offset). */
export function zoneOffsetMs(zone: string, utcMs: number): number {
  const slot = Math.floor(utcMs / HALF_HOUR_MS)
  let cache = offsets.get(zone)
  if (cache === undefined) {
    cache = new Map()
    offsets.set(zone, cache)
  }
  const cached = cache.get(slot)
  if (cached !== undefined) return cached
  const at = slot * HALF_HOUR_MS
  const parts: Record<string, number> = {}
  for (const p of formatterFor(zone).formatToParts(new Date(at))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  const local = Date.UTC(
    parts['year'] as number,
    (parts['month'] as number) - 1,
    parts['day'] as number,
    parts['hour'] as number,
    parts['minute'] as number,
    parts['second'] as number,
  )
  const offset = local - at
  cache.set(slot, offset)
  return offset
}

/**
 * The UTC instant (ms) of a local wall-clock time given as its fields read as if UTC
 * (`Date.UTC(y, m, d, h, mi, s, ms)`). A time that occurs twice (the hour repeated when daylight
 * saving ends) is taken at its first occurrence (the daylight-saving one); a time that does not
 * exist (skipped when it starts) is shifted forward by the gap, as Temporal's `compatible` does.
 */
export function localToUtcMs(zone: string, localAsUtcMs: number): number {
  // No offset change within 14 h either side (the widest offsets are -12 h/+14 h): one answer.
  const before = zoneOffsetMs(zone, localAsUtcMs - 14 * HOUR_MS)
  const after = zoneOffsetMs(zone, localAsUtcMs + 14 * HOUR_MS)
  if (before === after) return localAsUtcMs - before
  // A transition is near: try both offsets, earliest valid first.
  const candidates = [
    localAsUtcMs - Math.max(before, after),
    localAsUtcMs - Math.min(before, after),
  ]
  for (const utc of candidates) {
    if (utc + zoneOffsetMs(zone, utc) === localAsUtcMs) return utc
  }
  // Skipped local time: shift forward by the gap (read with the offset before the jump).
  return localAsUtcMs - before
}
