/**
 * Exact decimal text helpers for results (D7: "prices and quantities as decimal strings (exact)").
 * DuckDB prints DECIMAL(p, s) with all `s` digits (`36.66700000`); results carry the shortest
 * exact form (`36.667`), as `@k2/core`'s ExactDecimal prints. Zero stays `0`, never null.
 */

/** Drops trailing fractional zeros (and a bare point) of a plain decimal text. */
export function trimDecimal(text: string): string {
  if (!text.includes('.')) return text
  const trimmed = text.replace(/0+$/, '').replace(/\.$/, '')
  return trimmed === '' || trimmed === '-' || trimmed === '-0' ? '0' : trimmed
}

/** Fractional digits of every VWAP. */
export const VWAP_SCALE = 18

/**
 * `numerator / denominator` of two non-negative plain decimal texts, exactly rounded to `scale`
 * fractional digits with round-half-even (banker's rounding, Python's `ROUND_HALF_EVEN`), then
 * trimmed. DuckDB divides DECIMALs as DOUBLEs, so VWAP = sum(p*q)/sum(q) is divided here with
 * bigints instead; null when the denominator is zero.
 */
export function divideDecimals(
  numerator: string,
  denominator: string,
  scale = VWAP_SCALE,
): string | null {
  const [n, ns] = unscaled(numerator)
  const [d, ds] = unscaled(denominator)
  if (d === 0n) return null
  // n/10^ns / (d/10^ds) * 10^scale = n * 10^(ds + scale) / (d * 10^ns)
  const num = n * 10n ** BigInt(ds + scale)
  const den = d * 10n ** BigInt(ns)
  let q = num / den
  const r2 = (num % den) * 2n
  if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n
  return trimDecimal(formatUnscaled(q, scale))
}

function unscaled(text: string): [bigint, number] {
  const [int = '0', frac = ''] = text.split('.')
  return [BigInt(int + frac), frac.length]
}

function formatUnscaled(value: bigint, scale: number): string {
  const digits = value.toString().padStart(scale + 1, '0')
  return `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`
}
