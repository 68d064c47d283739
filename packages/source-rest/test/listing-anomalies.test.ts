import type { ListingAnomalyCode } from '@fauna-etl/core'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type AnimalsFakeOptions,
  collect,
  countRequests,
  createAnimalsSource,
  defaultPage,
  eventsOfType,
  pagePositions,
  range,
  recordIds,
  startAnimalsFake,
} from './animals-fake.js'
import type { FaultServer } from './fault-server.js'
import { createTestClient } from './test-client.js'

let server: FaultServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

interface AnomalyCase {
  page: AnimalsFakeOptions['page']
  code: ListingAnomalyCode
  message: RegExp
  /** Pages expected in the page events, in order. */
  pages: number[]
  /** Ids expected as records, in any order. */
  ids: number[]
}

// The listing has 5 pages of 10 ids unless a case changes it. Each case breaks it in one way
// and lists the one anomaly it expects, the pages read and the records yielded.
const anomalyCases: [string, AnomalyCase][] = [
  [
    'empty page before the end',
    {
      page: (page, body) => (page === 3 ? { json: { ...body, items: [] } } : undefined),
      code: 'empty-page',
      message: /Page 3 from GET \/animals\?page=3 is empty, but the listing has 5 pages/,
      pages: range(1, 7),
      ids: [...range(0, 20), ...range(30, 50)],
    },
  ],
  [
    'short page before the end',
    {
      page: (page, body) =>
        page === 2 ? { json: { ...body, items: body.items.slice(0, 4) } } : undefined,
      code: 'short-page',
      message: /Page 2 .* has 4 items, fewer than the 10 of an earlier page/,
      pages: range(1, 7),
      ids: [...range(0, 14), ...range(20, 50)],
    },
  ],
  [
    'total_pages growing',
    {
      page: (page) => (page >= 3 ? { json: defaultPage(page, 7) } : undefined),
      code: 'total-pages-changed',
      message:
        /Page 3 .* reports total_pages 7 where earlier pages reported 5; reading up to page 7/,
      pages: range(1, 9),
      ids: range(0, 70),
    },
  ],
  [
    'total_pages shrinking',
    {
      page: (page) =>
        page === 4 ? { json: { ...defaultPage(page, 5), total_pages: 3 } } : undefined,
      code: 'total-pages-changed',
      message:
        /Page 4 .* reports total_pages 3 where earlier pages reported 5; reading up to page 5/,
      pages: range(1, 7),
      ids: range(0, 50),
    },
  ],
  [
    'same id on two pages',
    {
      page: (page, body) =>
        page === 3
          ? { json: { ...body, items: [defaultPage(2, 5).items[9], ...body.items.slice(1)] } }
          : undefined,
      code: 'duplicate-id',
      message:
        /Page 3 .* lists 1 ids that an earlier page listed \(19\); they were not fetched again/,
      pages: range(1, 7),
      ids: [...range(0, 20), ...range(21, 50)],
    },
  ],
  [
    'page repeating the previous one',
    {
      page: (page) => (page === 3 ? { json: { ...defaultPage(2, 5), page: 3 } } : undefined),
      code: 'repeated-page',
      message: /Page 3 .* repeats the 10 ids of page 2/,
      pages: range(1, 7),
      ids: [...range(0, 20), ...range(30, 50)],
    },
  ],
  [
    'page field naming another page',
    {
      page: (page) => (page === 4 ? { json: defaultPage(1, 5) } : undefined),
      code: 'repeated-page',
      message: /Page 4 .* has page 1 instead of 4/,
      pages: range(1, 7),
      ids: [...range(0, 30), ...range(40, 50)],
    },
  ],
  [
    'items past total_pages',
    {
      page: (page) =>
        page === 6 || page === 7
          ? { json: { ...defaultPage(page, 7), total_pages: 5 } }
          : undefined,
      code: 'items-past-end',
      message: /Page 6 .* has 10 items past the last page 5; reading on until an empty page/,
      pages: range(1, 9),
      ids: range(0, 70),
    },
  ],
]

describe('createRestSource listing anomalies', () => {
  it.each(anomalyCases)('reports %s', async (_case, expected) => {
    server = await startAnimalsFake({ totalPages: 5, page: expected.page })

    const events = await collect(createAnimalsSource(server.url).read())
    const anomalies = eventsOfType(events, 'anomaly')

    expect(anomalies[0]?.code).toBe(expected.code)
    expect(anomalies[0]?.message).toMatch(expected.message)
    expect(pagePositions(events)).toEqual(expected.pages)
    expect(recordIds(events)).toEqual(expected.ids)
    expect(eventsOfType(events, 'rejected')).toEqual([])
  })

  it('fetches a duplicate id once', async () => {
    server = await startAnimalsFake({
      totalPages: 3,
      page: (page, body) =>
        page === 3
          ? { json: { ...body, items: [defaultPage(1, 3).items[0], ...body.items] } }
          : undefined,
    })

    await collect(createAnimalsSource(server.url).read())

    expect(server.requests.filter((path) => path === '/animals/0')).toHaveLength(1)
  })

  it('leaves a duplicate out of page ids', async () => {
    server = await startAnimalsFake({
      totalPages: 3,
      page: (page, body) =>
        page === 3
          ? { json: { ...body, items: [defaultPage(1, 3).items[0], ...body.items] } }
          : undefined,
    })

    const events = await collect(createAnimalsSource(server.url).read())

    expect(eventsOfType(events, 'page')[2]?.ids).toEqual(range(20, 30))
    expect(eventsOfType(events, 'anomaly')[0]?.ids).toEqual([0])
  })

  it('reports each page past the end', async () => {
    server = await startAnimalsFake({
      totalPages: 3,
      page: (page) =>
        page <= 6 ? { json: { ...defaultPage(page, 6), total_pages: 3 } } : undefined,
    })

    const events = await collect(createAnimalsSource(server.url).read())
    const anomalies = eventsOfType(events, 'anomaly')

    expect(anomalies.map((event) => [event.code, event.page])).toEqual([
      ['items-past-end', 4],
      ['items-past-end', 5],
      ['items-past-end', 6],
    ])
  })

  it('caps reading past the end', async () => {
    // Every page has items, so only the cap ends the listing.
    server = await startAnimalsFake({
      totalPages: 2,
      page: (page) => ({ json: { ...defaultPage(page, 10_000), total_pages: 2 } }),
    })
    const source = createAnimalsSource(server.url, { maxPagesPastEnd: 3 })

    const events = await collect(source.read())
    const last = eventsOfType(events, 'anomaly').at(-1)

    expect(pagePositions(events)).toEqual(range(1, 6))
    expect(last?.message).toMatch(/stopped after 3 pages past the end/)
    expect(eventsOfType(events, 'page').at(-1)?.next).toBeNull()
  })

  it('stops at a repeat without page count', async () => {
    // A server that ignores the page number and sends no count would otherwise be read forever.
    server = await startAnimalsFake({
      totalPages: 1,
      page: () => ({ json: { items: defaultPage(1, 1).items } }),
    })
    const source = createAnimalsSource(server.url, { totalPagesField: null, pageField: null })

    const events = await collect(source.read())

    expect(pagePositions(events)).toEqual([1, 2])
    expect(eventsOfType(events, 'anomaly').map((event) => event.code)).toEqual(['repeated-page'])
    expect(eventsOfType(events, 'page').at(-1)?.next).toBeNull()
    expect(recordIds(events)).toEqual(range(0, 10))
  })

  it('reads until empty without page count', async () => {
    server = await startAnimalsFake({
      totalPages: 4,
      page: (_page, body) => ({ json: { items: body.items } }),
    })
    const source = createAnimalsSource(server.url, { totalPagesField: null })

    const events = await collect(source.read())

    expect(pagePositions(events)).toEqual(range(1, 6))
    expect(recordIds(events)).toEqual(range(0, 40))
    expect(server.requests.filter((path) => path.includes('?page='))).toHaveLength(5)
  })

  it('learns the count after a failed first page', async () => {
    server = await startAnimalsFake({
      totalPages: 3,
      page: (page) => (page === 1 ? { status: 503, text: 'Sorry!' } : undefined),
    })

    const events = await collect(createAnimalsSource(server.url).read())

    expect(pagePositions(events)).toEqual(range(1, 5))
    expect(eventsOfType(events, 'rejected').map((event) => event.origin.page)).toEqual([1])
    expect(recordIds(events)).toEqual(range(10, 30))
  })

  it('stops after failures without page count', async () => {
    server = await startAnimalsFake({
      totalPages: 4,
      page: () => ({ status: 503, text: 'Sorry!' }),
    })
    const counted = countRequests(createTestClient(server.url))

    const events = await collect(createAnimalsSource(server.url, counted).read())

    expect(eventsOfType(events, 'rejected').map((event) => event.origin.page)).toEqual([1, 2, 3])
    expect(counted.count()).toBe(3)
  })
})
