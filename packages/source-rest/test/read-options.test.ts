import { AbortError } from '@fauna-etl/core'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createRestSource, type RestSourceOptions } from '../src/index.js'
import {
  collect,
  countRequests,
  createAnimalsSource,
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

describe('createRestSource read options', () => {
  it('skips ids that shouldFetch declines', async () => {
    server = await startAnimalsFake({ totalPages: 3 })
    const loaded = new Set(range(0, 15))

    const events = await collect(
      createAnimalsSource(server.url).read({ shouldFetch: (id) => !loaded.has(id as number) }),
    )

    expect(recordIds(events)).toEqual(range(15, 30))
    expect(server.requests.filter((path) => /\/animals\/\d+$/.test(path))).toHaveLength(15)
  })

  it('skips declined invalid items', async () => {
    server = await startAnimalsFake({
      totalPages: 1,
      page: (_page, body) => ({ json: { ...body, items: [{ id: 3, name: null }] } }),
    })

    const events = await collect(createAnimalsSource(server.url).read({ shouldFetch: () => false }))

    expect(eventsOfType(events, 'rejected')).toEqual([])
  })

  it('starts at a page number', async () => {
    server = await startAnimalsFake({ totalPages: 5 })

    const events = await collect(createAnimalsSource(server.url).read({ startAt: 4 }))

    expect(pagePositions(events)).toEqual([4, 5, 6])
    expect(recordIds(events)).toEqual(range(30, 50))
    expect(server.requests).not.toContain('/animals?page=1')
  })

  it('aborts a waiting consumer promptly', async () => {
    server = await startAnimalsFake({
      totalPages: 2,
      detail: (_id, body) => ({ json: body, delayMs: 10_000 }),
    })
    const controller = new AbortController()
    const events = createAnimalsSource(server.url).read({ signal: controller.signal })
    const iterator = events[Symbol.asyncIterator]()
    await iterator.next()

    const pending = iterator.next().then(
      () => iterator.next(),
      (error: unknown) => Promise.reject(error),
    )
    setTimeout(() => controller.abort(), 50)
    const startedAt = Date.now()

    await expect(pending).rejects.toBeInstanceOf(AbortError)
    expect(Date.now() - startedAt).toBeLessThan(1_000)
  })

  it('rejects an aborted signal at once', async () => {
    server = await startAnimalsFake({ totalPages: 1 })

    const events = createAnimalsSource(server.url).read({ signal: AbortSignal.abort() })

    await expect(collect(events)).rejects.toBeInstanceOf(AbortError)
    expect(server.requests).toEqual([])
  })

  it('stops requesting after break', async () => {
    server = await startAnimalsFake({ totalPages: 200 })
    const counted = countRequests(createTestClient(server.url))

    for await (const event of createAnimalsSource(server.url, counted).read()) {
      if (event.type === 'record') break
    }
    const countAtBreak = counted.count()
    await new Promise((resolve) => setTimeout(resolve, 100))

    expect(counted.count()).toBe(countAtBreak)
    expect(countAtBreak).toBeLessThan(100)
  })

  it('ends the read when toRecord has a bug', async () => {
    server = await startAnimalsFake({ totalPages: 1 })
    const source = createRestSource({
      name: 'animals',
      client: createTestClient(server.url),
      pagination: { type: 'page-number', url: '/animals?page={page}' },
      schemas: { item: z.object({ id: z.number() }) },
      toRecord: () => {
        throw new RangeError('bug in toRecord')
      },
    })

    await expect(collect(source.read())).rejects.toThrow('bug in toRecord')
  })

  it.each([
    ['startAt below firstPage', { startAt: 0 }, /startAt must be a page number from 1 up, got 0/],
    ['startAt as a string', { startAt: 'b' }, /startAt must be a page number/],
    ['shouldFetch not a function', { shouldFetch: true }, /shouldFetch must be a function/],
  ])('rejects read option %s', async (_case, readOptions, message) => {
    server = await startAnimalsFake({ totalPages: 1 })
    const source = createAnimalsSource(server.url)

    expect(() => source.read(readOptions as never)).toThrow(message)
  })
})

describe('createRestSource options', () => {
  const client = createTestClient('http://127.0.0.1:1')
  const valid: RestSourceOptions<{ id: number }, { id: number }, unknown> = {
    name: 'animals',
    client,
    pagination: { type: 'page-number', url: '/animals?page={page}' },
    schemas: { item: z.object({ id: z.number() }), detail: z.object({ id: z.number() }) },
    detail: { url: '/animals/{id}' },
  }

  it.each([
    ['empty name', { name: '' }, /Option name must be a non-empty string, got ""/],
    ['client without get', { client: {} }, /Option client must be an HttpClient/],
    [
      'unknown pagination',
      { pagination: { type: 'offset' } },
      /pagination.type must be "page-number" or "cursor", got "offset"/,
    ],
    [
      'url without {page}',
      { pagination: { type: 'page-number', url: '/animals' } },
      /pagination.url must contain \{page\}/,
    ],
    [
      'zero concurrency',
      { pagination: { type: 'page-number', url: '/a?p={page}', concurrency: 0 } },
      /pagination.concurrency must be a positive integer, got 0/,
    ],
    [
      'window below concurrency',
      { pagination: { type: 'page-number', url: '/a?p={page}', concurrency: 8, window: 4 } },
      /pagination.window must be at least pagination.concurrency \(8\), got 4/,
    ],
    [
      'cursor without firstUrl',
      { pagination: { type: 'cursor' } },
      /pagination.firstUrl must be a non-empty string/,
    ],
    [
      'cursor url without {cursor}',
      { pagination: { type: 'cursor', firstUrl: '/a', url: '/a?after=' } },
      /pagination.url must contain \{cursor\}/,
    ],
    ['item schema missing', { schemas: {} }, /schemas.item must be a zod schema/],
    [
      'detail without its schema',
      { schemas: { item: z.object({ id: z.number() }) } },
      /schemas.detail is required when option detail is set/,
    ],
    ['detail url without {id}', { detail: { url: '/animals/' } }, /detail.url must contain \{id\}/],
    [
      'fractional detail concurrency',
      { detail: { url: '/a/{id}', concurrency: 1.5 } },
      /detail.concurrency must be a positive integer, got 1.5/,
    ],
    ['zero bufferSize', { bufferSize: 0 }, /bufferSize must be a positive integer/],
    ['idOf not a function', { idOf: 'id' }, /idOf must be a function, got "id"/],
  ])('rejects %s', (_case, override, message) => {
    const options = { ...valid, ...override } as typeof valid

    expect(() => createRestSource(options)).toThrow(TypeError)
    expect(() => createRestSource(options)).toThrow(message)
  })
})
