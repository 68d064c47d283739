import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createRestSource } from '../src/index.js'
import {
  collect,
  createAnimalsSource,
  detailOf,
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

describe('createRestSource page-number listing', () => {
  it('yields every record once', async () => {
    server = await startAnimalsFake({ totalPages: 12 })

    const events = await collect(createAnimalsSource(server.url).read())

    expect(recordIds(events)).toEqual(range(0, 120))
  })

  it('yields detail as the record', async () => {
    server = await startAnimalsFake({ totalPages: 1 })

    const events = await collect(createAnimalsSource(server.url).read())
    const record = eventsOfType(events, 'record').find((event) => event.id === 7)

    expect(record?.record).toEqual(detailOf(7))
    expect(record?.origin).toEqual({ url: '/animals/7', page: 1, id: 7 })
  })

  it('yields pages in order', async () => {
    server = await startAnimalsFake({ totalPages: 12 })

    const events = await collect(createAnimalsSource(server.url).read())

    expect(pagePositions(events)).toEqual(range(1, 14))
  })

  it('describes each page', async () => {
    server = await startAnimalsFake({ totalPages: 3 })

    const events = await collect(createAnimalsSource(server.url).read())
    const pages = eventsOfType(events, 'page')

    expect(pages[1]).toEqual({
      type: 'page',
      position: 2,
      next: 3,
      url: '/animals?page=2',
      ids: range(10, 20),
      totalPages: 3,
    })
    expect(pages[3]).toMatchObject({ position: 4, next: null, ids: [] })
  })

  it('emits a page before its records', async () => {
    server = await startAnimalsFake({ totalPages: 5 })

    const events = await collect(createAnimalsSource(server.url).read())
    const firstIndexOf = (type: string, id: number) =>
      events.findIndex(
        (event) =>
          (type === 'page' && event.type === 'page' && event.ids.includes(id)) ||
          (type === 'record' && event.type === 'record' && event.id === id),
      )

    for (const id of [0, 15, 49]) {
      expect(firstIndexOf('page', id)).toBeLessThan(firstIndexOf('record', id))
    }
  })

  it('reports no anomalies on a clean listing', async () => {
    server = await startAnimalsFake({ totalPages: 5 })

    const events = await collect(createAnimalsSource(server.url).read())

    expect(eventsOfType(events, 'anomaly')).toEqual([])
    expect(eventsOfType(events, 'rejected')).toEqual([])
  })

  it('reads one page past the end', async () => {
    server = await startAnimalsFake({ totalPages: 5 })

    await collect(createAnimalsSource(server.url).read())
    const listed = server.requests.filter((path) => path.includes('?page='))

    expect(listed.sort()).toEqual(
      range(1, 7)
        .map((page) => `/animals?page=${page}`)
        .sort(),
    )
  })

  it.each([
    ['detail requests', 'detail', { detailConcurrency: 3 }, 3],
    ['listing requests', 'list', { concurrency: 2 }, 2],
  ])('bounds concurrent %s', async (_case, group, overrides, limit) => {
    server = await startAnimalsFake({
      totalPages: 20,
      page: (page, body) => (page > 1 ? { json: body, delayMs: 5 } : undefined),
      detail: (_id, body) => ({ json: body, delayMs: 2 }),
    })

    const events = await collect(createAnimalsSource(server.url, overrides).read())

    expect(recordIds(events)).toHaveLength(200)
    expect(server.maxOpen(group)).toBe(limit)
  })

  it('yields listing items without detail', async () => {
    server = await startAnimalsFake({ totalPages: 2 })
    const source = createRestSource({
      name: 'animals-listing',
      client: createTestClient(server.url),
      pagination: { type: 'page-number', url: '/animals?page={page}' },
      schemas: { item: z.object({ id: z.number(), name: z.string() }) },
    })

    const events = await collect(source.read())

    expect(recordIds(events)).toEqual(range(0, 20))
    expect(eventsOfType(events, 'record')[0]?.record).toEqual({ id: 0, name: 'Animal 0' })
    expect(server.requests.some((path) => /\/animals\/\d+$/.test(path))).toBe(false)
  })

  it('combines item and detail with toRecord', async () => {
    server = await startAnimalsFake({ totalPages: 1 })
    const source = createRestSource({
      name: 'animals',
      client: createTestClient(server.url),
      pagination: { type: 'page-number', url: '/animals?page={page}' },
      schemas: {
        item: z.object({ id: z.number(), name: z.string() }),
        detail: z.object({ friends: z.string() }),
      },
      detail: { url: '/animals/{id}' },
      toRecord: (item, detail) => ({ ...item, friends: detail?.friends.split(',') }),
    })

    const events = await collect(source.read())
    const record = eventsOfType(events, 'record').find((event) => event.id === 1)

    expect(record?.record).toEqual({ id: 1, name: 'Animal 1', friends: ['Red panda', 'Lion'] })
  })
})
