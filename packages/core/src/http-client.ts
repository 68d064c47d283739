/** Purpose of a request, such as `detail` or `load`; events and summaries count by it. */
export type RequestLabel = string

export interface RequestOptions {
  signal?: AbortSignal
  headers?: Record<string, string>
  /** Per-attempt timeout in milliseconds; overrides the client's default for this method. */
  timeoutMs?: number
  label?: RequestLabel
}

export interface GetOptions extends RequestOptions {
  /** `false` turns hedging off for this request; a number sets the hedge delay in ms. */
  hedge?: boolean | number
}

export interface PostOptions extends RequestOptions {
  /**
   * Whether sending the same body twice is harmless (for example because it carries an
   * idempotency key). Only idempotent writes may be hedged or abandoned at their timeout.
   */
  idempotent?: boolean
}

/**
 * JSON over HTTP with retries. `get` is for idempotent reads; `post` for writes. Both resolve to
 * the parsed JSON body of a 2xx response and reject with a `FaunaError`.
 */
export interface HttpClient {
  get<T = unknown>(url: string, options?: GetOptions): Promise<T>
  post<T = unknown>(url: string, body: unknown, options?: PostOptions): Promise<T>
}

interface RequestEventBase {
  method: string
  url: string
  label: RequestLabel | undefined
  /** 1-based attempt number; a hedge shares the attempt number of the request it duplicates. */
  attempt: number
  hedge: boolean
}

/** Everything an HTTP client reports, for logs, progress and run summaries. */
export type HttpEvent =
  | ({ type: 'attempt' } & RequestEventBase)
  | ({ type: 'success'; status: number; durationMs: number } & RequestEventBase)
  | ({
      type: 'retry'
      /** Status of the failed attempt, or undefined for timeouts and network errors. */
      status: number | undefined
      error: Error
      /** Wait before the next attempt, in milliseconds. */
      delayMs: number
    } & RequestEventBase)
  | ({ type: 'hedge'; delayMs: number } & RequestEventBase)
  | ({ type: 'give-up'; error: Error; elapsedMs: number } & RequestEventBase)

export type HttpEventListener = (event: HttpEvent) => void
