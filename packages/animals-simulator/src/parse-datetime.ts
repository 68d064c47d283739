/** A `born_at` value the simulator accepted, reduced to the instant it names. */
export interface ParsedDatetime {
  /** Microseconds since the Unix epoch, in UTC. */
  instantUs: number
  /** Whether the value was a string with an explicit zone (`Z` or `±HH:MM`). */
  zoned: boolean
}

export type DatetimeParseResult =
  | { ok: true; value: ParsedDatetime }
  | { ok: false; msg: string; type: string }

// These rules and messages follow pydantic 1's `parse_datetime`: numbers (and numeric strings)
// are Unix seconds, or milliseconds above 2e10, and strings match a loose ISO 8601 pattern whose
// zone is optional.
// NOTE: the pydantic major version of the original server is inferred from its lenient behaviour
// (naive timestamps and raw integers accepted), so its exact 422 messages may differ.
const DATETIME_PATTERN =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6})\d{0,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/
const PYTHON_FLOAT =
  /^\s*[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?\s*$/
const PYTHON_FLOAT_SPECIAL = /^\s*([+-]?)(inf|infinity|nan)\s*$/i

const MS_WATERSHED = 2e10
const MAX_NUMBER = 3e20
// datetime.max and datetime.min (9999-12-31T23:59:59.999999 and 0001-01-01T00:00:00) in µs;
// the maximum rounds up by 1 µs to the nearest double.
const MAX_INSTANT_US = 253_402_300_800_000_000
const MIN_INSTANT_US = -62_135_596_800_000_000

const INVALID_FORMAT = {
  ok: false,
  msg: 'invalid datetime format',
  type: 'value_error.datetime',
} as const

/** Parses a JSON value sent as `born_at`, accepting what the original server accepts. */
export function parseDatetime(value: unknown): DatetimeParseResult {
  if (typeof value === 'number') return fromUnixNumber(value)
  if (typeof value === 'boolean') return fromUnixNumber(value ? 1 : 0)
  if (typeof value !== 'string') {
    return {
      ok: false,
      msg: 'invalid type; expected datetime, string, bytes, int or float',
      type: 'type_error',
    }
  }

  const special = PYTHON_FLOAT_SPECIAL.exec(value)
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') {
      return { ok: false, msg: 'cannot convert float NaN to integer', type: 'value_error' }
    }
    return fromUnixNumber(special[1] === '-' ? -Infinity : Infinity)
  }
  if (PYTHON_FLOAT.test(value)) return fromUnixNumber(Number(value.trim().replaceAll('_', '')))

  return parseIsoString(value)
}

function fromUnixNumber(seconds: number): DatetimeParseResult {
  if (seconds > MAX_NUMBER) return { ok: true, value: { instantUs: MAX_INSTANT_US, zoned: false } }
  if (seconds < -MAX_NUMBER) return { ok: true, value: { instantUs: MIN_INSTANT_US, zoned: false } }

  let scaled = seconds
  while (Math.abs(scaled) > MS_WATERSHED) scaled /= 1000

  // Python's timedelta rounds to whole microseconds.
  return { ok: true, value: { instantUs: Math.round(scaled * 1e6), zoned: false } }
}

function parseIsoString(text: string): DatetimeParseResult {
  const match = DATETIME_PATTERN.exec(text)
  if (!match) return INVALID_FORMAT

  const [, year, month, day, hour, minute, second, fraction, zone] = match
  const parts = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second ?? 0),
  }
  if (!isValidDateTime(parts)) return INVALID_FORMAT

  const offsetMinutes = zone === undefined ? 0 : parseZoneOffset(zone)
  if (offsetMinutes === undefined) return INVALID_FORMAT

  const wallClock = new Date(0)
  wallClock.setUTCFullYear(parts.year, parts.month - 1, parts.day)
  wallClock.setUTCHours(parts.hour, parts.minute, parts.second, 0)
  const microseconds = Number((fraction ?? '').padEnd(6, '0'))
  const instantUs = wallClock.getTime() * 1000 + microseconds - offsetMinutes * 60_000_000

  return { ok: true, value: { instantUs, zoned: zone !== undefined } }
}

// Returns the offset east of UTC in minutes, or `undefined` when Python's `timezone` rejects it
// (24 hours or more).
function parseZoneOffset(zone: string): number | undefined {
  if (zone === 'Z') return 0

  const minutes = zone.length > 3 ? Number(zone.slice(-2)) : 0
  const offset = 60 * Number(zone.slice(1, 3)) + minutes
  if (offset >= 24 * 60) return undefined
  return zone.startsWith('-') ? -offset : offset
}

interface DateTimeParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

function isValidDateTime(parts: DateTimeParts): boolean {
  const { year, month, day, hour, minute, second } = parts
  if (year < 1 || month < 1 || month > 12 || day < 1) return false
  if (day > daysInMonth(year, month)) return false
  return hour <= 23 && minute <= 59 && second <= 59
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
    return leap ? 29 : 28
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}
