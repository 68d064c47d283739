import { BatchTooLargeError, type HttpError } from '@fauna-etl/core'

// Phrases that mark a 400 as a size rejection, such as the FastAPI response body
// `{"detail": "Sorry, only 100 animals at a time"}`.
const TOO_LARGE_PATTERNS = [
  /\bonly \d+\b.*\bat a time\b/i,
  /\btoo (?:large|big|many)\b/i,
  /\bat most \d+\b/i,
  /\bmaximum (?:batch )?size\b/i,
]

// Phrases that state the limit, tried in order.
const LIMIT_PATTERNS = [
  /\bonly (\d+)\b/i,
  /\bat most (\d+)\b/i,
  /\bmax(?:imum)?(?: batch)?(?: size)?(?: is| of)?:? (\d+)\b/i,
  /\blimit(?: is| of)?:? (\d+)\b/i,
]

/**
 * Converts a response that rejected a batch for its size into a `BatchTooLargeError`, or returns
 * `undefined` when the response is about something else. A 413 always counts, and a 400
 * counts when its message rejects the size ("only 100 ... at a time", "too large", "too many", "at most 100").
 */
export function toBatchTooLargeError(
  error: HttpError,
  batchSize: number,
): BatchTooLargeError | undefined {
  const text = readMessage(error.body)
  const isTooLarge =
    error.status === 413 ||
    (error.status === 400 && TOO_LARGE_PATTERNS.some((pattern) => pattern.test(text)))
  if (!isTooLarge) return undefined

  const maxBatchSize = parseBatchLimit(text)
  const limitText = maxBatchSize === undefined ? 'no limit stated' : `limit ${maxBatchSize}`
  return new BatchTooLargeError(
    `${error.method} ${error.url} rejected a batch of ${batchSize} records as too large ` +
      `(status ${error.status}, ${limitText}${text === '' ? '' : `: ${text}`}); ` +
      'send smaller batches',
    { batchSize, maxBatchSize, cause: error },
  )
}

/** Reads the batch limit stated in a message such as "Sorry, only 100 animals at a time". */
export function parseBatchLimit(text: string): number | undefined {
  for (const pattern of LIMIT_PATTERNS) {
    const match = pattern.exec(text)
    if (match?.[1] !== undefined) return Number(match[1])
  }
  return undefined
}

/** Extracts the human-readable message of an error body: FastAPI `detail`, `message` or `error`. */
function readMessage(body: unknown): string {
  if (typeof body === 'string') return body
  if (typeof body !== 'object' || body === null) return ''

  for (const key of ['detail', 'message', 'error']) {
    const value = (body as Record<string, unknown>)[key]
    if (typeof value === 'string') return value
  }
  try {
    return JSON.stringify(body)
  } catch {
    return ''
  }
}
