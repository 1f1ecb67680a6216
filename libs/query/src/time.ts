import { microsToIso } from '@k2/core'

/**
 * A µs UTC timestamp as ISO-8601 with exactly six fractional digits and `Z`
 * (`2014-03-10T20:57:14.754000Z`), the form the API prints (D7).
 */
export function isoMicros(us: number | bigint): string {
  return microsToIso(typeof us === 'bigint' ? Number(us) : us)
}
