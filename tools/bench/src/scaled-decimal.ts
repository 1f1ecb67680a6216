/**
 * Exact decimal text from integers, for generated prices and quantities: a value is an integer
 * count of `10^-decimals` units (a price in ticks, a quantity in lot steps), so no float ever
 * touches a digit (D2). Texts always have {@link TEXT_SCALE} fractional digits, the scale of
 * decimal(18, 8), which is also how Python reads them back unchanged.
 */

/** Fractional digits of every generated decimal text (decimal(18, 8)). */
export const TEXT_SCALE = 8

/**
 * `units * 10^-decimals` as a decimal string with exactly {@link TEXT_SCALE} fractional digits,
 * e.g. `scaledToText(8725012, 2)` -> `'87250.12000000'`. `units` must be a non-negative safe
 * integer and `decimals` an integer 0..8.
 */
export function scaledToText(units: number, decimals: number): string {
  if (!Number.isSafeInteger(units) || units < 0) {
    throw new RangeError(`units must be a non-negative safe integer, got ${units}`)
  }
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > TEXT_SCALE) {
    throw new RangeError(`decimals must be an integer 0..${TEXT_SCALE}, got ${decimals}`)
  }
  const digits = String(units).padStart(decimals + 1, '0')
  const integer = digits.slice(0, digits.length - decimals)
  const fraction = digits.slice(digits.length - decimals).padEnd(TEXT_SCALE, '0')
  return `${integer}.${fraction}`
}

/**
 * The integer count of `10^-decimals` units in a plain decimal string, e.g.
 * `textToScaled('87250.12', 2)` -> `8725012`. Throws when the text has more fractional digits
 * than `decimals` (other than trailing zeros) or the result is not a safe integer.
 */
export function textToScaled(text: string, decimals: number): number {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text)
  if (match === null) throw new RangeError(`not a plain decimal: ${JSON.stringify(text)}`)
  const fraction = (match[2] ?? '').replace(/0+$/, '')
  if (fraction.length > decimals) {
    throw new RangeError(`${text} has more than ${decimals} fractional digits`)
  }
  const units = Number(`${match[1]}${fraction.padEnd(decimals, '0')}`)
  if (!Number.isSafeInteger(units)) throw new RangeError(`${text} is too large`)
  return units
}
