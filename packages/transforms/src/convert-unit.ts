/**
 * Multiplies a measurement by a unit factor, such as `1000` for seconds to milliseconds or
 * `0.45359237` for pounds to kilograms. `null` stays `null`.
 *
 * The result is a plain floating-point product, so factors that are not powers of two may add
 * rounding error in the last digits. Round the result when the target expects fixed decimals.
 *
 * @throws TypeError when `value` or `factor` is not a finite number.
 */
export function convertUnit(value: number | null, factor: number): number | null {
  if (typeof factor !== 'number' || !Number.isFinite(factor)) {
    throw new TypeError(`convertUnit expects a finite number factor, got ${String(factor)}`)
  }
  if (value === null) return null
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`convertUnit expects a finite number or null, got ${String(value)}`)
  }

  return value * factor
}
