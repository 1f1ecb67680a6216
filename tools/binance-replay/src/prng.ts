// A small seeded PRNG so that a seed reproduces a tape exactly (Math.random cannot be seeded).

/** A deterministic stream of random numbers. */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number
  /** True with probability `p`. */
  chance(p: number): boolean
  /** Standard normal (mean 0, standard deviation 1), Box-Muller. */
  normal(): number
  /** Exponential with the given mean. */
  exponential(mean: number): number
  /** Pareto with scale `xm` (the minimum) and shape `alpha`: heavy-tailed, mean finite if alpha > 1. */
  pareto(xm: number, alpha: number): number
  /** Geometric count >= 1 with the given mean (>= 1). */
  geometric(mean: number): number
}

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state generator with a full 2^32 period,
 * good enough for simulated market data and identical on every platform (integer arithmetic only).
 */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  // 1 - next() is in (0, 1], so log() never sees 0.
  const open = (): number => 1 - next()
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    normal: () => Math.sqrt(-2 * Math.log(open())) * Math.cos(2 * Math.PI * next()),
    exponential: (mean) => -mean * Math.log(open()),
    pareto: (xm, alpha) => xm / Math.pow(open(), 1 / alpha),
    geometric: (mean) => {
      if (mean <= 1) return 1
      return 1 + Math.floor(Math.log(open()) / Math.log(1 - 1 / mean))
    },
  }
}

/**
 * A 32-bit seed for one symbol's generator, from the exchange seed and the symbol name (FNV-1a),
 * so a symbol's tape does not depend on which other symbols the exchange serves.
 */
export function symbolSeed(seed: number, symbol: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0)
  for (let i = 0; i < symbol.length; i++) {
    hash ^= symbol.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  // Mix the high part of seeds above 2^32 too, so 1 and 2^32 + 1 differ.
  hash ^= Math.floor(seed / 4294967296) >>> 0
  return hash >>> 0
}
