import {
  type FaunaError,
  isFaunaError,
  type ListingAnomalyCode,
  type ListingPosition,
  type RecordId,
  type RecordOrigin,
  ValidationError,
} from '@fauna-etl/core'
import { validate } from '@fauna-etl/transforms'
import { deliverItem } from './deliver-item.js'
import type { ReadRun } from './read-run.js'
import { readFailedResponse } from './request-failure.js'
import { describe } from './rest-source-options.js'
import { readField } from './url-template.js'

/** A listing item that passed its schema and has a usable id. */
export interface ListedItem<TListItem> {
  valid: true
  id: RecordId
  item: TListItem
}

/** A listing item that failed its schema or has no usable id. */
export interface InvalidItem {
  valid: false
  id: RecordId | undefined
  raw: unknown
  error: ValidationError
}

export type ListingPage<TListItem> =
  | {
      ok: true
      url: string
      position: ListingPosition
      body: unknown
      /** Every item on the page in order, valid or not. */
      entries: (ListedItem<TListItem> | InvalidItem)[]
    }
  | { ok: false; url: string; position: ListingPosition; raw: unknown; error: FaunaError }

export interface PageAnomaly {
  code: ListingAnomalyCode
  message: string
  ids?: RecordId[]
}

/**
 * Requests one listing page and checks it against the page and item schemas. A failed request
 * or an invalid page becomes `ok: false`; only an abort or a non-Fauna error rejects.
 */
export async function fetchListingPage<TListItem, TDetail, TRecord>(
  run: ReadRun<TListItem, TDetail, TRecord>,
  url: string,
  position: ListingPosition,
): Promise<ListingPage<TListItem>> {
  const { client, labels } = run.options

  let body: unknown
  try {
    body = await client.get(url, { signal: run.signal, label: labels.list })
  } catch (error) {
    if (run.signal.aborted || !isFaunaError(error)) throw error
    return { ok: false, url, position, raw: readFailedResponse(error).body, error }
  }

  return parseListingPage(run, url, position, body)
}

function parseListingPage<TListItem, TDetail, TRecord>(
  run: ReadRun<TListItem, TDetail, TRecord>,
  url: string,
  position: ListingPosition,
  body: unknown,
): ListingPage<TListItem> {
  const { schemas, pagination, idOf } = run.options
  const pageName = describePage(position, url)

  if (schemas.page !== undefined) {
    const checked = validate(schemas.page, body, pageName)
    if (!checked.ok) return { ok: false, url, position, raw: body, error: checked.error }
  }

  const items = readField(body, pagination.itemsField)
  if (!Array.isArray(items)) {
    const message = `${pagination.itemsField} must be an array, got ${describe(items)}`
    const error = new ValidationError(`Invalid ${pageName}: ${message}`, {
      issues: [{ path: pagination.itemsField.split('.'), message }],
    })
    return { ok: false, url, position, raw: body, error }
  }

  const entries = items.map((raw, index): ListedItem<TListItem> | InvalidItem => {
    const itemName = `item ${index} of ${pageName}`
    const checked = validate(schemas.item, raw, itemName)
    if (!checked.ok) {
      return { valid: false, id: readIdQuietly(idOf, raw), raw, error: checked.error }
    }

    let id: RecordId
    try {
      id = idOf(checked.value)
    } catch (error) {
      // A FaunaError means that this item is unusable. Anything else is a bug in idOf.
      if (!isFaunaError(error)) throw error
      const invalid = new ValidationError(`Invalid ${itemName}: ${error.message}`, { cause: error })
      return { valid: false, id: undefined, raw, error: invalid }
    }
    if (!isRecordId(id)) {
      const message = `id must be a string or a finite number, got ${describe(id)}`
      const error = new ValidationError(`Invalid ${itemName}: ${message}`, {
        issues: [{ path: [], message }],
      })
      return { valid: false, id: undefined, raw, error }
    }
    return { valid: true, id, item: checked.value }
  })

  return { ok: true, url, position, body, entries }
}

/**
 * Emits the events of a page that was read: the page itself, its anomalies, its invalid items,
 * and then one record or rejection per new id as the details arrive. Waits while the event
 * buffer or the detail requests are full. Returns whether the page ended the listing.
 *
 * Ids already listed on an earlier page are skipped. They are reported as a `duplicate-id`
 * anomaly, or only by the `repeated-page` anomaly when the whole page is a repeat.
 */
export async function emitListingPage<TListItem, TDetail, TRecord>(
  run: ReadRun<TListItem, TDetail, TRecord>,
  page: Extract<ListingPage<TListItem>, { ok: true }>,
  info: {
    next: ListingPosition
    totalPages: number | undefined
    anomalies: PageAnomaly[]
    /** Why the page counts as a repeat even when its ids differ, such as a wrong page number. */
    repeatReason?: string
    /**
     * Whether a repeated page ends the listing, for listings without a known end where a
     * server that keeps repeating a page would otherwise be read forever.
     */
    endOnRepeat: boolean
  },
): Promise<{ ended: boolean }> {
  const { url, position, entries } = page
  const listed = entries.filter((entry): entry is ListedItem<TListItem> => entry.valid)
  const listedIds = listed.map((entry) => entry.id)
  const previous = run.previousPage
  run.previousPage = { position, ids: listedIds }

  let repeatReason = info.repeatReason
  if (repeatReason === undefined && previous !== undefined && sameIds(listedIds, previous.ids)) {
    repeatReason = `repeats the ${listedIds.length} ids of ${describePage(previous.position)}`
  }

  const fresh: ListedItem<TListItem>[] = []
  const duplicates: RecordId[] = []
  const pageIds: RecordId[] = []
  for (const entry of entries) {
    if (!entry.valid) {
      if (entry.id !== undefined) pageIds.push(entry.id)
      continue
    }
    if (run.listedIds.has(entry.id)) {
      duplicates.push(entry.id)
      continue
    }
    run.listedIds.add(entry.id)
    fresh.push(entry)
    pageIds.push(entry.id)
  }

  const repeated = repeatReason !== undefined
  const ends = repeated && info.endOnRepeat
  const anomalies = [...info.anomalies]
  if (repeated) {
    const outcome = ends ? 'the listing stops here' : 'ids listed before were not fetched again'
    anomalies.push({
      code: 'repeated-page',
      message: `${capitalize(describePage(position, url))} ${repeatReason}; ${outcome}`,
      ids: listedIds,
    })
  } else if (duplicates.length > 0) {
    anomalies.push({
      code: 'duplicate-id',
      message: `${capitalize(describePage(position, url))} lists ${duplicates.length} ids that an earlier page listed (${summarizeIds(duplicates)}); they were not fetched again`,
      ids: duplicates,
    })
  }

  const { queue } = run
  await queue.push({
    type: 'page',
    position,
    next: ends ? null : info.next,
    url,
    ids: pageIds,
    totalPages: info.totalPages,
  })
  for (const anomaly of anomalies) {
    await queue.push({ type: 'anomaly', page: position, ...anomaly })
  }

  const origin: RecordOrigin = { url }
  if (position !== null) origin.page = position
  for (const entry of entries) {
    if (entry.valid || (entry.id !== undefined && !run.shouldFetch(entry.id))) continue
    await queue.push({
      type: 'rejected',
      id: entry.id,
      reason: entry.error.message,
      raw: entry.raw,
      origin: entry.id === undefined ? origin : { ...origin, id: entry.id },
      error: entry.error,
    })
  }

  for (const entry of fresh) await deliverItem(run, entry, origin)

  return { ended: ends }
}

/** Emits a rejection for a page that could not be read, then its page event without ids. */
export async function emitFailedPage<TListItem, TDetail, TRecord>(
  run: ReadRun<TListItem, TDetail, TRecord>,
  page: Extract<ListingPage<TListItem>, { ok: false }>,
  info: { next: ListingPosition; totalPages: number | undefined },
): Promise<void> {
  const { url, position, error } = page
  const origin: RecordOrigin = { url }
  if (position !== null) origin.page = position

  const reason =
    error.code === 'VALIDATION_ERROR'
      ? error.message
      : `Reading ${describePage(position, url)} failed: ${error.message}`
  await run.queue.push({ type: 'rejected', id: undefined, reason, raw: page.raw, origin, error })
  await run.queue.push({
    type: 'page',
    position,
    next: info.next,
    url,
    ids: [],
    totalPages: info.totalPages,
  })
}

/** Names a page for messages: `page 3 from GET /animals?page=3`, or the cursor it was read at. */
export function describePage(position: ListingPosition, url?: string): string {
  let name: string
  if (position === null) name = 'the first page'
  else if (typeof position === 'number') name = `page ${position}`
  else name = `the page at cursor ${JSON.stringify(position)}`
  return url === undefined ? name : `${name} from GET ${url}`
}

function readIdQuietly<TListItem>(
  idOf: (item: TListItem) => RecordId,
  raw: unknown,
): RecordId | undefined {
  try {
    const id = idOf(raw as TListItem)
    return isRecordId(id) ? id : undefined
  } catch {
    // An invalid item may lack what idOf expects; the rejection then carries no id.
    return undefined
  }
}

function isRecordId(value: unknown): value is RecordId {
  return (
    (typeof value === 'string' && value !== '') ||
    (typeof value === 'number' && Number.isFinite(value))
  )
}

function sameIds(a: RecordId[], b: RecordId[]): boolean {
  return a.length > 0 && a.length === b.length && a.every((id, index) => id === b[index])
}

function summarizeIds(ids: RecordId[]): string {
  const shown = ids.slice(0, 5).map((id) => JSON.stringify(id))
  if (ids.length > shown.length) shown.push('...')
  return shown.join(', ')
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
