import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AnimalsSimulator, startAnimalsSimulator } from '../src/index.js'
import { readJson } from './helpers.js'

let simulator: AnimalsSimulator

beforeAll(async () => {
  simulator = await startAnimalsSimulator({ seed: 5, pages: 50, chaosRate: 0 })
})

afterAll(async () => {
  await simulator.close()
})

async function getListing(query: string) {
  const response = await fetch(`${simulator.url}/animals/v1/animals${query}`)
  return { status: response.status, body: await readJson(response) }
}

describe('GET /', () => {
  it('returns the JSON string Hello!', async () => {
    const response = await fetch(`${simulator.url}/`)

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await readJson(response)).toBe('Hello!')
  })
})

describe('GET /animals/v1/animals', () => {
  it('lists page 2 with ids 10 to 19', async () => {
    const { status, body } = await getListing('?page=2')

    expect(status).toBe(200)
    expect(body.page).toBe(2)
    expect(body.total_pages).toBe(50)
    expect(body.items.map((item: { id: number }) => item.id)).toEqual([
      10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ])
  })

  it('lists items without friends', async () => {
    const { body } = await getListing('?page=3')

    expect(Object.keys(body)).toEqual(['page', 'total_pages', 'items'])
    expect(Object.keys(body.items[0])).toEqual(['id', 'name', 'born_at'])
    expect(body.items).toEqual(simulator.dataset.listing(3))
  })

  it('defaults to page 1', async () => {
    const { body } = await getListing('')

    expect(body.page).toBe(1)
    expect(body.items[0].id).toBe(0)
  })

  it('fills the last page', async () => {
    const { body } = await getListing('?page=50')

    expect(body.items).toHaveLength(10)
    expect(body.items.at(-1).id).toBe(499)
  })

  it.each(['51', '1000', '100000000000000000000000'])(
    'lists nothing past the end at %s',
    async (page) => {
      const response = await fetch(`${simulator.url}/animals/v1/animals?page=${page}`)
      const text = await response.text()

      expect(response.status).toBe(200)
      expect(text).toBe(`{"page":${page},"total_pages":50,"items":[]}`)
    },
  )

  it('lists nothing for page 0', async () => {
    const { status, body } = await getListing('?page=0')

    expect(status).toBe(200)
    expect(body.items).toEqual([])
  })

  it('counts page -1 from the end', async () => {
    const { body } = await getListing('?page=-1')

    expect(body.page).toBe(-1)
    expect(body.items.map((item: { id: number }) => item.id)).toEqual([
      480, 481, 482, 483, 484, 485, 486, 487, 488, 489,
    ])
  })

  it('lists nothing for a page before the start', async () => {
    const { body } = await getListing('?page=-60')

    expect(body.items).toEqual([])
  })

  it.each([
    ['+3', 3],
    ['%203%20', 3],
    ['1_0', 10],
  ])('parses page %s like Python int()', async (page, expected) => {
    const { body } = await getListing(`?page=${page}`)

    expect(body.page).toBe(expected)
  })

  it.each(['x', '1.5', '', '1e3'])('rejects page %j with 422', async (page) => {
    const { status, body } = await getListing(`?page=${page}`)

    expect(status).toBe(422)
    expect(body).toEqual({
      detail: [
        { loc: ['query', 'page'], msg: 'value is not a valid integer', type: 'type_error.integer' },
      ],
    })
  })
})

describe('GET /animals/v1/animals/{animal_id}', () => {
  it('returns the animal with friends', async () => {
    const response = await fetch(`${simulator.url}/animals/v1/animals/42`)
    const body = await readJson(response)

    expect(response.status).toBe(200)
    expect(Object.keys(body)).toEqual(['id', 'name', 'born_at', 'friends'])
    expect(body).toEqual(simulator.dataset.detail(42))
  })

  it('counts id -1 from the end', async () => {
    const response = await fetch(`${simulator.url}/animals/v1/animals/-1`)

    expect(await readJson(response)).toEqual(simulator.dataset.detail(499))
  })

  it.each(['500', '-501', '99999999999999999999'])('answers 500 text for id %s', async (id) => {
    const response = await fetch(`${simulator.url}/animals/v1/animals/${id}`)

    expect(response.status).toBe(500)
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await response.text()).toBe('Internal Server Error')
  })

  it.each(['abc', '1.0'])('rejects id %s with 422', async (id) => {
    const response = await fetch(`${simulator.url}/animals/v1/animals/${id}`)

    expect(response.status).toBe(422)
    expect(await readJson(response)).toEqual({
      detail: [
        {
          loc: ['path', 'animal_id'],
          msg: 'value is not a valid integer',
          type: 'type_error.integer',
        },
      ],
    })
  })
})

describe('other routes', () => {
  it('describes every endpoint in openapi.json', async () => {
    const response = await fetch(`${simulator.url}/openapi.json`)
    const document = await readJson(response)

    expect(document.openapi).toMatch(/^3\.0\./)
    expect(Object.keys(document.paths)).toEqual([
      '/',
      '/animals/v1/animals',
      '/animals/v1/animals/{animal_id}',
      '/animals/v1/home',
      '/_simulator/report',
    ])
  })

  it('serves an HTML page at /docs', async () => {
    const response = await fetch(`${simulator.url}/docs`)

    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await response.text()).toContain('/openapi.json')
  })

  it('answers 404 for an unknown path', async () => {
    const response = await fetch(`${simulator.url}/animals/v2/animals`)

    expect(response.status).toBe(404)
    expect(await readJson(response)).toEqual({ detail: 'Not Found' })
  })

  it('answers 405 for a wrong method', async () => {
    const response = await fetch(`${simulator.url}/animals/v1/home`)

    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })

  it('redirects a trailing slash', async () => {
    const response = await fetch(`${simulator.url}/animals/v1/animals/?page=2`, {
      redirect: 'manual',
    })

    expect(response.status).toBe(307)
    expect(response.headers.get('location')).toBe('/animals/v1/animals?page=2')
  })
})
