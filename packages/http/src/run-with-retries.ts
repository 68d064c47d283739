import type { RequestDescription } from '@fauna-etl/core'
import pRetry from 'p-retry'
import { createAbortError, createRetryExhaustedError, isRetryableFailure } from './errors.js'
import type { ResolvedRetryOptions } from './options.js'
import { computeRetryDelay } from './retry-policy.js'

export interface RetryInfo {
  error: Error
  /** The attempt that failed, 1-based. */
  attempt: number
  /** Wait before the next attempt, in ms. */
  delayMs: number
}

export interface RetryRun {
  request: RequestDescription
  options: ResolvedRetryOptions
  random: () => number
  now: () => number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  signal?: AbortSignal | undefined
  /** Called before each wait. */
  onRetry: (info: RetryInfo) => void
}

/**
 * Runs `operation` until it succeeds, fails with a non-retryable error (rejected as is), or runs
 * out of attempts or time (`RetryExhaustedError`). An aborted signal rejects with `AbortError`.
 */
export async function runWithRetries<T>(
  operation: (attempt: number) => Promise<T>,
  run: RetryRun,
): Promise<T> {
  const { options, signal } = run
  const startedAt = run.now()
  let attempts = 0
  let stoppedBy: 'elapsed' | 'not-retryable' | undefined

  try {
    return await pRetry(
      (attempt) => {
        attempts = attempt
        return operation(attempt)
      },
      {
        retries: options.maxAttempts - 1,
        // p-retry counts attempts and stops on abort. This module picks and sleeps each wait
        // (full jitter, Retry-After, an injectable clock), so p-retry's own wait is zero.
        minTimeout: 0,
        signal,
        shouldRetry: async ({ error, attemptNumber }) => {
          if (signal?.aborted) return false
          if (!isRetryableFailure(error)) {
            stoppedBy = 'not-retryable'
            return false
          }

          const { delayMs } = computeRetryDelay(error, attemptNumber, options, run.random)
          if (run.now() - startedAt + delayMs > options.maxElapsedMs) {
            stoppedBy = 'elapsed'
            return false
          }

          run.onRetry({ error, attempt: attemptNumber, delayMs })
          await run.sleep(delayMs, signal)
          return true
        },
      },
    )
  } catch (error) {
    if (signal?.aborted) throw createAbortError(run.request, signal.reason)
    if (stoppedBy === 'not-retryable' || !isRetryableFailure(error)) throw error

    const limit = stoppedBy ?? 'attempts'
    const bound =
      limit === 'elapsed'
        ? `retry.maxElapsedMs is ${options.maxElapsedMs}, and the next attempt would start after it`
        : `retry.maxAttempts is ${options.maxAttempts}`
    throw createRetryExhaustedError(run.request, {
      attempts,
      elapsedMs: run.now() - startedAt,
      limit,
      lastError: error,
      bound,
    })
  }
}
