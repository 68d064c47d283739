import { describe, expect, it } from 'vitest'
import { convertUnit, renameFields } from '../src/index.js'

describe('convertUnit', () => {
  it.each([
    ['seconds to ms', 12, 1000, 12000],
    ['null stays null', null, 1000, null],
    ['zero', 0, 0.001, 0],
    ['negative value', -2.5, 2, -5],
  ])('converts %s', (_case, value, factor, expected) => {
    expect(convertUnit(value, factor)).toBe(expected)
  })

  it.each([
    ['NaN value', Number.NaN, 1],
    ['string value', '3' as unknown as number, 1],
    ['infinite factor', 1, Number.POSITIVE_INFINITY],
  ])('rejects %s', (_case, value, factor) => {
    expect(() => convertUnit(value, factor)).toThrow(TypeError)
  })
})

describe('renameFields', () => {
  it.each([
    ['one field', { a: 1, b: 2 }, { a: 'x' }, { x: 1, b: 2 }],
    ['absent field skipped', { a: 1 }, { z: 'x' }, { a: 1 }],
    ['swapped fields', { a: 1, b: 2 }, { a: 'b', b: 'a' }, { a: 2, b: 1 }],
    ['undefined value kept', { a: undefined }, { a: 'x' }, { x: undefined }],
  ])('renames %s', (_case, record, renames, expected) => {
    expect(renameFields(record, renames)).toStrictEqual(expected)
  })

  it('rejects a taken name', () => {
    expect(() => renameFields({ a: 1, x: 2 }, { a: 'x' })).toThrow(/already has a field "x"/)
  })

  it('rejects two fields to one name', () => {
    expect(() => renameFields({ a: 1, b: 2 }, { a: 'x', b: 'x' })).toThrow(TypeError)
  })
})
