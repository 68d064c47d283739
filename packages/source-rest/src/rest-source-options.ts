import type { HttpClient, RecordId } from '@fauna-etl/core'
import type { ZodType } from 'zod'

/** Listing addressed by page number, with the page count in every page body. */
export interface PageNumberPagination {
  type: 'page-number'
  /** URL of a listing page, with `{page}` where the page number goes: `/animals?page={page}`. */
  url: string
  /** Number of the first page. Default `1`. */
  firstPage?: number
  /**
   * Dotted path of the page count in a page body. Default `total_pages`. `null` when the API
   * sends none: pages are then read one at a time until an empty page.
   */
  totalPagesField?: string | null
  /** Dotted path of the array of listing items in a page body. Default `items`. */
  itemsField?: string
  /**
   * Dotted path of the page number in a page body, compared with the requested number to catch
   * a server that returns another page. Default `page`, and `null` skips the check.
   */
  pageField?: string | null
  /** Listing requests in flight at once after the page count is known. Default `4`. */
  concurrency?: number
  /**
   * Maximum number of pages requested but not yet processed, counted from the next page to
   * process. Default: `8` or `concurrency`, whichever is larger. Must be at least `concurrency`.
   */
  window?: number
  /**
   * Maximum number of pages read past the last page that the page count promises, while pages
   * there still contain items. Default `100`.
   */
  maxPagesPastEnd?: number
}

/** Listing where each page names the cursor of the next one. Pages are read one after another. */
export interface CursorPagination {
  type: 'cursor'
  /** URL of the first page. */
  firstUrl: string
  /**
   * URL of a later page, with `{cursor}` where the cursor goes: `/things?after={cursor}`.
   * Default: none, and the value of `nextField` is then the URL of the next page itself.
   */
  url?: string
  /**
   * Dotted path of the next cursor in a page body. Default `next`. A value that is `null`,
   * absent, `""` or neither a string nor a number ends the listing.
   */
  nextField?: string
  /** Dotted path of the array of listing items in a page body. Default `items`. */
  itemsField?: string
}

export type Pagination = PageNumberPagination | CursorPagination

export interface RestSourceSchemas<TListItem, TDetail> {
  /**
   * Schema of a whole page body. Default: none, so only the items array is checked. Describe
   * the items loosely here (`z.array(z.unknown())`): a page that fails this schema is rejected
   * as a whole, while `item` rejects single items.
   */
  page?: ZodType
  /** Schema of one listing item. Its output is what `idOf` and `toRecord` receive. */
  item: ZodType<TListItem>
  /** Schema of a detail response body. Required when `detail` is set. */
  detail?: ZodType<TDetail>
}

export interface DetailRequestOptions {
  /** URL of one record's detail, with `{id}` where the id goes: `/animals/{id}`. */
  url: string
  /** Detail requests in flight at once. Default `16`. */
  concurrency?: number
}

export interface RestSourceOptions<TListItem, TDetail, TRecord> {
  /** Name used in events, errors and run summaries. */
  name: string
  /** Client that sends and retries every request; template URLs are resolved against its base URL. */
  client: HttpClient
  pagination: Pagination
  schemas: RestSourceSchemas<TListItem, TDetail>
  /** Returns the id of a validated listing item. Default: its `id` field. */
  idOf?: (item: TListItem) => RecordId
  /** One request per listed id for the full record. Default: none, the listing item is the record. */
  detail?: DetailRequestOptions
  /** Builds the record from the listing item and its detail. Default: the detail, else the item. */
  toRecord?: (item: TListItem, detail: TDetail | undefined) => TRecord
  /**
   * Maximum number of events waiting for the consumer. When it is reached the source stops
   * sending requests until the consumer pulls. Default `64`, in events.
   */
  bufferSize?: number
  /**
   * Maximum number of ids remembered to detect an id listed twice. Beyond it the oldest are
   * forgotten, so a repeat further apart goes unnoticed. Default `1_000_000` ids. An id takes
   * about 20 bytes as a small integer and 50 as a short string (measured on Node 20).
   */
  maxRememberedIds?: number
  /** Request labels that client events and summaries count by. Default `list` and `detail`. */
  labels?: { list?: string; detail?: string }
}

export interface ResolvedPageNumberPagination {
  type: 'page-number'
  url: string
  firstPage: number
  totalPagesField: string | null
  itemsField: string
  pageField: string | null
  concurrency: number
  window: number
  maxPagesPastEnd: number
}

export interface ResolvedCursorPagination {
  type: 'cursor'
  firstUrl: string
  url: string | undefined
  nextField: string
  itemsField: string
}

/** Options after checking, with every default applied. */
export interface ResolvedRestSourceOptions<TListItem, TDetail, TRecord> {
  name: string
  client: HttpClient
  pagination: ResolvedPageNumberPagination | ResolvedCursorPagination
  schemas: RestSourceSchemas<TListItem, TDetail>
  idOf: (item: TListItem) => RecordId
  detail: { url: string; concurrency: number } | undefined
  toRecord: (item: TListItem, detail: TDetail | undefined) => TRecord
  bufferSize: number
  maxRememberedIds: number
  labels: { list: string; detail: string }
}

/** Checks the options and applies the defaults. Throws `TypeError` naming the first invalid option. */
export function resolveRestSourceOptions<TListItem, TDetail, TRecord>(
  options: RestSourceOptions<TListItem, TDetail, TRecord>,
): ResolvedRestSourceOptions<TListItem, TDetail, TRecord> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`createRestSource expects an options object, got ${describe(options)}`)
  }

  const { name, client, schemas } = options
  checkString('name', name)
  if (typeof client?.get !== 'function') {
    throw new TypeError(
      `Option client must be an HttpClient with a get method, got ${describe(client)}`,
    )
  }
  if (typeof schemas?.item?.safeParse !== 'function') {
    throw new TypeError(`Option schemas.item must be a zod schema, got ${describe(schemas?.item)}`)
  }
  for (const key of ['page', 'detail'] as const) {
    const schema = schemas[key]
    if (schema !== undefined && typeof schema?.safeParse !== 'function') {
      throw new TypeError(`Option schemas.${key} must be a zod schema, got ${describe(schema)}`)
    }
  }
  checkOptionalFunction('idOf', options.idOf)
  checkOptionalFunction('toRecord', options.toRecord)

  let detail: { url: string; concurrency: number } | undefined
  if (options.detail !== undefined) {
    checkTemplate('detail.url', options.detail?.url, 'id')
    if (schemas.detail === undefined) {
      throw new TypeError('Option schemas.detail is required when option detail is set')
    }
    detail = {
      url: options.detail.url,
      concurrency: readCount('detail.concurrency', options.detail.concurrency, 16),
    }
  }

  const labels = {
    list: options.labels?.list ?? 'list',
    detail: options.labels?.detail ?? 'detail',
  }
  checkString('labels.list', labels.list)
  checkString('labels.detail', labels.detail)

  return {
    name,
    client,
    pagination: resolvePagination(options.pagination),
    schemas,
    idOf: options.idOf ?? readIdField,
    detail,
    toRecord: options.toRecord ?? ((item, fetched) => (fetched ?? item) as unknown as TRecord),
    bufferSize: readCount('bufferSize', options.bufferSize, 64),
    maxRememberedIds: readCount('maxRememberedIds', options.maxRememberedIds, 1_000_000),
    labels,
  }
}

function resolvePagination(
  pagination: Pagination,
): ResolvedPageNumberPagination | ResolvedCursorPagination {
  if (pagination?.type === 'page-number') {
    checkTemplate('pagination.url', pagination.url, 'page')
    const firstPage = pagination.firstPage ?? 1
    if (!Number.isSafeInteger(firstPage)) {
      throw new TypeError(
        `Option pagination.firstPage must be an integer, got ${describe(firstPage)}`,
      )
    }
    const concurrency = readCount('pagination.concurrency', pagination.concurrency, 4)
    const window = readCount('pagination.window', pagination.window, Math.max(8, concurrency))
    if (window < concurrency) {
      throw new TypeError(
        `Option pagination.window must be at least pagination.concurrency (${concurrency}), got ${window}`,
      )
    }
    return {
      type: 'page-number',
      url: pagination.url,
      firstPage,
      totalPagesField: readOptionalFieldPath(
        'pagination.totalPagesField',
        pagination.totalPagesField,
        'total_pages',
      ),
      itemsField: readFieldPath('pagination.itemsField', pagination.itemsField, 'items'),
      pageField: readOptionalFieldPath('pagination.pageField', pagination.pageField, 'page'),
      concurrency,
      window,
      maxPagesPastEnd: readCount('pagination.maxPagesPastEnd', pagination.maxPagesPastEnd, 100),
    }
  }

  if (pagination?.type === 'cursor') {
    checkString('pagination.firstUrl', pagination.firstUrl)
    if (pagination.url !== undefined) checkTemplate('pagination.url', pagination.url, 'cursor')
    return {
      type: 'cursor',
      firstUrl: pagination.firstUrl,
      url: pagination.url,
      nextField: readFieldPath('pagination.nextField', pagination.nextField, 'next'),
      itemsField: readFieldPath('pagination.itemsField', pagination.itemsField, 'items'),
    }
  }

  throw new TypeError(
    `Option pagination.type must be "page-number" or "cursor", got ${describe((pagination as { type?: unknown } | undefined)?.type)}`,
  )
}

function readIdField(item: unknown): RecordId {
  return (item as { id?: RecordId } | null)?.id as RecordId
}

function readCount(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`Option ${option} must be a positive integer, got ${describe(value)}`)
  }
  return value
}

function readFieldPath(option: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback
  checkString(option, value)
  return value
}

/** Like `readFieldPath`, but `null` is allowed and means that the API sends no such field. */
function readOptionalFieldPath(
  option: string,
  value: string | null | undefined,
  fallback: string,
): string | null {
  return value === null ? null : readFieldPath(option, value, fallback)
}

function checkTemplate(option: string, value: unknown, placeholder: string): void {
  checkString(option, value)
  if (!(value as string).includes(`{${placeholder}}`)) {
    throw new TypeError(
      `Option ${option} must contain {${placeholder}} where the ${placeholder} goes, got ${describe(value)}`,
    )
  }
}

function checkString(option: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`Option ${option} must be a non-empty string, got ${describe(value)}`)
  }
}

function checkOptionalFunction(option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`Option ${option} must be a function, got ${describe(value)}`)
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'object' && value !== null)
    return Array.isArray(value) ? 'an array' : 'an object'
  return `${String(value)} (${typeof value})`
}
