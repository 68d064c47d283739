import {
  type FaunaError,
  type HttpClient,
  type HttpError,
  isFaunaError,
  type PostOptions,
  type RetryExhaustedError,
  type Sink,
  type SinkWriteContext,
  type SinkWriteResult,
} from '@fauna-etl/core'
import { toBatchTooLargeError } from './to-batch-too-large-error.js'

export interface HttpBatchSinkOptions {
  /** Name used in errors and run summaries, for example `animals-home`. */
  name: string
  /** Client that sends the requests and retries them. `url` is resolved against its base URL. */
  client: HttpClient
  /** URL that each batch is posted to as a JSON array, for example `/animals/v1/home`. */
  url: string
  /** Largest number of records per request that the target accepts (a positive integer). */
  maxBatchSize: number
  /**
   * Header that carries `context.idempotencyKey`, for example `Idempotency-Key`. Set it only
   * when the target deduplicates by that header: the sink then declares `idempotent: true`, and
   * the client may hedge a write or give it up at its timeout. Default: none, so the sink is not
   * idempotent.
   */
  idempotencyKeyHeader?: string
  /** Request label that client events and summaries count by. Default `load`. */
  label?: string
  /** Per-attempt timeout of each write in milliseconds. Default: the client's POST timeout. */
  timeoutMs?: number
}

/**
 * Creates a sink that posts each batch as one JSON array.
 *
 * `write` resolves to `{ accepted: records.length, response }` with the parsed response body. It
 * rejects with a `TypeError` for a batch larger than `maxBatchSize` (before any request), a
 * `BatchTooLargeError` when the target responds with 413 or a 400 that rejects the size, the client's
 * `ValidationError` for a 422, and the client's other `FaunaError`s otherwise.
 */
export function createHttpBatchSink<T>(options: HttpBatchSinkOptions): Sink<T> {
  checkOptions(options)
  const { name, client, url, maxBatchSize, idempotencyKeyHeader, timeoutMs } = options
  const label = options.label ?? 'load'
  const idempotent = idempotencyKeyHeader !== undefined

  async function write(records: T[], context: SinkWriteContext): Promise<SinkWriteResult> {
    if (!Array.isArray(records)) {
      throw new TypeError(`Sink ${name}: write expects an array of records, got ${typeof records}`)
    }
    if (records.length > maxBatchSize) {
      throw new TypeError(
        `Sink ${name}: batch ${context.batchId} has ${records.length} records, more than ` +
          `maxBatchSize ${maxBatchSize}; split it before calling write`,
      )
    }
    if (records.length === 0) return { accepted: 0 }

    const postOptions: PostOptions = { label, idempotent }
    if (context.signal !== undefined) postOptions.signal = context.signal
    if (timeoutMs !== undefined) postOptions.timeoutMs = timeoutMs
    if (idempotencyKeyHeader !== undefined) {
      if (typeof context.idempotencyKey !== 'string' || context.idempotencyKey === '') {
        throw new TypeError(
          `Sink ${name}: batch ${context.batchId} has no idempotencyKey, which the ` +
            `${idempotencyKeyHeader} header requires`,
        )
      }
      postOptions.headers = { [idempotencyKeyHeader]: context.idempotencyKey }
    }

    try {
      const response = await client.post(url, records, postOptions)
      return { accepted: records.length, response }
    } catch (error) {
      throw classifyWriteError(error, records.length)
    }
  }

  return { name, maxBatchSize, idempotent, write }
}

/**
 * Turns size rejections into `BatchTooLargeError` and unwraps a retry wrapper around a
 * rejection that retrying cannot fix, so that callers see the `ValidationError` of a 422.
 */
function classifyWriteError(error: unknown, batchSize: number): unknown {
  const rejection = isFaunaError(error, 'RETRY_EXHAUSTED')
    ? ((error as RetryExhaustedError).lastError as FaunaError)
    : error

  if (isFaunaError(rejection, 'HTTP_ERROR')) {
    return toBatchTooLargeError(rejection as HttpError, batchSize) ?? error
  }
  if (isFaunaError(rejection, 'VALIDATION_ERROR')) return rejection
  return error
}

function checkOptions(options: HttpBatchSinkOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`createHttpBatchSink expects an options object, got ${String(options)}`)
  }

  const { name, client, url, maxBatchSize, idempotencyKeyHeader, label, timeoutMs } = options
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(`Option name must be a non-empty string, got ${describe(name)}`)
  }
  if (typeof client?.post !== 'function') {
    throw new TypeError(
      `Option client must be an HttpClient with a post method, got ${describe(client)}`,
    )
  }
  if (typeof url !== 'string' || url === '') {
    throw new TypeError(`Option url must be a non-empty string, got ${describe(url)}`)
  }
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
    throw new TypeError(
      `Option maxBatchSize must be a positive integer, got ${describe(maxBatchSize)}`,
    )
  }
  // An HTTP field name is a token: letters, digits and a few symbols, no spaces (RFC 9110).
  if (
    idempotencyKeyHeader !== undefined &&
    (typeof idempotencyKeyHeader !== 'string' ||
      !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(idempotencyKeyHeader))
  ) {
    throw new TypeError(
      `Option idempotencyKeyHeader must be an HTTP header name, got ${describe(idempotencyKeyHeader)}`,
    )
  }
  if (label !== undefined && (typeof label !== 'string' || label === '')) {
    throw new TypeError(`Option label must be a non-empty string, got ${describe(label)}`)
  }
  if (timeoutMs !== undefined && (!Number.isFinite(timeoutMs) || timeoutMs <= 0)) {
    throw new TypeError(
      `Option timeoutMs must be a positive number of milliseconds, got ${describe(timeoutMs)}`,
    )
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'object' && value !== null) return 'an object'
  return `${String(value)} (${typeof value})`
}
