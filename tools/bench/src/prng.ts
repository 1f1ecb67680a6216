/**
 * A seeded pseudo-random number generator: mulberry32 (Tommy Ettinger, public domain), 32 bits of
 * state, period 2^32. Not for cryptography; enough to make benchmark data that is the same on
 * every machine and every run, which `Math.random` cannot give.
 */
export interface Prng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, n). */
  int(n: number): number
  /** A standard normal variate (Box-Muller). */
  gaussian(): number
}

/** A {@link Prng} seeded with the low 32 bits of `seed`. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    gaussian: () => {
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const u = 1 - next()
      const v = next()
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    },
  }
}
