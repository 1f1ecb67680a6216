/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015): the n-th retry (n = 0, 1, ...) waits a uniformly random time in
 * `[0, min(capMs, baseMs * 2^n))`. Full jitter spreads reconnecting clients best, which matters
 * when an exchange drops thousands of them at once. D9: base 5 s doubling, cap 60 s.
 *
 * `random` returns a number in [0, 1) (`Math.random` by default; tests pass a fixed one).
 */
export function fullJitterDelay(
  retry: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(retry, 52))
  return Math.floor(random() * ceiling)
}
