import {
  emitFailedPage,
  emitListingPage,
  fetchListingPage,
  type ListingPage,
  type PageAnomaly,
} from './listing-page.js'
import type { ReadRun } from './read-run.js'
import type { ResolvedPageNumberPagination } from './rest-source-options.js'
import { fillUrlTemplate, readField } from './url-template.js'

// While the page count is unknown, pages are read one at a time, and this many failed pages in
// a row end the listing, because nothing else would tell where it ends.
const MAX_FAILED_PAGES_WITHOUT_COUNT = 3

/**
 * Reads a listing addressed by page number and emits its events in page order.
 *
 * The first page is read alone to learn the page count. Later pages are requested up to
 * `concurrency` at a time and at most `window` pages ahead of the page being processed, and
 * they are processed in order so that anomalies compare neighbouring pages. After the last
 * promised page, one more page is read to confirm that the listing ends there.
 */
export async function readPageNumberListing<TListItem, TDetail, TRecord>(
  run: ReadRun<TListItem, TDetail, TRecord>,
): Promise<void> {
  const pagination = run.options.pagination as ResolvedPageNumberPagination
  const { firstPage, concurrency, window, maxPagesPastEnd, totalPagesField, pageField } = pagination
  const startPage = typeof run.startAt === 'number' ? run.startAt : firstPage

  /** Pages requested but not processed yet, by page number. */
  const requested = new Map<number, Promise<ListingPage<TListItem>>>()
  let inFlight = 0
  let nextToRequest = startPage
  let nextToProcess = startPage
  let ended = false

  /** Page count as last reported, and the highest last page number any page promised. */
  let totalPages: number | undefined
  let lastPage: number | undefined
  /** Highest page past `lastPage` that still had items, which moves the end further. */
  let lastPageWithItemsPastEnd: number | undefined
  let pageSize = 0
  let failedInRow = 0

  const mayRequest = (): boolean => {
    if (ended || run.signal.aborted) return false
    if (requested.size >= window || inFlight >= concurrency) return false
    if (lastPage === undefined) return requested.size === 0

    const endProbe = (lastPageWithItemsPastEnd ?? lastPage) + 1
    return nextToRequest <= Math.min(endProbe, lastPage + maxPagesPastEnd)
  }

  const requestPages = (): void => {
    while (mayRequest()) {
      const page = nextToRequest++
      inFlight++
      const url = fillUrlTemplate(pagination.url, 'page', page)
      const pending = fetchListingPage(run, url, page).finally(() => {
        inFlight--
        requestPages()
      })
      // The processing loop awaits each page in turn. This handler only stops a page that
      // fails after the loop has ended from counting as an unhandled rejection.
      pending.catch(() => undefined)
      requested.set(page, pending)
    }
  }

  requestPages()
  while (!ended) {
    const pending = requested.get(nextToProcess)
    if (pending === undefined) break
    const page = await pending
    requested.delete(nextToProcess)
    const pageNumber = nextToProcess++

    if (!page.ok) {
      if (lastPage === undefined) {
        failedInRow++
        ended = failedInRow >= MAX_FAILED_PAGES_WITHOUT_COUNT
      } else {
        // Past the promised end a failed page cannot show whether more items follow.
        ended = pageNumber > lastPage
      }
      await emitFailedPage(run, page, {
        next: ended ? null : pageNumber + 1,
        totalPages: countPages(),
      })
      requestPages()
      continue
    }
    failedInRow = 0

    const anomalies: PageAnomaly[] = []
    const reported = totalPagesField === null ? undefined : readCount(page.body, totalPagesField)
    if (reported !== undefined) {
      const reportedLast = firstPage + reported - 1
      if (totalPages !== undefined && reported !== totalPages) {
        anomalies.push({
          code: 'total-pages-changed',
          message: `Page ${pageNumber} from GET ${page.url} reports ${totalPagesField} ${reported} where earlier pages reported ${totalPages}; reading up to page ${Math.max(reportedLast, lastPage ?? reportedLast)}`,
        })
      }
      totalPages = reported
      lastPage = Math.max(lastPage ?? reportedLast, reportedLast)
      // Request the pages that the count reveals before waiting on this page's items.
      requestPages()
    }

    const itemCount = page.entries.length
    const isPastEnd = lastPage !== undefined && pageNumber > lastPage
    if (lastPage !== undefined && !isPastEnd) {
      if (itemCount === 0) {
        anomalies.push({
          code: 'empty-page',
          message: `Page ${pageNumber} from GET ${page.url} is empty, but the listing has ${countPages()} pages`,
        })
      } else if (pageNumber < lastPage && itemCount < pageSize) {
        anomalies.push({
          code: 'short-page',
          message: `Page ${pageNumber} from GET ${page.url} has ${itemCount} items, fewer than the ${pageSize} of an earlier page, and is not the last page`,
        })
      }
    }
    pageSize = Math.max(pageSize, itemCount)

    if (isPastEnd && itemCount > 0) {
      lastPageWithItemsPastEnd = pageNumber
      const capped = pageNumber >= (lastPage as number) + maxPagesPastEnd
      ended = capped
      anomalies.push({
        code: 'items-past-end',
        message: `Page ${pageNumber} from GET ${page.url} has ${itemCount} items past the last page ${lastPage}; ${capped ? `stopped after ${maxPagesPastEnd} pages past the end` : 'reading on until an empty page'}`,
        ids: page.entries.flatMap((entry) => (entry.id === undefined ? [] : [entry.id])),
      })
    }
    // Without a page count, the first empty page is the end; past the count, too.
    if (itemCount === 0 && (lastPage === undefined || isPastEnd)) ended = true

    const reportedPage = pageField === null ? undefined : readField(page.body, pageField)
    const repeatReason =
      typeof reportedPage === 'number' && reportedPage !== pageNumber
        ? `has ${pageField} ${reportedPage} instead of ${pageNumber}`
        : undefined

    const emitted = await emitListingPage(run, page, {
      next: ended ? null : pageNumber + 1,
      totalPages: countPages(),
      anomalies,
      repeatReason,
      // A server that ignores the page number would repeat its first page forever when no
      // page count bounds the listing.
      endOnRepeat: lastPage === undefined,
    })
    if (emitted.ended) ended = true

    requestPages()
  }

  function countPages(): number | undefined {
    return lastPage === undefined ? undefined : lastPage - firstPage + 1
  }
}

function readCount(body: unknown, field: string): number | undefined {
  const value = readField(body, field)
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined
}
