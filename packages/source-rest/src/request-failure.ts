import { type FaunaError, isFaunaError } from '@fauna-etl/core'

/**
 * Returns the status and body of the response that made a request fail, looking inside a retry
 * wrapper. Both are absent when the failure had no response, such as a timeout.
 */
export function readFailedResponse(error: FaunaError): { status?: number; body?: unknown } {
  const last = isFaunaError(error, 'RETRY_EXHAUSTED')
    ? (error as FaunaError & { lastError?: unknown }).lastError
    : error
  if (!isFaunaError(last, 'HTTP_ERROR')) return {}

  const { status, body } = last as FaunaError & { status: number; body: unknown }
  return { status, body }
}
