import { setMaxListeners } from 'node:events'
import {
  AbortError,
  type ListingPosition,
  type Source,
  type SourceEvent,
  type SourceReadOptions,
} from '@fauna-etl/core'
import { readCursorListing } from './cursor-listing.js'
import { EventQueue } from './event-queue.js'
import { readPageNumberListing } from './page-number-listing.js'
import type { ReadRun } from './read-run.js'
import { RememberedIds } from './remembered-ids.js'
import { RequestSlots } from './request-slots.js'
import {
  describe,
  type ResolvedRestSourceOptions,
  type RestSourceOptions,
  resolveRestSourceOptions,
} from './rest-source-options.js'

/**
 * Creates a source that reads a paginated REST listing and, optionally, one detail request per
 * listed id. Each `read()` yields `page`, `record`, `rejected` and `anomaly` events; records
 * arrive in any order. Every request in flight and every buffered event is bounded, so memory
 * does not grow with the listing, and a consumer that stops pulling stops the requests.
 *
 * Invalid data never ends a read: items, details and pages that fail their schema or their
 * request become `rejected` events. A read ends with an error only when it is aborted
 * (`AbortError`) or a callback such as `toRecord` throws an error that is not a `FaunaError`.
 *
 * @throws TypeError when an option is invalid, naming the option and the value.
 */
export function createRestSource<
  TListItem,
  TDetail = never,
  TRecord = [TDetail] extends [never] ? TListItem : TDetail,
>(options: RestSourceOptions<TListItem, TDetail, TRecord>): Source<TRecord> {
  const resolved = resolveRestSourceOptions(options)

  return {
    name: resolved.name,
    read(readOptions: SourceReadOptions = {}): AsyncIterable<SourceEvent<TRecord>> {
      const startAt = checkReadOptions(resolved, readOptions)
      return { [Symbol.asyncIterator]: () => readEvents(resolved, readOptions, startAt) }
    },
  }
}

async function* readEvents<TListItem, TDetail, TRecord>(
  options: ResolvedRestSourceOptions<TListItem, TDetail, TRecord>,
  readOptions: SourceReadOptions,
  startAt: ListingPosition,
): AsyncGenerator<SourceEvent<TRecord>, void, undefined> {
  const external = readOptions.signal
  const abortMessage = `Reading source ${options.name} was aborted`
  if (external?.aborted) throw new AbortError(abortMessage, { cause: external.reason })

  // `controller` stops the requests when the caller aborts, the consumer stops iterating, or
  // the run fails.
  const controller = new AbortController()
  // Every detail and page request in flight listens to this signal, so the default limit of 10
  // listeners would warn at any concurrency above 10.
  setMaxListeners(0, controller.signal)
  const queue = new EventQueue<SourceEvent<TRecord>>(options.bufferSize)
  const onAbort = () => {
    controller.abort(external?.reason)
    queue.abort(new AbortError(abortMessage, { cause: external?.reason }))
  }
  external?.addEventListener('abort', onAbort, { once: true })

  const run: ReadRun<TListItem, TDetail, TRecord> = {
    options,
    queue,
    signal: controller.signal,
    startAt,
    shouldFetch: readOptions.shouldFetch ?? (() => true),
    listedIds: new RememberedIds(options.maxRememberedIds),
    previousPage: undefined,
    detailSlots:
      options.detail === undefined ? undefined : new RequestSlots(options.detail.concurrency),
    fail(error) {
      queue.fail(error)
      controller.abort(error)
    },
  }
  void produceEvents(run)

  try {
    while (true) {
      const next = await queue.take()
      if (next.done) return
      yield next.value
    }
  } finally {
    external?.removeEventListener('abort', onAbort)
    controller.abort()
    queue.cancel()
  }
}

/** Reads the whole listing, waits for the last details, then closes the event buffer. */
async function produceEvents<TListItem, TDetail, TRecord>(
  run: ReadRun<TListItem, TDetail, TRecord>,
): Promise<void> {
  try {
    if (run.options.pagination.type === 'page-number') await readPageNumberListing(run)
    else await readCursorListing(run)
    await run.detailSlots?.idle()
    run.queue.close()
  } catch (error) {
    // After an abort the consumer has already stopped or received its AbortError. Otherwise
    // `fail` also stops the detail requests still in flight.
    if (run.signal.aborted) run.queue.close()
    else run.fail(error)
  }
}

function checkReadOptions<TListItem, TDetail, TRecord>(
  options: ResolvedRestSourceOptions<TListItem, TDetail, TRecord>,
  readOptions: SourceReadOptions,
): ListingPosition {
  if (typeof readOptions !== 'object' || readOptions === null) {
    throw new TypeError(`read expects an options object, got ${describe(readOptions)}`)
  }

  const { shouldFetch, signal } = readOptions
  if (shouldFetch !== undefined && typeof shouldFetch !== 'function') {
    throw new TypeError(`Read option shouldFetch must be a function, got ${describe(shouldFetch)}`)
  }
  if (signal !== undefined && typeof signal?.addEventListener !== 'function') {
    throw new TypeError(`Read option signal must be an AbortSignal, got ${describe(signal)}`)
  }

  const startAt = readOptions.startAt ?? null
  if (startAt === null) return null
  const { pagination } = options
  if (pagination.type === 'page-number') {
    if (!Number.isSafeInteger(startAt) || (startAt as number) < pagination.firstPage) {
      throw new TypeError(
        `Read option startAt must be a page number from ${pagination.firstPage} up, got ${describe(startAt)}`,
      )
    }
    return startAt
  }
  if (!((typeof startAt === 'string' && startAt !== '') || typeof startAt === 'number')) {
    throw new TypeError(`Read option startAt must be a cursor string, got ${describe(startAt)}`)
  }
  return startAt
}
