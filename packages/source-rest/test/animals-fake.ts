import type { HttpClient, ListingPosition, SourceEvent } from '@fauna-etl/core'
import { z } from 'zod'
import { createRestSource, type PageNumberPagination } from '../src/index.js'
import { type FaultResponse, type FaultServer, startFaultServer } from './fault-server.js'
import { createTestClient } from './test-client.js'

export const listedAnimalSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  born_at: z.number().int().nullable(),
})

export const animalDetailSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  born_at: z.number().int().nullable(),
  friends: z.string(),
})

export type AnimalDetail = z.infer<typeof animalDetailSchema>

export const PAGE_SIZE = 10

/** The detail that the fake server returns for `id` unless a test overrides it. */
export function detailOf(id: number): AnimalDetail {
  return {
    id,
    name: `Animal ${id}`,
    born_at: id % 3 === 0 ? null : 536457600000 + id,
    friends: id % 6 === 0 ? '' : 'Red panda,Lion',
  }
}

export interface AnimalsFakeOptions {
  totalPages: number
  /** Returns a replacement for the default page body, or `undefined` to keep it. */
  page?: (page: number, body: PageBody) => FaultResponse | undefined
  /** Returns a replacement for the default detail, or `undefined` to keep it. */
  detail?: (id: number, body: AnimalDetail) => FaultResponse | undefined
}

export interface PageBody {
  page: number
  total_pages: number
  items: unknown[]
}

/**
 * Starts a server that serves an animals listing with `totalPages` full pages of ids from 0
 * (page p lists ids 10(p-1) to 10p-1), empty pages past the end, and a detail for any id.
 */
export async function startAnimalsFake(options: AnimalsFakeOptions): Promise<FaultServer> {
  return startFaultServer(
    (path) => {
      const listing = /^\/animals\?page=(-?\d+)$/.exec(path)
      if (listing) {
        const page = Number(listing[1])
        const body = defaultPage(page, options.totalPages)
        return options.page?.(page, body) ?? { json: body }
      }

      const detail = /^\/animals\/(\d+)$/.exec(path)
      if (detail) {
        const id = Number(detail[1])
        return options.detail?.(id, detailOf(id)) ?? { json: detailOf(id) }
      }

      return { status: 404, json: { detail: 'Not Found' } }
    },
    (path) => (path.includes('?page=') ? 'list' : 'detail'),
  )
}

export function defaultPage(page: number, totalPages: number): PageBody {
  const items =
    page >= 1 && page <= totalPages
      ? Array.from({ length: PAGE_SIZE }, (_, index) => {
          const { id, name, born_at } = detailOf((page - 1) * PAGE_SIZE + index)
          return { id, name, born_at }
        })
      : []
  return { page, total_pages: totalPages, items }
}

/** Creates the animals source that the tests read, against the server at `url`. */
export function createAnimalsSource(
  url: string,
  overrides: Partial<Omit<PageNumberPagination, 'type' | 'url'>> & {
    detailConcurrency?: number
    bufferSize?: number
    client?: HttpClient
  } = {},
) {
  const { detailConcurrency, bufferSize, client, ...pagination } = overrides
  return createRestSource({
    name: 'animals',
    client: client ?? createTestClient(url),
    pagination: { type: 'page-number', url: '/animals?page={page}', ...pagination },
    schemas: { item: listedAnimalSchema, detail: animalDetailSchema },
    detail: { url: '/animals/{id}', concurrency: detailConcurrency },
    bufferSize,
  })
}

/** Reads every event of a source. */
export async function collect<T>(events: AsyncIterable<SourceEvent<T>>): Promise<SourceEvent<T>[]> {
  const collected: SourceEvent<T>[] = []
  for await (const event of events) collected.push(event)
  return collected
}

type EventOf<T, K extends SourceEvent<T>['type']> = Extract<SourceEvent<T>, { type: K }>

export function eventsOfType<T, K extends SourceEvent<T>['type']>(
  events: SourceEvent<T>[],
  type: K,
): EventOf<T, K>[] {
  return events.filter((event): event is EventOf<T, K> => event.type === type)
}

/** Ids of the `record` events, sorted. */
export function recordIds<T>(events: SourceEvent<T>[]): (string | number)[] {
  return eventsOfType(events, 'record')
    .map((event) => event.id)
    .sort((a, b) => Number(a) - Number(b))
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, index) => from + index)
}

export function pagePositions<T>(events: SourceEvent<T>[]): ListingPosition[] {
  return eventsOfType(events, 'page').map((event) => event.position)
}

/** Wraps a client to count the requests it was asked to send, at the moment each is called. */
export function countRequests(client: HttpClient): { client: HttpClient; count: () => number } {
  let count = 0
  return {
    client: {
      get: (url, options) => {
        count++
        return client.get(url, options)
      },
      post: (url, body, options) => client.post(url, body, options),
    },
    count: () => count,
  }
}
