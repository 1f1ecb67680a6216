import { describe, expect, it } from 'vitest'

import {
  civilFromDays,
  daysToMonths,
  daysToYears,
  floorDiv,
  humanTimestamp,
  microsToDays,
  microsToHours,
} from './epoch-time.js'

describe('epoch-time', () => {
  it('floorDiv rounds toward negative infinity', () => {
    expect(floorDiv(7n, 2n)).toBe(3n)
    expect(floorDiv(-7n, 2n)).toBe(-4n)
    expect(floorDiv(-8n, 2n)).toBe(-4n)
    expect(floorDiv(7n, -2n)).toBe(-4n)
  })

  it('agrees with JS Date on every 37th day from 1600 to 2600', () => {
    for (let days = -135_000; days <= 230_000; days += 37) {
      const d = new Date(days * 86_400_000)
      expect(civilFromDays(days)).toEqual({
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
      })
      expect(daysToYears(days)).toBe(d.getUTCFullYear() - 1970)
      expect(daysToMonths(days)).toBe((d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth())
    }
  })

  it('works for the whole 64-bit µs range', () => {
    const max = 9_223_372_036_854_775_807n
    expect(microsToDays(max)).toBe(106_751_991)
    expect(microsToDays(-max - 1n)).toBe(-106_751_992)
    expect(microsToHours(max)).toBe(2_562_047_788)
    expect(daysToYears(microsToDays(max))).toBe(294_247 - 1970)
  })

  it('prints timestamps like Python isoformat', () => {
    expect(humanTimestamp(0n)).toBe('1970-01-01T00:00:00')
    expect(humanTimestamp(-1n)).toBe('1969-12-31T23:59:59.999999')
    expect(humanTimestamp(1_510_871_468_000_010n)).toBe('2017-11-16T22:31:08.000010')
  })
})
