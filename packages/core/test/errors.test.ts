import { describe, expect, it } from 'vitest'
import {
  BatchTooLargeError,
  ConfigError,
  type FaunaErrorCode,
  HttpError,
  isFaunaError,
  isRetryableStatus,
  NetworkError,
  RetryExhaustedError,
  TimeoutError,
  ValidationError,
} from '../src/index.js'

const request = { method: 'GET', url: 'http://127.0.0.1:3123/animals/v1/animals/7' }

describe('isRetryableStatus', () => {
  it.each([408, 425, 429, 500, 502, 503, 504])('retries %i', (status) => {
    expect(isRetryableStatus(status)).toBe(true)
  })

  it.each([400, 401, 403, 404, 409, 413, 422, 501])('does not retry %i', (status) => {
    expect(isRetryableStatus(status)).toBe(false)
  })
})

describe('error family', () => {
  it.each([
    ['HttpError 503', new HttpError('failed', { ...request, status: 503 }), 'HTTP_ERROR', true],
    ['HttpError 404', new HttpError('failed', { ...request, status: 404 }), 'HTTP_ERROR', false],
    ['NetworkError', new NetworkError('reset', request), 'NETWORK_ERROR', true],
    [
      'TimeoutError',
      new TimeoutError('timed out', { ...request, timeoutMs: 10 }),
      'HTTP_TIMEOUT',
      true,
    ],
    ['ValidationError', new ValidationError('invalid'), 'VALIDATION_ERROR', false],
    [
      'BatchTooLargeError',
      new BatchTooLargeError('too large', { batchSize: 101, maxBatchSize: 100 }),
      'BATCH_TOO_LARGE',
      false,
    ],
  ])('%s has its code and retry rule', (_name, error, code, retryable) => {
    expect(error.code).toBe(code)
    expect(error.isRetryable).toBe(retryable)
    expect(isFaunaError(error, code as FaunaErrorCode)).toBe(true)
  })

  it('keeps the last failure as cause', () => {
    const last = new HttpError('failed', { ...request, status: 503 })

    const error = new RetryExhaustedError('gave up', {
      attempts: 3,
      elapsedMs: 1200,
      limit: 'attempts',
      lastError: last,
    })

    expect(error.cause).toBe(last)
    expect(error.attempts).toBe(3)
  })

  it('rejects plain errors and other codes', () => {
    expect(isFaunaError(new Error('plain'))).toBe(false)
    expect(isFaunaError(new ValidationError('invalid'), 'HTTP_ERROR')).toBe(false)
  })
})

describe('ConfigError', () => {
  it('lists every problem with its value', () => {
    const error = new ConfigError([
      { option: '--concurrency', value: 0, message: 'out of range; expected 1 to 1024' },
      { option: '--api-url', value: 'notaurl', message: 'expected an http:// or https:// URL' },
    ])

    expect(error.message).toMatchInlineSnapshot(`
      "Invalid configuration:
        --concurrency: out of range; expected 1 to 1024 (got 0)
        --api-url: expected an http:// or https:// URL (got "notaurl")"
    `)
    expect(error.problems).toHaveLength(2)
  })
})
