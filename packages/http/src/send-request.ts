import type { RequestDescription } from '@fauna-etl/core'
import type { $Fetch } from 'ofetch'
import {
  createAbortError,
  createBodyError,
  createConnectionError,
  createResponseError,
  createTimeoutError,
} from './errors.js'
import { parseRetryAfter } from './retry-after.js'

/** One copy of one attempt, with everything needed to send it. */
export interface AttemptRequest {
  method: 'GET' | 'POST'
  /** Absolute URL. */
  url: string
  body?: unknown
  headers: Record<string, string>
  timeoutMs: number
  /** Option name quoted in a timeout message, so the reader knows what to raise. */
  timeoutOption: string
  /** Whether sending the request twice is harmless: reads and idempotent writes. */
  repeatable: boolean
  /** Aborts this copy (the caller cancelled, or another copy won). */
  signal: AbortSignal
  /** Clock for `Retry-After` dates, in ms since the epoch. */
  now: () => number
}

export interface AttemptResponse {
  status: number
  /**
   * Parsed JSON; `undefined` for an empty body; the text for a non-JSON 2xx response to a write.
   */
  data: unknown
}

/**
 * Sends one copy and reads its whole body within `timeoutMs`. Resolves for a usable 2xx
 * response; rejects with the core error that describes the failure.
 */
export async function sendRequest(
  fetcher: $Fetch,
  request: AttemptRequest,
): Promise<AttemptResponse> {
  const description = { method: request.method, url: request.url }
  if (request.signal.aborted) throw createAbortError(description, request.signal.reason)

  // One controller covers the whole attempt, headers and body alike, so a server that sends
  // headers and then stalls still times out.
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort(new Error(`timed out after ${request.timeoutMs} ms`))
  }, request.timeoutMs)
  const onAbort = () => controller.abort(request.signal.reason)
  request.signal.addEventListener('abort', onAbort, { once: true })

  const interrupted = (cause: unknown) => {
    if (timedOut) {
      return createTimeoutError(description, request.timeoutMs, request.timeoutOption, cause)
    }
    return request.signal.aborted ? createAbortError(description, request.signal.reason) : undefined
  }

  try {
    let response: Response
    try {
      response = await fetcher.raw(request.url, {
        method: request.method,
        body: request.body as Record<string, unknown> | undefined,
        headers: request.headers,
        signal: controller.signal,
        retry: false,
        ignoreResponseError: true,
        // Leaves the body unread, so a failure while reading it below is reported with the status.
        responseType: 'stream',
      })
    } catch (error) {
      throw interrupted(error) ?? createConnectionError(description, error)
    }

    let text: string
    try {
      text = await response.text()
    } catch (error) {
      throw (
        interrupted(error) ??
        createBodyError(description, response, error, { repeatable: request.repeatable })
      )
    }

    return interpretResponse(description, response, text, request)
  } finally {
    clearTimeout(timer)
    request.signal.removeEventListener('abort', onAbort)
  }
}

function interpretResponse(
  description: RequestDescription,
  response: Response,
  text: string,
  request: AttemptRequest,
): AttemptResponse {
  if (!response.ok) {
    throw createResponseError(description, {
      status: response.status,
      statusText: response.statusText,
      body: text === '' ? undefined : parseOrKeep(text),
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), request.now()),
    })
  }

  if (text === '') return { status: response.status, data: undefined }

  try {
    return { status: response.status, data: JSON.parse(text) }
  } catch (error) {
    // A read that returns HTML or half a document is treated as a transient fault (a proxy
    // page, a cut connection) and retried. A write was applied, so its text is returned as is.
    if (!request.repeatable) return { status: response.status, data: text }
    throw createBodyError(description, response, error, { text, repeatable: true })
  }
}

function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
