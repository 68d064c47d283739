import { FaunaError } from '@fauna-etl/core'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type AnimalsFakeOptions,
  collect,
  createAnimalsSource,
  eventsOfType,
  range,
  recordIds,
  startAnimalsFake,
} from './animals-fake.js'
import type { FaultResponse, FaultServer } from './fault-server.js'

let server: FaultServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

const TOTAL_PAGES = 3
const BAD_ID = 13

// Each case breaks the detail of id 13 in one way. The detail is rejected with a reason and
// every other record still arrives.
const detailCases: [string, (body: Record<string, unknown>) => FaultResponse, RegExp][] = [
  [
    'name of wrong type',
    (body) => ({ json: { ...body, name: 42 } }),
    /name: expected string, received number/,
  ],
  [
    'missing field',
    ({ friends: _, ...body }) => ({ json: body }),
    /friends: expected string, received undefined/,
  ],
  [
    'born_at as a string',
    (body) => ({ json: { ...body, born_at: '2003-04-05T06:07:08Z' } }),
    /born_at: expected number, received string/,
  ],
  [
    'friends as null',
    (body) => ({ json: { ...body, friends: null } }),
    /friends: expected string, received null/,
  ],
  ['array body', (body) => ({ json: [body] }), /\(root\): expected object, received array/],
  ['JSON string body', () => ({ json: 'Sorry!' }), /\(root\): expected object, received string/],
  [
    'HTML with status 200',
    () => ({ text: '<html><body>Maintenance</body></html>', contentType: 'text/html' }),
    /id 13 failed/,
  ],
  ['truncated body', (body) => ({ json: body, truncate: true }), /id 13 failed/],
  [
    'status 404',
    () => ({ status: 404, json: { detail: 'Not Found' } }),
    /returned 404 Not Found: no detail for id 13/,
  ],
  ['status 500', () => ({ status: 500, text: 'Internal Server Error' }), /id 13 failed: .*500/],
]

describe('createRestSource malformed detail', () => {
  it.each(detailCases)('rejects %s', async (_case, breakDetail, reason) => {
    server = await startAnimalsFake({
      totalPages: TOTAL_PAGES,
      detail: (id, body) => (id === BAD_ID ? breakDetail(body) : undefined),
    })

    const events = await collect(createAnimalsSource(server.url).read())
    const rejected = eventsOfType(events, 'rejected')

    expect(rejected.map((event) => event.id)).toEqual([BAD_ID])
    expect(rejected[0]?.reason).toMatch(reason)
    expect(rejected[0]?.origin).toEqual({ url: `/animals/${BAD_ID}`, page: 2, id: BAD_ID })
    expect(rejected[0]?.error).toBeInstanceOf(FaunaError)
    expect(recordIds(events)).toEqual(range(0, 30).filter((id) => id !== BAD_ID))
  })

  it('keeps the raw body of a rejected detail', async () => {
    const broken = { id: BAD_ID, name: 'Lion', born_at: 'yesterday', friends: '' }
    server = await startAnimalsFake({
      totalPages: 1,
      detail: (id) => (id === BAD_ID - 10 ? { json: broken } : undefined),
    })

    const events = await collect(createAnimalsSource(server.url).read())

    expect(eventsOfType(events, 'rejected')[0]?.raw).toEqual(broken)
  })

  it('strips extra detail fields', async () => {
    server = await startAnimalsFake({
      totalPages: 1,
      detail: (_id, body) => ({ json: { ...body, colour: 'red' } }),
    })

    const events = await collect(createAnimalsSource(server.url).read())
    const records = eventsOfType(events, 'record')

    expect(records).toHaveLength(10)
    expect(records.some((event) => 'colour' in (event.record as object))).toBe(false)
  })
})

// Each case breaks listing page 2 or one of its items.
const listingCases: [
  string,
  AnimalsFakeOptions['page'],
  { id: number | undefined; reason: RegExp; missing: number[] },
][] = [
  [
    'items as null',
    (page, body) => (page === 2 ? { json: { ...body, items: null } } : undefined),
    { id: undefined, reason: /items must be an array, got null/, missing: range(10, 20) },
  ],
  [
    'body as an array',
    (page, body) => (page === 2 ? { json: body.items } : undefined),
    { id: undefined, reason: /page 2 .*items must be an array/, missing: range(10, 20) },
  ],
  [
    'HTML with status 200',
    (page) => (page === 2 ? { text: '<html></html>', contentType: 'text/html' } : undefined),
    {
      id: undefined,
      reason: /Reading page 2 from GET \/animals\?page=2 failed/,
      missing: range(10, 20),
    },
  ],
  [
    'truncated body',
    (page, body) => (page === 2 ? { json: body, truncate: true } : undefined),
    { id: undefined, reason: /Reading page 2 .* failed/, missing: range(10, 20) },
  ],
  [
    'status 503',
    (page) => (page === 2 ? { status: 503, text: 'Sorry!' } : undefined),
    { id: undefined, reason: /Reading page 2 .* failed: .*503/, missing: range(10, 20) },
  ],
  [
    'item born_at as a string',
    (page, body) =>
      page === 2
        ? {
            json: {
              ...body,
              items: body.items.map((item, index) =>
                index === 5 ? { ...(item as object), born_at: '1999' } : item,
              ),
            },
          }
        : undefined,
    {
      id: 15,
      reason: /item 5 of page 2 .*born_at: expected number, received string/,
      missing: [15],
    },
  ],
  [
    'item without id',
    (page, body) =>
      page === 2
        ? {
            json: {
              ...body,
              items: body.items.map((item, index) =>
                index === 0 ? { name: 'Lion', born_at: null } : item,
              ),
            },
          }
        : undefined,
    {
      id: undefined,
      reason: /item 0 of page 2 .*id: expected number, received undefined/,
      missing: [10],
    },
  ],
]

describe('createRestSource malformed listing', () => {
  it.each(listingCases)('rejects %s', async (_case, breakPage, expected) => {
    server = await startAnimalsFake({ totalPages: TOTAL_PAGES, page: breakPage })

    const events = await collect(createAnimalsSource(server.url).read())
    const rejected = eventsOfType(events, 'rejected')

    expect(rejected.map((event) => event.id)).toEqual([expected.id])
    expect(rejected[0]?.reason).toMatch(expected.reason)
    expect(rejected[0]?.origin).toMatchObject({ url: '/animals?page=2', page: 2 })
    expect(recordIds(events)).toEqual(range(0, 30).filter((id) => !expected.missing.includes(id)))
  })

  it('lists a failed page without ids', async () => {
    server = await startAnimalsFake({
      totalPages: TOTAL_PAGES,
      page: (page) => (page === 2 ? { status: 503, text: 'Sorry!' } : undefined),
    })

    const events = await collect(createAnimalsSource(server.url).read())
    const pages = eventsOfType(events, 'page')

    expect(pages.map((event) => event.position)).toEqual([1, 2, 3, 4])
    expect(pages[1]).toMatchObject({ position: 2, next: 3, ids: [] })
  })

  it('keeps the raw item of a rejected item', async () => {
    const broken = { id: 3, name: null, born_at: null }
    server = await startAnimalsFake({
      totalPages: 1,
      page: (_page, body) => ({ json: { ...body, items: [...body.items.slice(0, 3), broken] } }),
    })

    const events = await collect(createAnimalsSource(server.url).read())
    const rejected = eventsOfType(events, 'rejected')

    expect(rejected[0]?.raw).toEqual(broken)
    expect(rejected[0]?.origin).toEqual({ url: '/animals?page=1', page: 1, id: 3 })
  })
})
