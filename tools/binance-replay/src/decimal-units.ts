// Prices and quantities as integer counts of 1e-8 ("units"): Binance's 8 fractional digits, exact,
// and small enough to live in typed arrays (every value below 2^53 units, i.e. 90 million, is exact).

/** Units in one whole: 10^8, Binance's precision. */
export const UNITS_PER_ONE = 100_000_000

const UNITS_PER_ONE_BIG = 100_000_000n
const DECIMAL = /^(\d+)(?:\.(\d{1,8}))?$/

/** `4321012000000` -> `"43210.12000000"`: Binance's fixed 8-fractional-digit decimal strings. */
export function formatUnits(units: number | bigint): string {
  const value = BigInt(units)
  const whole = value / UNITS_PER_ONE_BIG
  const fraction = (value % UNITS_PER_ONE_BIG).toString().padStart(8, '0')
  return `${whole}.${fraction}`
}

/**
 * `"43210.12"` -> `4321012000000`; undefined for anything that is not a non-negative decimal with
 * at most 8 fractional digits whose units are a safe integer. Never goes through a float.
 */
export function parseUnits(text: string): number | undefined {
  const match = DECIMAL.exec(text)
  if (match === null) return undefined
  const units = Number(`${match[1]}${(match[2] ?? '').padEnd(8, '0')}`)
  return Number.isSafeInteger(units) ? units : undefined
}

/** `price x quantity` in units, truncated to 8 fractional digits (Binance's `quoteQty`). */
export function multiplyUnits(a: number, b: number): bigint {
  return (BigInt(a) * BigInt(b)) / UNITS_PER_ONE_BIG
}
