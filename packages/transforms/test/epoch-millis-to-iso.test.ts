import { ValidationError } from '@fauna-etl/core'
import { describe, expect, it } from 'vitest'
import { epochMillisToIso } from '../src/index.js'

describe('epochMillisToIso', () => {
  it.each([
    ['born_at null', null, null],
    ['the epoch', 0, '1970-01-01T00:00:00.000Z'],
    ['one ms before epoch', -1, '1969-12-31T23:59:59.999Z'],
    ['millisecond digits', 1049522828009, '2003-04-05T06:07:08.009Z'],
    ['value before 2001', 999999999999, '2001-09-09T01:46:39.999Z'],
    ['value 1e12', 1e12, '2001-09-09T01:46:40.000Z'],
    ['earliest animal', 536457600000, '1987-01-01T00:00:00.000Z'],
    ['negative far past', -62198755200000, '-000001-01-01T00:00:00.000Z'],
    ['earliest Date', -8.64e15, '-271821-04-20T00:00:00.000Z'],
    ['far future', 8.64e15, '+275760-09-13T00:00:00.000Z'],
  ])('converts %s', (_case, value, expected) => {
    expect(epochMillisToIso(value)).toBe(expected)
  })

  it.each([
    ['non-integer', 1.5, '1.5'],
    ['NaN', Number.NaN, 'NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'Infinity'],
    ['past the far future', 8.64e15 + 1, '8640000000000001'],
    ['before the earliest Date', -8.64e15 - 1, '-8640000000000001'],
    ['numeric string', '1000' as unknown as number, '"1000"'],
  ])('rejects %s', (_case, value, named) => {
    expect(() => epochMillisToIso(value)).toThrow(ValidationError)
    expect(() => epochMillisToIso(value)).toThrow(named)
  })

  it('round-trips sampled instants exactly', () => {
    const samples = [1, 7, 999, 536457600001, 1733300000123, -86400001, 4102444800555]

    const parsed = samples.map((value) => Date.parse(epochMillisToIso(value)!))

    expect(parsed).toEqual(samples)
  })
})
