import type { QueryContext } from '../engine/query-context.js'
import { invalidParameter } from '../errors.js'

/** Microseconds in a day. */
export const DAY_MICROS = 86_400_000_000n

/**
 * The UTC instants `[start, end)` of calendar day `date` (YYYY-MM-DD) in zone `tz`: local
 * midnight to the next local midnight, by DuckDB's ICU (the same rules that bucket bars), so a
 * day is 23 or 25 hours long across a DST change.
 */
export async function zonedDayRange(
  ctx: QueryContext,
  date: string,
  tz: string,
): Promise<{ start: bigint; end: bigint }> {
  const [row] = await ctx.pool.all(
    'SELECT epoch_us(timezone($tz, $d::DATE::TIMESTAMP))::VARCHAR AS s, ' +
      'epoch_us(timezone($tz, ($d::DATE + 1)::TIMESTAMP))::VARCHAR AS e',
    { tz, d: date },
    { timeoutMs: ctx.timeoutMs, label: 'day range' },
  )
  if (!row || row['s'] === null || row['e'] === null) {
    throw invalidParameter('date', `${date} has no start in ${tz}`)
  }
  return { start: BigInt(String(row['s'])), end: BigInt(String(row['e'])) }
}

/** Local wall-clock µs (as if the zone were UTC) of UTC instants, in zone `tz`. */
export async function localMicros(
  ctx: QueryContext,
  tz: string,
  instants: readonly bigint[],
): Promise<bigint[]> {
  const params: Record<string, string | bigint> = { tz }
  const selects = instants.map((us, i) => {
    params[`t${i}`] = us
    return `epoch_us(timezone($tz, make_timestamptz($t${i}::BIGINT)))::VARCHAR AS l${i}`
  })
  const [row] = await ctx.pool.all(`SELECT ${selects.join(', ')}`, params, {
    timeoutMs: ctx.timeoutMs,
    label: 'local time',
  })
  return instants.map((_, i) => BigInt(String(row?.[`l${i}`])))
}

/** Start of the local day of a local wall-clock µs value (floor, also before 1970). */
export function localDayStart(localUs: bigint): bigint {
  return localUs - (((localUs % DAY_MICROS) + DAY_MICROS) % DAY_MICROS)
}
