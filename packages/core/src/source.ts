import type { FaunaError } from './errors.js'

export type RecordId = string | number

/** Origin of a record or a rejected payload: the URL, page and id it came from. */
export interface RecordOrigin {
  url: string
  /** Page number, or the cursor the page was requested with. */
  page?: number | string
  id?: RecordId
}

/** Position in a listing: a page number or a cursor token. `null` is the first page. */
export type ListingPosition = number | string | null

export type ListingAnomalyCode =
  | 'short-page'
  | 'empty-page'
  | 'total-pages-changed'
  | 'duplicate-id'
  | 'repeated-page'
  | 'items-past-end'

export type SourceEvent<T> =
  /** A listing page arrived; `ids` are the items on it, in order. */
  | {
      type: 'page'
      position: ListingPosition
      /** Position of the page after this one, or `null` when this is the last page. */
      next: ListingPosition
      url: string
      ids: RecordId[]
      totalPages: number | undefined
    }
  /** A record that passed its schemas, ready for the transform. */
  | { type: 'record'; id: RecordId; record: T; origin: RecordOrigin }
  /** A payload that failed validation or could not be fetched; nothing is retried further. */
  | {
      type: 'rejected'
      id: RecordId | undefined
      reason: string
      raw: unknown
      origin: RecordOrigin
      error: FaunaError | undefined
    }
  /** Something odd about the listing that was worked around, not a failure. */
  | {
      type: 'anomaly'
      code: ListingAnomalyCode
      message: string
      page: ListingPosition
      ids?: RecordId[]
    }

export interface SourceReadOptions {
  /** Listing position to start from; a resumed run passes its checkpoint. */
  startAt?: ListingPosition
  /** Returns false for ids that need no detail request, such as ids already loaded. */
  shouldFetch?: (id: RecordId) => boolean
  signal?: AbortSignal
}

/**
 * A source of records. `read` yields pages, records, rejections and anomalies as they arrive;
 * records may come in any order and the source bounds how far it reads ahead. The first `page`
 * event is always the page at `startAt` (or the first page of the listing), and every listed id
 * that `shouldFetch` accepts ends in exactly one `record` or `rejected` event.
 */
export interface Source<T> {
  readonly name: string
  read(options?: SourceReadOptions): AsyncIterable<SourceEvent<T>>
}
