import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { type CursorPagination, createRestSource } from '../src/index.js'
import { collect, eventsOfType, pagePositions, range, recordIds } from './animals-fake.js'
import { type FaultResponse, type FaultServer, startFaultServer } from './fault-server.js'
import { createTestClient } from './test-client.js'

let server: FaultServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Builds a cursor page with items of ids `ids` and the next cursor `next`. */
function cursorPage(ids: number[], next: string | null): FaultResponse {
  return { json: { data: ids.map((id) => ({ id, title: `Thing ${id}` })), next } }
}

/** Serves `/things` as the first page and `/things?after=<cursor>` from `pages`. */
async function startCursorServer(pages: Record<string, FaultResponse>): Promise<FaultServer> {
  return startFaultServer((path) => {
    const cursor = path === '/things' ? '' : new URL(path, 'http://x').searchParams.get('after')
    return pages[cursor ?? ''] ?? { status: 404, json: { detail: 'Not Found' } }
  })
}

function createThingsSource(url: string, pagination: Partial<CursorPagination> = {}) {
  return createRestSource({
    name: 'things',
    client: createTestClient(url),
    pagination: {
      type: 'cursor',
      firstUrl: '/things',
      url: '/things?after={cursor}',
      itemsField: 'data',
      ...pagination,
    },
    schemas: { item: z.object({ id: z.number(), title: z.string() }) },
  })
}

describe('createRestSource cursor listing', () => {
  it('follows cursors to the end', async () => {
    server = await startCursorServer({
      '': cursorPage(range(0, 3), 'b'),
      b: cursorPage(range(3, 6), 'c'),
      c: cursorPage(range(6, 8), null),
    })

    const events = await collect(createThingsSource(server.url).read())
    const pages = eventsOfType(events, 'page')

    expect(pages.map((event) => [event.position, event.next])).toEqual([
      [null, 'b'],
      ['b', 'c'],
      ['c', null],
    ])
    expect(recordIds(events)).toEqual(range(0, 8))
    expect(eventsOfType(events, 'anomaly')).toEqual([])
  })

  it('yields the listing item as record', async () => {
    server = await startCursorServer({ '': cursorPage([4], null) })

    const events = await collect(createThingsSource(server.url).read())

    expect(eventsOfType(events, 'record')[0]).toEqual({
      type: 'record',
      id: 4,
      record: { id: 4, title: 'Thing 4' },
      origin: { url: '/things', id: 4 },
    })
  })

  it.each([
    ['missing next', { json: { data: [{ id: 1, title: 'a' }] } }],
    ['empty next', { json: { data: [{ id: 1, title: 'a' }], next: '' } }],
  ])('ends at %s', async (_case, lastPage) => {
    server = await startCursorServer({ '': cursorPage([0], 'b'), b: lastPage })

    const events = await collect(createThingsSource(server.url).read())

    expect(pagePositions(events)).toEqual([null, 'b'])
    expect(server.requests).toHaveLength(2)
  })

  it('stops at a repeating cursor', async () => {
    server = await startCursorServer({
      '': cursorPage(range(0, 2), 'b'),
      b: cursorPage(range(2, 4), 'c'),
      c: cursorPage(range(4, 6), 'b'),
    })

    const events = await collect(createThingsSource(server.url).read())
    const anomalies = eventsOfType(events, 'anomaly')

    expect(anomalies.map((event) => [event.code, event.page])).toEqual([['repeated-page', 'c']])
    expect(anomalies[0]?.message).toMatch(/next cursor "b", which was already read/)
    expect(eventsOfType(events, 'page').at(-1)?.next).toBeNull()
    expect(recordIds(events)).toEqual(range(0, 6))
    expect(server.requests).toEqual(['/things', '/things?after=b', '/things?after=c'])
  })

  it('stops at a page repeated under new cursors', async () => {
    server = await startFaultServer((path) =>
      cursorPage(range(0, 3), `token-${server?.requests.length ?? 0}-${path.length}`),
    )

    const events = await collect(createThingsSource(server.url).read())

    expect(eventsOfType(events, 'anomaly').map((event) => event.code)).toEqual(['repeated-page'])
    expect(pagePositions(events)).toHaveLength(2)
    expect(eventsOfType(events, 'page').at(-1)?.next).toBeNull()
    expect(recordIds(events)).toEqual(range(0, 3))
  })

  it('follows next as a URL', async () => {
    server = await startFaultServer((path) =>
      path === '/things'
        ? { json: { data: [{ id: 1, title: 'a' }], links: { next: '/more?p=2' } } }
        : { json: { data: [{ id: 2, title: 'b' }], links: { next: null } } },
    )
    const source = createThingsSource(server.url, { url: undefined, nextField: 'links.next' })

    const events = await collect(source.read())

    expect(server.requests).toEqual(['/things', '/more?p=2'])
    expect(recordIds(events)).toEqual([1, 2])
  })

  it('starts at a cursor', async () => {
    server = await startCursorServer({
      '': cursorPage(range(0, 3), 'b'),
      b: cursorPage(range(3, 6), null),
    })

    const events = await collect(createThingsSource(server.url).read({ startAt: 'b' }))

    expect(server.requests).toEqual(['/things?after=b'])
    expect(recordIds(events)).toEqual(range(3, 6))
  })

  it('rejects a failed page and stops', async () => {
    server = await startCursorServer({
      '': cursorPage(range(0, 3), 'b'),
      b: { status: 502, text: 'Bad Gateway' },
    })

    const events = await collect(createThingsSource(server.url).read())
    const rejected = eventsOfType(events, 'rejected')

    expect(rejected.map((event) => event.origin)).toEqual([{ url: '/things?after=b', page: 'b' }])
    expect(rejected[0]?.reason).toMatch(/Reading the page at cursor "b" .* failed/)
    expect(recordIds(events)).toEqual(range(0, 3))
  })

  it('reports an empty page mid-listing', async () => {
    server = await startCursorServer({
      '': cursorPage([], 'b'),
      b: cursorPage([1], null),
    })

    const events = await collect(createThingsSource(server.url).read())

    expect(eventsOfType(events, 'anomaly').map((event) => event.code)).toEqual(['empty-page'])
    expect(recordIds(events)).toEqual([1])
  })
})
