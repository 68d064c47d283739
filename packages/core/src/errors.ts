/** Stable machine-readable codes carried by every Fauna ETL error. */
export type FaunaErrorCode =
  | 'HTTP_ERROR'
  | 'HTTP_TIMEOUT'
  | 'NETWORK_ERROR'
  | 'VALIDATION_ERROR'
  | 'CONFIG_ERROR'
  | 'RETRY_EXHAUSTED'
  | 'BATCH_TOO_LARGE'
  | 'ABORTED'
  | 'STATE_ERROR'

export interface FaunaErrorOptions {
  code: FaunaErrorCode
  cause?: unknown
}

/** Base of the error family: a stable `code`, a message that names the value, and the cause. */
export class FaunaError extends Error {
  readonly code: FaunaErrorCode

  constructor(message: string, options: FaunaErrorOptions) {
    super(message, { cause: options.cause })
    this.name = 'FaunaError'
    this.code = options.code
  }

  /** Whether repeating the same operation may succeed. */
  get isRetryable(): boolean {
    return false
  }
}

export interface RequestDescription {
  method: string
  url: string
}

export interface HttpErrorOptions extends RequestDescription {
  status: number
  /** Response body: parsed JSON when the server sent JSON, otherwise the text as received. */
  body?: unknown
  /** Delay the server asked for in a `Retry-After` header, in milliseconds. */
  retryAfterMs?: number
  cause?: unknown
}

/** Statuses worth repeating: timeouts, rate limits and transient server failures. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504])

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status)
}

/** A response with a status outside 2xx. */
export class HttpError extends FaunaError {
  readonly method: string
  readonly url: string
  readonly status: number
  readonly body: unknown
  readonly retryAfterMs: number | undefined

  constructor(message: string, options: HttpErrorOptions) {
    super(message, { code: 'HTTP_ERROR', cause: options.cause })
    this.name = 'HttpError'
    this.method = options.method
    this.url = options.url
    this.status = options.status
    this.body = options.body
    this.retryAfterMs = options.retryAfterMs
  }

  override get isRetryable(): boolean {
    return isRetryableStatus(this.status)
  }
}

/**
 * A connection that failed before a complete response arrived: refused, reset, a body cut
 * short, or a 2xx read whose JSON could not be parsed.
 */
export class NetworkError extends FaunaError {
  readonly method: string
  readonly url: string

  constructor(message: string, options: RequestDescription & { cause?: unknown }) {
    super(message, { code: 'NETWORK_ERROR', cause: options.cause })
    this.name = 'NetworkError'
    this.method = options.method
    this.url = options.url
  }

  override get isRetryable(): boolean {
    return true
  }
}

/** One attempt that got no complete response within its timeout. */
export class TimeoutError extends FaunaError {
  readonly method: string
  readonly url: string
  readonly timeoutMs: number

  constructor(
    message: string,
    options: RequestDescription & { timeoutMs: number; cause?: unknown },
  ) {
    super(message, { code: 'HTTP_TIMEOUT', cause: options.cause })
    this.name = 'TimeoutError'
    this.method = options.method
    this.url = options.url
    this.timeoutMs = options.timeoutMs
  }

  override get isRetryable(): boolean {
    return true
  }
}

/** One failed check, as a path into the value and a message. */
export interface ValidationIssue {
  path: (string | number)[]
  message: string
}

export interface ValidationErrorOptions {
  issues?: ValidationIssue[]
  /** The server's own `detail` when the error comes from a 422 response. */
  detail?: unknown
  /** The request that the server rejected, when there was one. */
  request?: RequestDescription
  status?: number
  cause?: unknown
}

/** A value that failed a schema, or a request body that the server rejected with 422. */
export class ValidationError extends FaunaError {
  readonly issues: ValidationIssue[]
  readonly detail: unknown
  readonly request: RequestDescription | undefined
  readonly status: number | undefined

  constructor(message: string, options: ValidationErrorOptions = {}) {
    super(message, { code: 'VALIDATION_ERROR', cause: options.cause })
    this.name = 'ValidationError'
    this.issues = options.issues ?? []
    this.detail = options.detail
    this.request = options.request
    this.status = options.status
  }
}

/** One invalid setting: where it came from, the value given and what is accepted. */
export interface ConfigProblem {
  /** Flag or option name, for example `--batch-size`. */
  option: string
  value: unknown
  message: string
}

/** Invalid configuration, with every problem found rather than only the first. */
export class ConfigError extends FaunaError {
  readonly problems: ConfigProblem[]

  constructor(problems: ConfigProblem[], options: { cause?: unknown } = {}) {
    const lines = problems.map(
      (problem) => `  ${problem.option}: ${problem.message} (got ${formatValue(problem.value)})`,
    )
    super(`Invalid configuration:\n${lines.join('\n')}`, {
      code: 'CONFIG_ERROR',
      cause: options.cause,
    })
    this.name = 'ConfigError'
    this.problems = problems
  }
}

/** Limit that ended the retries. */
export type RetryLimit = 'attempts' | 'elapsed' | 'not-retryable' | 'aborted'

/** An operation that failed on every attempt it was allowed. `cause` is the last failure. */
export class RetryExhaustedError extends FaunaError {
  readonly attempts: number
  readonly elapsedMs: number
  readonly limit: RetryLimit
  readonly lastError: unknown

  constructor(
    message: string,
    options: { attempts: number; elapsedMs: number; limit: RetryLimit; lastError: unknown },
  ) {
    super(message, { code: 'RETRY_EXHAUSTED', cause: options.lastError })
    this.name = 'RetryExhaustedError'
    this.attempts = options.attempts
    this.elapsedMs = options.elapsedMs
    this.limit = options.limit
    this.lastError = options.lastError
  }
}

/** A batch that the target rejected for its size (413, or a 400 whose message states it). */
export class BatchTooLargeError extends FaunaError {
  readonly batchSize: number
  /** The limit the target stated, when its message contained one. */
  readonly maxBatchSize: number | undefined

  constructor(
    message: string,
    options: { batchSize: number; maxBatchSize?: number; cause?: unknown },
  ) {
    super(message, { code: 'BATCH_TOO_LARGE', cause: options.cause })
    this.name = 'BatchTooLargeError'
    this.batchSize = options.batchSize
    this.maxBatchSize = options.maxBatchSize
  }
}

/** Work stopped because its abort signal fired (shutdown or a caller's cancel). */
export class AbortError extends FaunaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'ABORTED', cause: options.cause })
    this.name = 'AbortError'
  }
}

/** State store failure: a file that cannot be opened, a schema from a newer version. */
export class StateError extends FaunaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'STATE_ERROR', cause: options.cause })
    this.name = 'StateError'
  }
}

/** Checks by `code`, so it also works across two copies of this package in one process. */
export function isFaunaError(value: unknown, code?: FaunaErrorCode): value is FaunaError {
  if (!(value instanceof Error) || typeof (value as { code?: unknown }).code !== 'string') {
    return false
  }
  return code === undefined || (value as FaunaError).code === code
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === undefined) return 'nothing'
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
