import { describe, expect, it } from 'vitest'

import { CoreError } from '../errors/index.js'
import {
  MICROS_THRESHOLD,
  microsToEpochDay,
  microsToIso,
  nowMicros,
  parseIsoMicros,
  toMicros,
} from './micros.js'

const MAX_SAFE = Number.MAX_SAFE_INTEGER
const DAY_US = 86_400_000_000

/** Runs `fn` and returns the CoreError it throws (fails the test when it does not throw one). */
function thrown(fn: () => unknown): CoreError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(CoreError)
    return err as CoreError
  }
  throw new Error('expected a CoreError, nothing was thrown')
}

/** Small deterministic PRNG (mulberry32) so a failing property case can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A uniformly spread safe integer in [-(2^53 - 1), 2^53 - 1]. */
function randomSafeInteger(rand: () => number): number {
  const hi = Math.floor(rand() * 2 ** 21)
  const lo = Math.floor(rand() * 2 ** 32)
  const magnitude = hi * 2 ** 32 + lo
  return rand() < 0.5 ? -magnitude : magnitude
}

describe('toMicros: integers (D2: above 10^15 are µs, otherwise ms)', () => {
  it('uses 10^15 as the threshold', () => {
    expect(MICROS_THRESHOLD).toBe(1e15)
  })

  it.each([
    ['0', 0, 0],
    ['1 ms', 1, 1000],
    ['a 2024 ms timestamp', 1_704_067_200_000, 1_704_067_200_000_000],
    ['a 2024 µs timestamp', 1_704_067_200_000_000, 1_704_067_200_000_000],
    ['a µs timestamp with sub-ms digits', 1_704_067_200_123_456, 1_704_067_200_123_456],
    ['just above the threshold (µs)', 1e15 + 1, 1e15 + 1],
    ['the largest ms value that fits', 9_007_199_254_740, 9_007_199_254_740_000],
    ['the largest safe µs value', MAX_SAFE, MAX_SAFE],
    ['a pre-1970 ms timestamp', -86_400_000, -DAY_US],
    ['just below minus the threshold (µs)', -1e15 - 1, -1e15 - 1],
    ['the smallest safe µs value', -MAX_SAFE, -MAX_SAFE],
    ['-0', -0, 0],
  ])('number: %s', (_case, input, micros) => {
    expect(toMicros('timestamp', input)).toBe(micros)
  })

  it.each([
    ['0n', 0n, 0],
    ['ms bigint', 1_704_067_200_000n, 1_704_067_200_000_000],
    ['µs bigint', 1_704_067_200_123_456n, 1_704_067_200_123_456],
    ['just above the threshold', 1_000_000_000_000_001n, 1_000_000_000_000_001],
    ['the largest safe µs value', BigInt(MAX_SAFE), MAX_SAFE],
    ['negative µs', -1_000_000_000_000_001n, -1_000_000_000_000_001],
  ])('bigint: %s', (_case, input, micros) => {
    expect(toMicros('timestamp', input)).toBe(micros)
  })

  it('treats exactly 10^15 as ms (the rule says "above"), which is out of range and rejected', () => {
    // 10^15 ms would be 10^18 µs (year ~33658): not representable, so rejected rather than
    // silently read as µs (2001-09-09) or rounded.
    for (const input of [1e15, 1_000_000_000_000_000n, -1e15, -1_000_000_000_000_000n]) {
      const err = thrown(() => toMicros('timestamp', input))
      expect(err.code).toBe('CORE_INVALID_TIMESTAMP')
      expect(err.message).toContain('timestamp')
      expect(err.message).toContain('outside the supported range')
    }
  })

  it.each([
    ['ms just past 2^53 µs', 9_007_199_254_741],
    ['ms between the safe range and the threshold', 999_999_999_999_999],
    ['µs above 2^53 (number)', 2 ** 53],
    ['µs far above 2^53 (number)', 2 ** 60],
    ['µs above 2^53 (bigint)', 2n ** 53n],
    ['µs below -2^53 (bigint)', -(2n ** 53n)],
    ['a huge bigint', 10n ** 30n],
  ])('rejects unsafe values: %s', (_case, input) => {
    const err = thrown(() => toMicros('ingestion_timestamp', input))
    expect(err.code).toBe('CORE_INVALID_TIMESTAMP')
    expect(err.retriable).toBe(false)
    expect(err.message).toContain('ingestion_timestamp')
    expect(err.context).toMatchObject({ field: 'ingestion_timestamp' })
  })

  it('gives a number the result its bigint gives (exact arithmetic), random safe integers', () => {
    // Numbers take a float fast path; bigints the exact one. Spread over every magnitude, with
    // extra cases around the largest ms value that still fits (2^53 / 1000).
    const rand = prng(20261126)
    const outcome = (input: number | bigint): number | string => {
      try {
        return toMicros('timestamp', input)
      } catch (err) {
        return (err as CoreError).code
      }
    }
    for (let i = 0; i < 20_000; i++) {
      const value =
        i % 4 === 0
          ? 9_007_199_254_740 + Math.floor(rand() * 2_000) - 1_000
          : Math.trunc(randomSafeInteger(rand) / 2 ** Math.floor(rand() * 53))
      expect(outcome(value), String(value)).toBe(outcome(BigInt(value)))
    }
  })

  it.each([
    ['a fraction', 1.5],
    ['a fractional ms timestamp', 1_704_067_200_000.5],
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
  ])('rejects non-integers: %s', (_case, input) => {
    const err = thrown(() => toMicros('timestamp', input))
    expect(err.code).toBe('CORE_INVALID_TIMESTAMP')
    expect(err.message).toContain('timestamp')
  })
})

describe('toMicros: Date and other inputs', () => {
  it.each([
    ['the epoch', new Date(0), 0],
    ['a 2024 date', new Date('2024-01-01T00:00:00.123Z'), 1_704_067_200_123_000],
    ['a pre-1970 date', new Date('1969-12-31T23:59:59.999Z'), -1000],
  ])('Date: %s', (_case, input, micros) => {
    expect(toMicros('timestamp', input)).toBe(micros)
  })

  it('rejects an invalid Date', () => {
    const err = thrown(() => toMicros('timestamp', new Date('nope')))
    expect(err.code).toBe('CORE_INVALID_TIMESTAMP')
    expect(err.message).toContain('timestamp')
  })

  it.each([
    ['after 2255', new Date('2300-01-01T00:00:00Z')],
    ['the last Date', new Date(8.64e15)],
    ['before 1685', new Date('1600-01-01T00:00:00Z')],
  ])('rejects a Date outside the µs safe range: %s', (_case, input) => {
    const err = thrown(() => toMicros('timestamp', input))
    expect(err.code).toBe('CORE_INVALID_TIMESTAMP')
    expect(err.message).toContain('outside the supported range')
  })

  it('delegates strings to the ISO parser', () => {
    expect(toMicros('timestamp', '2024-01-01T00:00:00.000001Z')).toBe(1_704_067_200_000_001)
  })

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an object', { ms: 1 }],
    ['a boolean', true],
  ])('rejects %s (type escape)', (_case, input) => {
    const err = thrown(() => toMicros('timestamp', input as never))
    expect(err.code).toBe('CORE_INVALID_TIMESTAMP')
    expect(err.message).toContain('timestamp')
  })
})

describe('parseIsoMicros', () => {
  const JAN_1_2024 = 1_704_067_200_000_000

  it.each([
    ['Z', '2024-01-01T00:00:00Z', JAN_1_2024],
    ['lower-case z', '2024-01-01T00:00:00z', JAN_1_2024],
    ['naive (UTC)', '2024-01-01T00:00:00', JAN_1_2024],
    ['naive with a space separator', '2024-01-01 00:00:00', JAN_1_2024],
    ['date only', '2024-01-01', JAN_1_2024],
    ['no seconds', '2024-01-01T00:00Z', JAN_1_2024],
    ['+00:00', '2024-01-01T00:00:00+00:00', JAN_1_2024],
    ['-00:00', '2024-01-01T00:00:00-00:00', JAN_1_2024],
    ['+05:30', '2024-01-01T05:30:00+05:30', JAN_1_2024],
    ['+0530', '2024-01-01T05:30:00+0530', JAN_1_2024],
    ['+05', '2024-01-01T05:00:00+05', JAN_1_2024],
    ['-08:00 across midnight', '2023-12-31T16:00:00-08:00', JAN_1_2024],
    ['+14:00', '2024-01-01T14:00:00+14:00', JAN_1_2024],
    ['-12:00', '2023-12-31T12:00:00-12:00', JAN_1_2024],
    ['6 fractional digits', '2024-01-01T00:00:00.123456Z', JAN_1_2024 + 123_456],
    ['comma fraction', '2024-01-01T00:00:00,123456Z', JAN_1_2024 + 123_456],
    ['3 fractional digits', '2024-01-01T00:00:00.123Z', JAN_1_2024 + 123_000],
    ['1 fractional digit', '2024-01-01T00:00:00.5', JAN_1_2024 + 500_000],
    ['1 µs', '2024-01-01T00:00:00.000001Z', JAN_1_2024 + 1],
    ['9 digits ending in zeros', '2024-01-01T00:00:00.123456000Z', JAN_1_2024 + 123_456],
    ['fraction with offset', '2024-01-01T05:30:00.000007+05:30', JAN_1_2024 + 7],
    ['the epoch', '1970-01-01T00:00:00Z', 0],
    ['pre-1970 with fraction', '1969-12-31T23:59:59.500000Z', -500_000],
    ['pre-1970 last µs', '1969-12-31T23:59:59.999999Z', -1],
    ['leap day', '2024-02-29T12:00:00Z', 1_709_208_000_000_000],
    ['surrounding whitespace', '  2024-01-01T00:00:00Z  ', JAN_1_2024],
  ])('%s: %j', (_case, text, micros) => {
    expect(parseIsoMicros('timestamp', text)).toBe(micros)
  })

  it('agrees with Date.parse wherever Date can represent the value', () => {
    for (const text of [
      '2014-03-11T10:00:00.123Z',
      '1999-12-31T23:59:59.999+01:00',
      '1900-06-15T06:07:08.009-03:30',
      '2100-01-01T00:00:00.000Z',
    ]) {
      expect(parseIsoMicros('timestamp', text)).toBe(Date.parse(text) * 1000)
    }
  })

  it.each([
    ['7 fractional digits', '2024-01-01T00:00:00.1234567Z'],
    ['9 fractional digits', '2024-01-01T00:00:00.000000001Z'],
    ['nanoseconds after zeros', '2024-01-01T00:00:00.123456100'],
  ])('rejects sub-µs non-zero digits: %s', (_case, text) => {
    const err = thrown(() => parseIsoMicros('timestamp', text))
    expect(err.code).toBe('CORE_INVALID_TIMESTAMP')
    expect(err.message).toContain('timestamp')
    expect(err.message).toContain('sub-microsecond')
  })

  it.each([
    ['Feb 30', '2014-02-30'],
    ['Feb 29 in a common year', '2023-02-29T00:00:00Z'],
    ['month 13', '2024-13-01T00:00:00Z'],
    ['month 0', '2024-00-10T00:00:00Z'],
    ['day 0', '2024-01-00T00:00:00Z'],
    ['day 32', '2024-01-32T00:00:00Z'],
    ['hour 24', '2024-01-01T24:00:00Z'],
    ['minute 60', '2024-01-01T00:60:00Z'],
    ['second 60', '2024-01-01T00:00:60Z'],
  ])('rejects invalid calendar values: %s', (_case, text) => {
    const err = thrown(() => parseIsoMicros('listing_date', text))
    expect(err.code).toBe('CORE_INVALID_TIMESTAMP')
    expect(err.message).toContain('listing_date')
    expect(err.message).toContain('not a valid calendar date-time')
  })

  it.each([
    ['offset hour 24', '2024-01-01T00:00:00+24:00'],
    ['offset hour 99', '2024-01-01T00:00:00+99:00'],
    ['offset minute 60', '2024-01-01T00:00:00+05:60'],
    ['offset minute 99', '2024-01-01T00:00:00-05:99'],
  ])('rejects invalid UTC offsets: %s', (_case, text) => {
    const err = thrown(() => parseIsoMicros('timestamp', text))
    expect(err.code).toBe('CORE_INVALID_TIMESTAMP')
    expect(err.message).toContain('timestamp')
  })

  it.each([
    ['empty', ''],
    ['garbage', 'yesterday'],
    ['epoch digits', '1704067200000'],
    ['US date', '01/02/2024'],
    ['2-digit year', '24-01-01'],
    ['10 fractional digits', '2024-01-01T00:00:00.1234567890Z'],
    ['zone name', '2024-01-01T00:00:00 UTC'],
    ['hour without minutes', '2024-01-01T10Z'],
    ['trailing text', '2024-01-01T00:00:00Zjunk'],
  ])('rejects non-ISO text: %s', (_case, text) => {
    const err = thrown(() => parseIsoMicros('timestamp', text))
    expect(err.code).toBe('CORE_INVALID_TIMESTAMP')
    expect(err.message).toContain('not an ISO-8601 date-time')
  })

  it.each([
    ['after 2255', '2300-01-01T00:00:00Z'],
    ['before 1685', '1600-01-01T00:00:00Z'],
  ])('rejects values outside the µs safe range: %s', (_case, text) => {
    const err = thrown(() => parseIsoMicros('timestamp', text))
    expect(err.code).toBe('CORE_INVALID_TIMESTAMP')
    expect(err.message).toContain('outside the supported range')
  })
})

describe('microsToIso', () => {
  it.each([
    [0, '1970-01-01T00:00:00.000000Z'],
    [1, '1970-01-01T00:00:00.000001Z'],
    [999, '1970-01-01T00:00:00.000999Z'],
    [1000, '1970-01-01T00:00:00.001000Z'],
    [1_704_067_200_123_456, '2024-01-01T00:00:00.123456Z'],
    [-1, '1969-12-31T23:59:59.999999Z'],
    [-999, '1969-12-31T23:59:59.999001Z'],
    [-1000, '1969-12-31T23:59:59.999000Z'],
    [-1001, '1969-12-31T23:59:59.998999Z'],
    [-500_000, '1969-12-31T23:59:59.500000Z'],
    [-DAY_US, '1969-12-31T00:00:00.000000Z'],
    [-2_208_988_800_000_001, '1899-12-31T23:59:59.999999Z'],
    [MAX_SAFE, '2255-06-05T23:47:34.740991Z'],
    [-MAX_SAFE, '1684-07-28T00:12:25.259009Z'],
  ])('%s -> %s', (micros, iso) => {
    expect(microsToIso(micros)).toBe(iso)
  })

  it.each([
    ['a fraction', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['above 2^53', 2 ** 53 + 2],
  ])('rejects %s instead of printing a malformed string', (_case, micros) => {
    const err = thrown(() => microsToIso(micros))
    expect(err.code).toBe('CORE_INVALID_TIMESTAMP')
  })

  it('always prints exactly six fractional digits and Z, and round-trips (random values)', () => {
    const rand = prng(0x5eed_2024)
    const shape = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/
    const edges = [0, 1, -1, 999, -999, 1000, -1000, MAX_SAFE, -MAX_SAFE, MAX_SAFE - 1, 1e15 + 1]
    const values = [...edges]
    for (let i = 0; i < 5000; i++) values.push(randomSafeInteger(rand))
    // Values near "now", where most data lives, with every sub-ms remainder pattern.
    for (let i = 0; i < 2000; i++) values.push(1_700_000_000_000_000 + Math.floor(rand() * 1e14))
    for (const micros of values) {
      const iso = microsToIso(micros)
      expect(iso, String(micros)).toMatch(shape)
      expect(parseIsoMicros('timestamp', iso), iso).toBe(micros)
      expect(toMicros('timestamp', iso), iso).toBe(micros)
      // The ms part agrees with Date's own formatting.
      const ms = Number((BigInt(micros) - (((BigInt(micros) % 1000n) + 1000n) % 1000n)) / 1000n)
      expect(iso.slice(0, 23), String(micros)).toBe(new Date(ms).toISOString().slice(0, 23))
    }
  })
})

describe('microsToEpochDay (Iceberg day transform)', () => {
  it.each([
    [0, 0],
    [1, 0],
    [DAY_US - 1, 0],
    [DAY_US, 1],
    [-1, -1],
    [-DAY_US, -1],
    [-DAY_US - 1, -2],
    [1_704_067_200_000_000, 19723],
    [1_704_067_199_999_999, 19722],
    [MAX_SAFE, 104249],
    [-MAX_SAFE, -104250],
  ])('%s -> %s', (micros, day) => {
    expect(microsToEpochDay(micros)).toBe(day)
  })

  it('floors like exact integer division (random values and day edges)', () => {
    const rand = prng(42)
    const values: number[] = []
    for (let i = 0; i < 5000; i++) values.push(randomSafeInteger(rand))
    for (let day = -104_000; day <= 104_000; day += 997) {
      values.push(day * DAY_US, day * DAY_US - 1, day * DAY_US + 1)
    }
    for (const micros of values) {
      const big = BigInt(micros)
      const d = BigInt(DAY_US)
      const floor = big >= 0n ? big / d : -((-big + d - 1n) / d)
      expect(microsToEpochDay(micros), String(micros)).toBe(Number(floor))
    }
  })
})

describe('nowMicros', () => {
  it('is a safe integer in µs close to Date.now()', () => {
    const before = Date.now() * 1000
    const now = nowMicros()
    const after = Date.now() * 1000
    expect(Number.isSafeInteger(now)).toBe(true)
    // performance.timeOrigin and Date.now() may disagree by a few ms.
    expect(now).toBeGreaterThan(before - 50_000)
    expect(now).toBeLessThan(after + 50_000)
  })
})
