import {
  AbortError,
  HttpError,
  NetworkError,
  type RequestDescription,
  RetryExhaustedError,
  type RetryLimit,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
} from '@fauna-etl/core'

/** Maximum length of a response body excerpt quoted in an error message, in characters. */
const BODY_EXCERPT_LENGTH = 200

/** The part of a response that an error is built from. */
export interface ResponseSummary {
  status: number
  statusText: string
  /** Parsed JSON, or the text as received when it is not JSON. */
  body: unknown
  retryAfterMs: number | undefined
}

/**
 * Failures that must not be sent again even though their type is retryable: a non-idempotent
 * write whose 2xx status arrived but whose body could not be read was already applied.
 */
const notRepeatable = new WeakSet<Error>()

/** Checks whether another attempt may succeed: retryable statuses, timeouts and network errors. */
export function isRetryableFailure(error: unknown): boolean {
  if (error instanceof Error && notRepeatable.has(error)) return false
  if (error instanceof HttpError) return error.isRetryable
  return error instanceof NetworkError || error instanceof TimeoutError
}

/** Returns the stats key of a retried failure: its status, `timeout` or `network`. */
export function failureKey(error: unknown): string {
  if (error instanceof HttpError) return String(error.status)
  if (error instanceof TimeoutError) return 'timeout'
  return 'network'
}

/** Maps a non-2xx response to `ValidationError` (422) or `HttpError`. */
export function createResponseError(
  request: RequestDescription,
  response: ResponseSummary,
): HttpError | ValidationError {
  const prefix = `${request.method} ${request.url} failed with ${formatStatus(response)}`

  if (response.status === 422) {
    const detail = (response.body as { detail?: unknown } | undefined)?.detail
    const issues = toIssues(detail)
    let summary = excerpt(response.body)
    if (issues.length > 0) summary = formatIssues(issues)
    else if (typeof detail === 'string') summary = excerpt(detail)
    return new ValidationError(`${prefix}${summary ? `: ${summary}` : ''}`, {
      issues,
      detail: detail ?? response.body,
      request,
      status: response.status,
    })
  }

  const body = excerpt(response.body)
  return new HttpError(`${prefix}${body ? `: ${body}` : ''}`, {
    ...request,
    status: response.status,
    body: response.body,
    retryAfterMs: response.retryAfterMs,
  })
}

/** Creates the error for a 2xx response whose body was cut short or is not JSON. */
export function createBodyError(
  request: RequestDescription,
  response: Pick<ResponseSummary, 'status' | 'statusText'>,
  cause: unknown,
  options: { text?: string; repeatable: boolean },
): NetworkError {
  const problem =
    options.text === undefined
      ? `its body could not be read: ${describeCause(cause)}`
      : `its body is not valid JSON: ${excerpt(options.text)}`
  const next = options.repeatable
    ? ''
    : '. The write may have been applied, so it was not sent again'
  const error = new NetworkError(
    `${request.method} ${request.url} failed with ${formatStatus(response)}: ${problem}${next}`,
    { ...request, cause },
  )

  if (!options.repeatable) notRepeatable.add(error)
  return error
}

/** Creates the error for a request that got no response: refused, reset or closed early. */
export function createConnectionError(request: RequestDescription, cause: unknown): NetworkError {
  return new NetworkError(
    `${request.method} ${request.url} failed before a response arrived: ${describeCause(cause)}`,
    { ...request, cause },
  )
}

export function createTimeoutError(
  request: RequestDescription,
  timeoutMs: number,
  option: string,
  cause: unknown,
): TimeoutError {
  return new TimeoutError(
    `${request.method} ${request.url} timed out after ${timeoutMs} ms without a complete response; raise ${option} if the server is this slow`,
    { ...request, timeoutMs, cause },
  )
}

export function createAbortError(request: RequestDescription, reason: unknown): AbortError {
  const why = reason instanceof Error ? `: ${reason.message}` : ''
  return new AbortError(`${request.method} ${request.url} was aborted${why}`, { cause: reason })
}

export function createRetryExhaustedError(
  request: RequestDescription,
  details: {
    attempts: number
    elapsedMs: number
    limit: RetryLimit
    lastError: unknown
    bound: string
  },
): RetryExhaustedError {
  const prefix = `${request.method} ${request.url} `
  const last =
    details.lastError instanceof Error ? details.lastError.message : String(details.lastError)
  const lastFailure = last.startsWith(prefix) ? last.slice(prefix.length) : `failed: ${last}`
  const attempts = details.attempts === 1 ? '1 attempt' : `${details.attempts} attempts`

  return new RetryExhaustedError(
    `${prefix}gave up after ${attempts} in ${Math.round(details.elapsedMs)} ms (${details.bound}); the last attempt ${lastFailure}`,
    details,
  )
}

function formatStatus(response: Pick<ResponseSummary, 'status' | 'statusText'>): string {
  return response.statusText ? `${response.status} ${response.statusText}` : String(response.status)
}

/** Reads FastAPI's `detail`, a list of `{loc, msg}`, as issues; any other shape gives none. */
function toIssues(detail: unknown): ValidationIssue[] {
  if (!Array.isArray(detail)) return []

  return detail.flatMap((item: unknown) => {
    const { loc, msg } = (item ?? {}) as { loc?: unknown; msg?: unknown }
    if (typeof msg !== 'string') return []
    const path = Array.isArray(loc)
      ? loc.filter(
          (part): part is string | number => typeof part === 'string' || typeof part === 'number',
        )
      : []
    return [{ path, message: msg }]
  })
}

function formatIssues(issues: ValidationIssue[]): string {
  const first = issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''
  return `${first.join('; ')}${more}`
}

function excerpt(body: unknown): string {
  if (body === undefined || body === '') return ''

  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return text.length > BODY_EXCERPT_LENGTH ? `${text.slice(0, BODY_EXCERPT_LENGTH)}…` : text
}

/**
 * Describes a fetch failure by the innermost message and the first error code on the cause
 * chain, as `other side closed (UND_ERR_SOCKET)`. Node's fetch hides both behind
 * `TypeError: fetch failed`.
 */
export function describeCause(error: unknown): string {
  let message = ''
  let code: string | undefined

  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const currentCode = (current as { code?: unknown }).code
    if (code === undefined && typeof currentCode === 'string') code = currentCode
    if (current.message) message = current.message
    current = current.cause
  }

  if (!message) message = String(error)
  return code && !message.includes(code) ? `${message} (${code})` : message
}
