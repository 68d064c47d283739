import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AnimalsSimulator, startAnimalsSimulator } from '../src/index.js'
import { postHome, readJson } from './helpers.js'

let simulator: AnimalsSimulator

beforeAll(async () => {
  simulator = await startAnimalsSimulator({
    seed: 8,
    pages: 30,
    chaosRate: 0,
    rejectIds: [13, 14],
  })
})

afterAll(async () => {
  await simulator.close()
})

const animal = (id: number, changes: Record<string, unknown> = {}) => ({
  id,
  name: 'Lion',
  friends: ['Tiger'],
  born_at: '2003-04-05T06:07:08.009Z',
  ...changes,
})

const withoutField = (field: string) => {
  const { [field]: _removed, ...rest }: Record<string, unknown> = animal(1)
  return rest
}

describe('POST /animals/v1/home', () => {
  it('accepts a batch of animals', async () => {
    const response = await postHome(simulator.url, [animal(1), animal(2)])

    expect(response.status).toBe(200)
    expect(await readJson(response)).toEqual({ message: 'Helped 2 find home' })
  })

  it('accepts an empty batch', async () => {
    const response = await postHome(simulator.url, [])

    expect(await readJson(response)).toEqual({ message: 'Helped 0 find home' })
  })

  it.each([
    ['an object body', { id: 1 }, ['body'], 'type_error.list'],
    ['a string item', ['Lion'], ['body', 0], 'type_error.dict'],
    ['a missing id', [withoutField('id')], ['body', 0, 'id'], 'value_error.missing'],
    ['a missing name', [withoutField('name')], ['body', 0, 'name'], 'value_error.missing'],
    ['a missing friends', [withoutField('friends')], ['body', 0, 'friends'], 'value_error.missing'],
    [
      'friends as a string',
      [animal(1, { friends: 'Tiger,Lion' })],
      ['body', 0, 'friends'],
      'type_error.list',
    ],
    [
      'an unparseable born_at',
      [animal(1, { born_at: 'yesterday' })],
      ['body', 0, 'born_at'],
      'value_error.datetime',
    ],
    [
      'a date-only born_at',
      [animal(1, { born_at: '2003-04-05' })],
      ['body', 0, 'born_at'],
      'value_error.datetime',
    ],
    ['a text id', [animal(1, { id: 'one' })], ['body', 0, 'id'], 'type_error.integer'],
    [
      'a null name',
      [animal(1, { name: null })],
      ['body', 0, 'name'],
      'type_error.none.not_allowed',
    ],
    [
      'an object friend',
      [animal(1, { friends: [{}] })],
      ['body', 0, 'friends', 0],
      'type_error.str',
    ],
  ])('rejects %s with 422', async (_case, body, loc, type) => {
    const response = await postHome(simulator.url, body)
    const payload = await readJson(response)

    expect(response.status).toBe(422)
    expect(payload.detail).toHaveLength(1)
    expect(payload.detail[0]).toMatchObject({ loc, type })
    expect(payload.detail[0].msg).toEqual(expect.any(String))
  })

  it('reports every invalid item', async () => {
    const response = await postHome(simulator.url, [
      withoutField('id'),
      animal(2),
      withoutField('name'),
    ])
    const payload = await readJson(response)

    expect(payload.detail.map((issue: { loc: unknown }) => issue.loc)).toEqual([
      ['body', 0, 'id'],
      ['body', 2, 'name'],
    ])
  })

  it('rejects invalid JSON with 422', async () => {
    const response = await postHome(simulator.url, '[{"id": 1,')

    expect(response.status).toBe(422)
    expect((await readJson(response)).detail[0].type).toBe('value_error.jsondecode')
  })

  it('rejects an empty body with 422', async () => {
    const response = await postHome(simulator.url, '')

    expect(response.status).toBe(422)
    expect((await readJson(response)).detail[0]).toMatchObject({
      loc: ['body'],
      type: 'value_error.missing',
    })
  })

  it('rejects 101 animals with 400', async () => {
    const batch = Array.from({ length: 101 }, (_, id) => animal(id + 100))

    const response = await postHome(simulator.url, batch)

    expect(response.status).toBe(400)
    expect(await readJson(response)).toEqual({ detail: 'Sorry, only 100 animals at a time' })
  })

  it('validates items before the batch size', async () => {
    const batch = Array.from({ length: 101 }, (_, id) => animal(id + 100))
    batch[50] = animal(150, { friends: 'Tiger' })

    const response = await postHome(simulator.url, batch)

    expect(response.status).toBe(422)
  })

  it.each([
    ['a naive born_at', { born_at: '2003-04-05T06:07:08' }],
    ['an integer born_at', { born_at: 1049522828009 }],
    ['a numeric string born_at', { born_at: '1049522828' }],
    ['an offset born_at', { born_at: '2003-04-05 08:07+02:00' }],
    ['a null born_at', { born_at: null }],
    ['an empty-string friend', { friends: [''] }],
    ['a text id', { id: '7' }],
    ['a number as name', { name: 12 }],
  ])('accepts %s like the original', async (_case, changes) => {
    const response = await postHome(simulator.url, [animal(7, changes)])

    expect(response.status).toBe(200)
  })

  it('accepts a missing born_at', async () => {
    const response = await postHome(simulator.url, [withoutField('born_at')])

    expect(response.status).toBe(200)
  })

  it('rejects the items of rejectIds with 422', async () => {
    const response = await postHome(simulator.url, [animal(12), animal(13), animal(14)])
    const payload = await readJson(response)

    expect(response.status).toBe(422)
    expect(payload.detail.map((issue: { loc: unknown }) => issue.loc)).toEqual([
      ['body', 1, 'id'],
      ['body', 2, 'id'],
    ])
    expect(payload.detail[0].msg).toContain('13')
  })
})

describe('maxBatchSize', () => {
  it('sets the 400 limit', async () => {
    const small = await startAnimalsSimulator({ pages: 5, chaosRate: 0, maxBatchSize: 2 })

    try {
      const response = await postHome(small.url, [animal(1), animal(2), animal(3)])

      expect(response.status).toBe(400)
      expect(await readJson(response)).toEqual({ detail: 'Sorry, only 2 animals at a time' })
    } finally {
      await small.close()
    }
  })
})
