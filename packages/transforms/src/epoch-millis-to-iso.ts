import { ValidationError } from '@fauna-etl/core'

/** Largest distance from the epoch that a JavaScript `Date` can hold, in milliseconds. */
export const MAX_EPOCH_MILLIS = 8.64e15

/**
 * Converts milliseconds since the Unix epoch to an ISO 8601 UTC timestamp with milliseconds,
 * such as `2003-04-05T06:07:08.009Z`. `null` stays `null`.
 *
 * The value is always read as milliseconds, also below 10^12 (before September 2001), where a
 * guess between seconds and milliseconds would go wrong. Every integer in ±8.64e15 converts
 * exactly. Years outside 0000-9999 use the extended six-digit form (`+275760-09-13T00:00:00.000Z`).
 *
 * @throws ValidationError naming the value when it is not an integer or lies outside ±8.64e15.
 */
export function epochMillisToIso(value: number | null): string | null {
  if (value === null) return null

  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ValidationError(
      `Invalid epoch milliseconds ${describe(value)}: expected an integer number of milliseconds or null`,
      { issues: [{ path: [], message: `expected an integer, got ${describe(value)}` }] },
    )
  }
  if (Math.abs(value) > MAX_EPOCH_MILLIS) {
    throw new ValidationError(
      `Invalid epoch milliseconds ${value}: outside the range of a JavaScript Date (±${MAX_EPOCH_MILLIS})`,
      { issues: [{ path: [], message: `expected at most ±${MAX_EPOCH_MILLIS}, got ${value}` }] },
    )
  }

  return new Date(value).toISOString()
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') return String(value)
  return `${String(value)} (${typeof value})`
}
