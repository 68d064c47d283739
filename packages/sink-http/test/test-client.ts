import type { HttpClient } from '@fauna-etl/core'
import { createHttpClient } from '@fauna-etl/http'

/**
 * Creates the HTTP client of the tests: the real client with one quick retry and no hedging,
 * so a failing response costs two requests and a few milliseconds.
 */
export function createTestClient(baseURL: string): HttpClient {
  return createHttpClient({
    baseURL,
    timeoutMs: 5_000,
    retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 5 },
    hedge: false,
  })
}
