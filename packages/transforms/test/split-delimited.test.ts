import { describe, expect, it } from 'vitest'
import { splitDelimited } from '../src/index.js'

describe('splitDelimited', () => {
  it.each([
    ['empty friends', '', []],
    ['single name', 'Lion', ['Lion']],
    ['two names', 'Lion,Tiger', ['Lion', 'Tiger']],
    ['names with spaces', 'Red panda,Sand Dollar', ['Red panda', 'Sand Dollar']],
    ['own name listed', 'Lion,Tiger,Lion', ['Lion', 'Tiger', 'Lion']],
    ['space after comma kept', 'Lion, Tiger', ['Lion', ' Tiger']],
    ['empty part kept', 'Lion,,Tiger', ['Lion', '', 'Tiger']],
    ['trailing delimiter', 'Lion,', ['Lion', '']],
  ])('splits %s', (_case, value, expected) => {
    expect(splitDelimited(value)).toEqual(expected)
  })

  it('splits on a custom delimiter', () => {
    expect(splitDelimited('a|b,c', '|')).toEqual(['a', 'b,c'])
  })

  it.each([
    ['null value', null, ','],
    ['number value', 12, ','],
    ['empty delimiter', 'a,b', ''],
  ])('rejects %s', (_case, value, delimiter) => {
    expect(() => splitDelimited(value as string, delimiter)).toThrow(TypeError)
  })
})
