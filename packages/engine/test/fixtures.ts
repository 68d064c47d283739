import {
  AbortError,
  BatchTooLargeError,
  type ListingPosition,
  RetryExhaustedError,
  type Sink,
  type SinkWriteContext,
  type Source,
  type SourceEvent,
  ValidationError,
} from '@fauna-etl/core'

export interface Item {
  id: number
  name: string
}

/**
 * Creates an in-process paginated source over a fixed list: pages of `pageSize` with page numbers from 1,
 * honouring `startAt` and `shouldFetch` as a real source does.
 */
export function createListSource(
  items: Item[],
  options: {
    pageSize?: number
    rejectIds?: number[]
    extra?: (page: number) => SourceEvent<Item>[]
  } = {},
): Source<Item> & { fetched: number[] } {
  const pageSize = options.pageSize ?? 10
  const totalPages = Math.ceil(items.length / pageSize)
  const fetched: number[] = []

  return {
    name: 'list',
    fetched,
    async *read(readOptions = {}) {
      const first = typeof readOptions.startAt === 'number' ? readOptions.startAt : 1
      for (let page = first; page <= totalPages; page++) {
        // Like the REST source, reading throws once the signal fires.
        if (readOptions.signal?.aborted) throw new AbortError('reading was aborted')
        const onPage = items.slice((page - 1) * pageSize, page * pageSize)
        const next: ListingPosition = page < totalPages ? page + 1 : null
        yield {
          type: 'page',
          position: page,
          next,
          url: `/items?page=${page}`,
          ids: onPage.map((item) => item.id),
          totalPages,
        }
        for (const event of options.extra?.(page) ?? []) yield event

        for (const item of onPage) {
          if (readOptions.shouldFetch && !readOptions.shouldFetch(item.id)) continue
          await Promise.resolve()
          fetched.push(item.id)
          if (options.rejectIds?.includes(item.id)) {
            yield {
              type: 'rejected',
              id: item.id,
              reason: 'invalid detail',
              raw: item,
              origin: { url: `/items/${item.id}`, page },
              error: new ValidationError('invalid detail'),
            }
            continue
          }
          yield {
            type: 'record',
            id: item.id,
            record: item,
            origin: { url: `/items/${item.id}`, page },
          }
        }
      }
    },
  }
}

export interface MemorySinkOptions {
  maxBatchSize?: number
  idempotent?: boolean
  /** Ids whose presence makes a write fail like a 422 that names their indexes. */
  rejectIds?: number[]
  /** When false, a 422 names no indexes, so the engine must bisect. */
  namesRejected?: boolean
  /** Batches larger than this are rejected as too large. */
  acceptsAtMost?: number
  /** Ids whose batch fails as if retries ran out. */
  failIds?: number[]
  /** Delay of each write in ms. */
  delayMs?: number
}

/** Creates an in-process target that keeps every record it accepted, in order. */
export function createMemorySink(options: MemorySinkOptions = {}): Sink<Item> & {
  loaded: Item[]
  writes: { size: number; key: string }[]
} {
  const loaded: Item[] = []
  const writes: { size: number; key: string }[] = []

  return {
    name: 'memory',
    maxBatchSize: options.maxBatchSize ?? 10,
    idempotent: options.idempotent ?? false,
    loaded,
    writes,
    async write(records: Item[], context: SinkWriteContext) {
      writes.push({ size: records.length, key: context.idempotencyKey })
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs))

      if (options.acceptsAtMost !== undefined && records.length > options.acceptsAtMost) {
        throw new BatchTooLargeError(`batch of ${records.length} too large`, {
          batchSize: records.length,
          maxBatchSize: options.acceptsAtMost,
        })
      }
      const rejected = records.flatMap((record, index) =>
        options.rejectIds?.includes(record.id) ? [index] : [],
      )
      if (rejected.length > 0) {
        const detail =
          options.namesRejected === false
            ? 'invalid items'
            : rejected.map((index) => ({
                loc: ['body', index, 'name'],
                msg: 'invalid',
                type: 'value_error',
              }))
        throw new ValidationError('POST /home failed with 422', { detail, status: 422 })
      }
      if (records.some((record) => options.failIds?.includes(record.id))) {
        throw new RetryExhaustedError('POST /home failed after 3 attempts', {
          attempts: 3,
          elapsedMs: 10,
          limit: 'attempts',
          lastError: new Error('503'),
        })
      }

      loaded.push(...records)
      return { accepted: records.length }
    },
  }
}

export function makeItems(count: number): Item[] {
  return Array.from({ length: count }, (_, id) => ({ id, name: `item ${id}` }))
}

export function indexesFromDetail(error: ValidationError): number[] | undefined {
  if (!Array.isArray(error.detail)) return undefined
  return error.detail.map((entry: { loc: [string, number] }) => entry.loc[1])
}
