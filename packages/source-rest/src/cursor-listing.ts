import type { ListingPosition } from '@fauna-etl/core'
import {
  capitalize,
  describePage,
  emitFailedPage,
  emitListingPage,
  fetchListingPage,
  type ListingPage,
  type PageAnomaly,
} from './listing-page.js'
import type { ReadRun } from './read-run.js'
import type { ResolvedCursorPagination } from './rest-source-options.js'
import { fillUrlTemplate, readField } from './url-template.js'

/**
 * Reads a listing where each page names the cursor of the next one, and emits its events in
 * page order. Each page is requested as soon as the previous one names it, while the previous
 * page's items are still being delivered, so one page at most is read ahead.
 *
 * The listing ends at a page without a next cursor, at a page that could not be read (it names
 * no next cursor), at a cursor that was already read, and at a page that repeats the previous
 * one. The last two are reported as `repeated-page` anomalies.
 */
export async function readCursorListing<TListItem, TDetail, TRecord>(
  run: ReadRun<TListItem, TDetail, TRecord>,
): Promise<void> {
  const pagination = run.options.pagination as ResolvedCursorPagination
  // Cursors are few next to records (one per page), so all of them are remembered.
  const readCursors = new Set<string>()

  const request = (cursor: string | null): Promise<ListingPage<TListItem>> => {
    if (cursor !== null) readCursors.add(cursor)
    return fetchListingPage(run, urlOf(pagination, cursor), cursor)
  }

  const startCursor = run.startAt === null ? null : String(run.startAt)
  let pending: Promise<ListingPage<TListItem>> | undefined = request(startCursor)

  while (pending !== undefined) {
    const page = await pending
    pending = undefined

    if (!page.ok) {
      await emitFailedPage(run, page, { next: null, totalPages: undefined })
      break
    }

    const anomalies: PageAnomaly[] = []
    let next = readCursor(page.body, pagination.nextField)
    if (next !== null && readCursors.has(next)) {
      anomalies.push({
        code: 'repeated-page',
        message: `${capitalize(describePage(page.position, page.url))} names the next cursor ${JSON.stringify(next)}, which was already read; the listing stops here`,
      })
      next = null
    }
    if (next !== null && page.entries.length === 0) {
      anomalies.push({
        code: 'empty-page',
        message: `${capitalize(describePage(page.position, page.url))} is empty but names a next cursor`,
      })
    }

    if (next !== null) pending = request(next)
    const emitted = await emitListingPage(run, page, {
      next,
      totalPages: undefined,
      anomalies,
      // New cursors with the same items would otherwise continue forever.
      endOnRepeat: true,
    })
    if (emitted.ended) {
      // The next page was requested ahead; its outcome no longer matters.
      pending?.catch(() => undefined)
      pending = undefined
    }
  }
}

function urlOf(pagination: ResolvedCursorPagination, cursor: ListingPosition): string {
  if (cursor === null) return pagination.firstUrl
  if (pagination.url === undefined) return String(cursor)
  return fillUrlTemplate(pagination.url, 'cursor', cursor)
}

/** Reads the next cursor; a missing, `null` or empty value, or one of another type, ends the listing. */
function readCursor(body: unknown, field: string): string | null {
  const value = readField(body, field)
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return typeof value === 'string' && value !== '' ? value : null
}
