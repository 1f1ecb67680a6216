/**
 * A small seeded PRNG for test data (mulberry32: 32-bit state, full period 2^32), so every run of
 * an interop test writes the same rows and a failure can be replayed. Not for anything secret.
 */
export interface SeededRandom {
  /** A float in [0, 1) with 32 random bits. */
  next(): number
  /** An integer in [min, max] (both inclusive); the range must stay below 2^32. */
  int(min: number, max: number): number
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T
  /** True with probability `p`. */
  chance(p: number): boolean
  /** `n` random decimal digits as text (leading zeros kept). */
  digits(n: number): string
}

/** A {@link SeededRandom} starting from `seed`. */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  const int = (min: number, max: number): number => {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new Error(`bad range [${min}, ${max}]`)
    }
    if (max - min >= 4_294_967_296) throw new Error(`range [${min}, ${max}] exceeds 2^32`)
    return min + Math.floor(next() * (max - min + 1))
  }
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[int(0, items.length - 1)] as T
    },
    chance: (p: number) => next() < p,
    digits: (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join(''),
  }
}
