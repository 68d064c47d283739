import { describe, expect, it } from 'vitest'
import { findRejectedIndexes, parseBatchLimit } from '../src/index.js'

describe('findRejectedIndexes', () => {
  it.each([
    ['one item field', [{ loc: ['body', 3, 'born_at'] }], [3]],
    [
      'sorted without repeats',
      [{ loc: ['body', 7, 'name'] }, { loc: ['body', 2, 'id'] }, { loc: ['body', 7, 'friends'] }],
      [2, 7],
    ],
    ['whole body', [{ loc: ['body'], msg: 'Input should be a valid list' }], []],
    ['query parameter', [{ loc: ['query', 'page'] }], []],
    ['whole response body', { detail: [{ loc: ['body', 0, 'id'] }] }, [0]],
    ['string detail', 'Sorry, only 100 animals at a time', []],
    ['null', null, []],
    ['entries without loc', [null, 4, { msg: 'x' }], []],
    ['errors list', { errors: [{ index: 3, field: 'height_m', message: 'x' }] }, [3]],
    [
      'errors sorted without repeats',
      { errors: [{ index: 9 }, { index: 1 }, { index: 9, field: 'name' }] },
      [1, 9],
    ],
    ['errors about the body', { errors: [{ index: null, field: 'plants' }] }, []],
    ['errors array itself', [{ index: 4, field: 'id' }], [4]],
    ['negative or fractional index', { errors: [{ index: -1 }, { index: 1.5 }] }, []],
    ['errors that is not a list', { errors: 'invalid' }, []],
  ])('reads %s', (_case, detail, expected) => {
    expect(findRejectedIndexes(detail)).toEqual(expected)
  })
})

describe('parseBatchLimit', () => {
  it.each([
    ['Sorry, only 100 animals at a time', 100],
    ['Send at most 50 items', 50],
    ['maximum batch size is 25', 25],
    ['limit: 10', 10],
    ['Payload Too Large', undefined],
  ])('reads %j', (text, expected) => {
    expect(parseBatchLimit(text)).toBe(expected)
  })
})
