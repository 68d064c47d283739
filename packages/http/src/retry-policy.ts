import { HttpError } from '@fauna-etl/core'
import type { ResolvedRetryOptions } from './options.js'

export interface BackoffOptions {
  /** Backoff cap of the first retry, in ms. */
  minDelayMs: number
  /** Largest backoff cap, in ms. */
  maxDelayMs: number
  /** Growth of the cap per retry. */
  factor: number
}

/**
 * Computes the wait before retry number `attempt` (1 for the wait after the first failure) with
 * full jitter: a uniform draw from 0 to `min(maxDelayMs, minDelayMs * factor^(attempt - 1))`,
 * rounded to whole ms. Full jitter spreads clients that failed together, so they do not retry in
 * lockstep.
 */
export function computeBackoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const cap = Math.min(options.maxDelayMs, options.minDelayMs * options.factor ** (attempt - 1))
  return Math.round(random() * cap)
}

/** The wait before the next attempt, and where it came from. */
export interface RetryDelay {
  delayMs: number
  source: 'backoff' | 'retry-after'
}

/**
 * Computes the wait after a failed attempt: the server's `Retry-After`, capped by
 * `maxRetryAfterMs`, replaces the jittered backoff when the failed response carried one.
 */
export function computeRetryDelay(
  error: unknown,
  attempt: number,
  options: ResolvedRetryOptions,
  random: () => number,
): RetryDelay {
  if (error instanceof HttpError && error.retryAfterMs !== undefined) {
    return { delayMs: Math.min(error.retryAfterMs, options.maxRetryAfterMs), source: 'retry-after' }
  }
  return { delayMs: computeBackoffDelay(attempt, options, random), source: 'backoff' }
}
