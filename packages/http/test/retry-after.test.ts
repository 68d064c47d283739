import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from '../src/index.js'

const NOW = Date.parse('2025-01-01T00:00:00Z')

describe('parseRetryAfter', () => {
  it.each<[string, string | null | undefined, number | undefined]>([
    // delta-seconds
    ['zero seconds', '0', 0],
    ['whole seconds', '120', 120_000],
    ['padded seconds', ' 5 ', 5_000],
    // HTTP dates
    ['IMF-fixdate', 'Wed, 01 Jan 2025 00:00:30 GMT', 30_000],
    ['obsolete RFC 850 date', 'Wednesday, 01-Jan-25 00:01:00 GMT', 60_000],
    ['date in the past', 'Tue, 31 Dec 2024 23:59:00 GMT', 0],
    // invalid
    ['missing header', null, undefined],
    ['undefined', undefined, undefined],
    ['negative seconds', '-5', undefined],
    ['fractional seconds', '1.5', undefined],
    ['garbage', 'soon', undefined],
    ['empty', '', undefined],
  ])('%s', (_case, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected)
  })
})
