import type { ListingPosition, RecordId, SourceEvent } from '@fauna-etl/core'
import type { EventQueue } from './event-queue.js'
import type { RememberedIds } from './remembered-ids.js'
import type { RequestSlots } from './request-slots.js'
import type { ResolvedRestSourceOptions } from './rest-source-options.js'

/** State of one `read()`: the options, the event buffer and what the listing has seen so far. */
export interface ReadRun<TListItem, TDetail, TRecord> {
  options: ResolvedRestSourceOptions<TListItem, TDetail, TRecord>
  queue: EventQueue<SourceEvent<TRecord>>
  /** Fires when the consumer stops, the caller aborts, or the run fails. */
  signal: AbortSignal
  startAt: ListingPosition
  shouldFetch: (id: RecordId) => boolean
  listedIds: RememberedIds
  /** Ids of the valid items on the page processed last, to detect a repeated page. */
  previousPage: { position: ListingPosition; ids: RecordId[] } | undefined
  /** Present when the source requests details. */
  detailSlots: RequestSlots | undefined
  /** Ends the run with an error that is not about the data, such as a bug in a callback. */
  fail(error: unknown): void
}
