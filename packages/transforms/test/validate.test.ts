import { ValidationError } from '@fauna-etl/core'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createValidator, formatPath, validate } from '../src/index.js'

const detailSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  born_at: z.number().int().nullable(),
  friends: z.string(),
})

const validDetail = { id: 12, name: 'Lion', born_at: null, friends: 'Tiger' }

describe('validate', () => {
  it('returns the parsed value', () => {
    expect(validate(detailSchema, validDetail)).toEqual({ ok: true, value: validDetail })
  })

  it('strips unknown keys', () => {
    const result = validate(detailSchema, { ...validDetail, extra: 1 })

    expect(result).toEqual({ ok: true, value: validDetail })
  })

  it.each([
    [
      'born_at as a string',
      { ...validDetail, born_at: '2003-04-05' },
      'Invalid detail of animal 12 from GET /animals/12: born_at: expected number, received string',
    ],
    [
      'friends as null',
      { ...validDetail, friends: null },
      'Invalid detail of animal 12 from GET /animals/12: friends: expected string, received null',
    ],
    [
      'a non-object body',
      'Internal Server Error',
      'Invalid detail of animal 12 from GET /animals/12: (root): expected object, received string',
    ],
    [
      'four missing fields',
      {},
      'Invalid detail of animal 12 from GET /animals/12: id: expected number, received undefined; name: expected string, received undefined; born_at: expected number, received undefined; and 1 more issue',
    ],
  ])('names %s', (_case, value, message) => {
    const result = validate(detailSchema, value, 'detail of animal 12 from GET /animals/12')

    expect(result.ok).toBe(false)
    expect(result.ok ? undefined : result.error.message).toBe(message)
  })

  it('maps every zod issue', () => {
    const result = validate(detailSchema, {})

    expect(result.ok ? undefined : result.error).toBeInstanceOf(ValidationError)
    expect(result.ok ? [] : result.error.issues.map((issue) => issue.path)).toEqual([
      ['id'],
      ['name'],
      ['born_at'],
      ['friends'],
    ])
  })

  it('keeps the zod error as cause', () => {
    const result = validate(detailSchema, null)

    expect(result.ok ? undefined : result.error.cause).toBeInstanceOf(z.ZodError)
  })
})

describe('createValidator', () => {
  it('uses the bound context', () => {
    const check = createValidator(detailSchema, 'animal detail')

    const result = check({ ...validDetail, id: 'x' })

    expect(result.ok ? '' : result.error.message).toMatch(/^Invalid animal detail: id:/)
  })

  it('overrides the context per call', () => {
    const check = createValidator(detailSchema, 'animal detail')

    const result = check({ ...validDetail, id: 'x' }, 'detail of animal 7')

    expect(result.ok ? '' : result.error.message).toMatch(/^Invalid detail of animal 7: id:/)
  })
})

describe('formatPath', () => {
  it.each([
    [[], '(root)'],
    [['born_at'], 'born_at'],
    [['items', 3, 'born_at'], 'items[3].born_at'],
    [[0], '[0]'],
  ])('formats %j', (path, expected) => {
    expect(formatPath(path)).toBe(expected)
  })
})
