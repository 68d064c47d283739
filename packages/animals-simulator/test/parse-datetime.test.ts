import { describe, expect, it } from 'vitest'
import { parseDatetime } from '../src/parse-datetime.js'

const US = 1000
const INSTANT_MS = Date.UTC(2003, 3, 5, 6, 7, 8, 9)

describe('parseDatetime', () => {
  it.each([
    ['2003-04-05T06:07:08.009Z', INSTANT_MS * US, true],
    ['2003-04-05T06:07:08.009000Z', INSTANT_MS * US, true],
    ['2003-04-05T08:07:08.009+02:00', INSTANT_MS * US, true],
    ['2003-04-05T05:07:08.009-0100', INSTANT_MS * US, true],
    ['2003-04-05T06:07:08.009+00', INSTANT_MS * US, true],
    ['2003-04-05 06:07:08.009Z', INSTANT_MS * US, true],
    ['2003-04-05T06:07:08.0091234Z', INSTANT_MS * US + 123, true],
    ['2003-04-05T06:07:08.009', INSTANT_MS * US, false],
    ['2003-4-5T6:7', Date.UTC(2003, 3, 5, 6, 7) * US, false],
  ])('parses %s', (text, instantUs, zoned) => {
    expect(parseDatetime(text)).toEqual({ ok: true, value: { instantUs, zoned } })
  })

  it.each([
    [1_049_522_828, 1_049_522_828_000_000],
    [1_049_522_828_009, INSTANT_MS * US],
    ['1049522828', 1_049_522_828_000_000],
    [' 1_049_522_828.5 ', 1_049_522_828_500_000],
    [true, 1_000_000],
  ])('reads %j as Unix time', (value, instantUs) => {
    expect(parseDatetime(value)).toEqual({ ok: true, value: { instantUs, zoned: false } })
  })

  it.each([
    'yesterday',
    '2003-04-05',
    '2003-04-05T06:07:08.009Zjunk',
    '2003-02-29T00:00:00Z',
    '2003-13-01T00:00:00Z',
    '2003-04-05T24:00:00Z',
    '2003-04-05T06:07:08+24:00',
    '0000-01-01T00:00:00Z',
  ])('rejects %s', (text) => {
    expect(parseDatetime(text)).toEqual({
      ok: false,
      msg: 'invalid datetime format',
      type: 'value_error.datetime',
    })
  })

  it.each([[{}], [[]]])('rejects %j by type', (value) => {
    expect(parseDatetime(value)).toMatchObject({ ok: false, type: 'type_error' })
  })

  it('keeps a two-digit year', () => {
    const expected = new Date(0)
    expected.setUTCFullYear(99, 0, 1)

    expect(parseDatetime('0099-01-01T00:00:00Z')).toEqual({
      ok: true,
      value: { instantUs: expected.getTime() * US, zoned: true },
    })
  })

  it('accepts a leap day', () => {
    expect(parseDatetime('2004-02-29T00:00:00Z').ok).toBe(true)
  })
})
