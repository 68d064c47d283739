const DELAY_SECONDS = /^\s*(\d+)\s*$/
const OTHER_NUMBER = /^\s*[-+]?[\d.]+\s*$/

/**
 * Parses a `Retry-After` header value into a wait in milliseconds from `now` (ms since the
 * epoch). The value is either delay-seconds or an HTTP date (RFC 9110, section 10.2.3). A date
 * in the past gives 0. Returns `undefined` for a missing or unparseable value.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined

  const seconds = DELAY_SECONDS.exec(value)
  if (seconds) return Number(seconds[1]) * 1000

  // V8's Date.parse also reads "-5" or "1.5" as dates, but RFC 9110 allows only whole seconds.
  if (OTHER_NUMBER.test(value)) return undefined

  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}
