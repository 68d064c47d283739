import type { HttpEventListener } from '@fauna-etl/core'

/** Retry settings. Delays and limits are in milliseconds. */
export interface RetryOptions {
  /** Attempts per request, the first included. Integer ≥ 1; `1` turns retries off. @default 10 */
  maxAttempts?: number
  /**
   * Time budget per request, from the first attempt, in ms. No attempt starts after it; an
   * attempt in flight at that moment still finishes. @default 180_000
   */
  maxElapsedMs?: number
  /** Backoff cap of the first retry, in ms. @default 100 */
  minDelayMs?: number
  /** Largest backoff cap, in ms. @default 10_000 */
  maxDelayMs?: number
  /** Growth of the backoff cap per retry. Number ≥ 1. @default 2 */
  factor?: number
  /**
   * Largest wait taken from a `Retry-After` header, in ms. Longer values are cut to it.
   * @default 60_000
   */
  maxRetryAfterMs?: number
}

/** Hedging settings for idempotent requests. Delays are in milliseconds. */
export interface HedgeOptions {
  /**
   * Fixed hedge delay in ms. Setting it turns adaptation off.
   * @default undefined (adaptive: `percentile` of recent latencies)
   */
  delayMs?: number
  /**
   * Percentile of recent successful latencies used as the hedge delay, from 1 to 100.
   * @default 95
   */
  percentile?: number
  /** Floor of the adaptive delay, in ms. @default 50 */
  minDelayMs?: number
  /** Ceiling of the adaptive delay, in ms. @default 2_000 */
  maxDelayMs?: number
  /** Latency samples needed before the delay adapts. @default 20 */
  minSamples?: number
  /** Delay used until `minSamples` latencies are recorded, in ms. @default `maxDelayMs` */
  initialDelayMs?: number
  /** Latencies kept per tracker (a ring buffer of the most recent). @default 512 */
  sampleSize?: number
  /**
   * Whether each request label also gets its own latency tracker, which its requests then use.
   * The client-wide tracker records every request either way. @default false
   */
  perLabel?: boolean
}

export interface HttpClientOptions {
  /**
   * Absolute URL that relative request URLs are appended to, keeping its path
   * (`http://host/api` + `/items` is `http://host/api/items`). @default undefined
   */
  baseURL?: string
  /** The `fetch` implementation. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch
  /**
   * Headers sent with every request. Request headers override them; names are compared in
   * lower case. @default `{ accept: 'application/json' }`
   */
  headers?: Record<string, string>
  /** Maximum requests in flight, hedges included. Integer ≥ 1 or `Infinity`. @default 16 */
  concurrency?: number
  /** Timeout of one attempt of a read or idempotent write, in ms. @default 10_000 */
  timeoutMs?: number
  /**
   * Timeout of one attempt of a non-idempotent write, in ms. It should exceed the server's
   * slowest response time, because a write abandoned at its timeout is sent again.
   * @default 30_000
   */
  writeTimeoutMs?: number
  /** Retry settings; see {@link RetryOptions}. */
  retry?: RetryOptions
  /**
   * Hedging settings, or `false` to hedge only requests that ask for it.
   * @default adaptive hedging on
   */
  hedge?: false | HedgeOptions
  /**
   * Listener for every attempt, success, retry, hedge and give-up. Errors it throws are counted
   * in `stats().listenerErrors` and otherwise ignored. @default none
   */
  onEvent?: HttpEventListener
  /** Random source in [0, 1) for backoff jitter. @default Math.random */
  random?: () => number
  /** Clock in ms since the epoch, for elapsed time and `Retry-After` dates. @default Date.now */
  now?: () => number
  /** Waits between attempts; must reject when `signal` aborts. @default a `setTimeout` wait */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export interface ResolvedRetryOptions {
  maxAttempts: number
  maxElapsedMs: number
  minDelayMs: number
  maxDelayMs: number
  factor: number
  maxRetryAfterMs: number
}

export interface ResolvedHedgeOptions {
  enabled: boolean
  delayMs: number | undefined
  percentile: number
  minDelayMs: number
  maxDelayMs: number
  minSamples: number
  initialDelayMs: number
  sampleSize: number
  perLabel: boolean
}

export interface ResolvedHttpClientOptions {
  baseURL: string | undefined
  fetch: typeof globalThis.fetch
  headers: Record<string, string>
  concurrency: number
  timeoutMs: number
  writeTimeoutMs: number
  retry: ResolvedRetryOptions
  hedge: ResolvedHedgeOptions
  onEvent: HttpEventListener | undefined
  random: () => number
  now: () => number
  sleep: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined
}

/** Largest delay `setTimeout` accepts (2^31 - 1 ms, about 24.8 days). */
export const MAX_TIMER_MS = 2_147_483_647

/**
 * Validates every option and fills in the defaults; throws `TypeError` on the first invalid one.
 */
export function resolveHttpClientOptions(
  options: HttpClientOptions = {},
): ResolvedHttpClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`Expected \`options\` to be an object, got ${describe(options)}`)
  }

  return {
    baseURL: resolveBaseURL(options.baseURL),
    fetch: optionalFunction('fetch', options.fetch) ?? globalThis.fetch,
    headers: { accept: 'application/json', ...resolveHeaders('headers', options.headers) },
    concurrency: resolveConcurrency(options.concurrency),
    timeoutMs: milliseconds('timeoutMs', options.timeoutMs, 10_000, 1),
    writeTimeoutMs: milliseconds('writeTimeoutMs', options.writeTimeoutMs, 30_000, 1),
    retry: resolveRetryOptions(options.retry),
    hedge: resolveHedgeOptions(options.hedge),
    onEvent: optionalFunction('onEvent', options.onEvent),
    random: optionalFunction('random', options.random) ?? Math.random,
    now: optionalFunction('now', options.now) ?? Date.now,
    sleep: optionalFunction('sleep', options.sleep),
  }
}

function resolveRetryOptions(options: RetryOptions | undefined): ResolvedRetryOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`Expected \`retry\` to be an object, got ${describe(options)}`)
  }

  const retry = options ?? {}
  const resolved = {
    maxAttempts: integer('retry.maxAttempts', retry.maxAttempts, 10, 1, Number.POSITIVE_INFINITY),
    maxElapsedMs: milliseconds('retry.maxElapsedMs', retry.maxElapsedMs, 180_000, 0),
    minDelayMs: milliseconds('retry.minDelayMs', retry.minDelayMs, 100, 0),
    maxDelayMs: milliseconds('retry.maxDelayMs', retry.maxDelayMs, 10_000, 0),
    factor: numberInRange('retry.factor', retry.factor, 2, 1, 1_000, 'a number from 1 to 1000'),
    maxRetryAfterMs: milliseconds('retry.maxRetryAfterMs', retry.maxRetryAfterMs, 60_000, 0),
  }

  if (resolved.minDelayMs > resolved.maxDelayMs) {
    throw new TypeError(
      `Expected \`retry.minDelayMs\` (${resolved.minDelayMs}) to be at most \`retry.maxDelayMs\` (${resolved.maxDelayMs})`,
    )
  }
  return resolved
}

function resolveHedgeOptions(options: false | HedgeOptions | undefined): ResolvedHedgeOptions {
  if (
    options !== undefined &&
    options !== false &&
    (typeof options !== 'object' || options === null)
  ) {
    throw new TypeError(`Expected \`hedge\` to be false or an object, got ${describe(options)}`)
  }

  const hedge = options === false || options === undefined ? {} : options
  const minDelayMs = milliseconds('hedge.minDelayMs', hedge.minDelayMs, 50, 0)
  const maxDelayMs = milliseconds('hedge.maxDelayMs', hedge.maxDelayMs, 2_000, 0)
  if (minDelayMs > maxDelayMs) {
    throw new TypeError(
      `Expected \`hedge.minDelayMs\` (${minDelayMs}) to be at most \`hedge.maxDelayMs\` (${maxDelayMs})`,
    )
  }

  const sampleSize = integer('hedge.sampleSize', hedge.sampleSize, 512, 1, 1_000_000)
  return {
    enabled: options !== false,
    delayMs:
      hedge.delayMs === undefined ? undefined : milliseconds('hedge.delayMs', hedge.delayMs, 0, 0),
    percentile: numberInRange(
      'hedge.percentile',
      hedge.percentile,
      95,
      1,
      100,
      'a number from 1 to 100',
    ),
    minDelayMs,
    maxDelayMs,
    minSamples: integer('hedge.minSamples', hedge.minSamples, 20, 1, sampleSize),
    initialDelayMs: milliseconds('hedge.initialDelayMs', hedge.initialDelayMs, maxDelayMs, 0),
    sampleSize,
    perLabel: optionalBoolean('hedge.perLabel', hedge.perLabel) ?? false,
  }
}

function resolveBaseURL(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string' && URL.canParse(value)) return value
  throw new TypeError(
    `Expected \`baseURL\` to be an absolute URL such as http://127.0.0.1:3123, got ${describe(value)}`,
  )
}

function resolveConcurrency(value: unknown): number {
  if (value === Number.POSITIVE_INFINITY) return value
  return integer('concurrency', value, 16, 1, Number.MAX_SAFE_INTEGER)
}

/**
 * Checks a header record and copies it with lower-case names, so that a request's `Accept`
 * replaces the client's `accept` instead of being sent next to it.
 */
export function resolveHeaders(name: string, value: unknown): Record<string, string> {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`Expected \`${name}\` to be an object of strings, got ${describe(value)}`)
  }

  const headers: Record<string, string> = {}
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      throw new TypeError(`Expected \`${name}.${key}\` to be a string, got ${describe(item)}`)
    }
    headers[key.toLowerCase()] = item
  }
  return headers
}

/** Checks a duration in ms that feeds `setTimeout`, so it must be finite and at most 2^31 - 1. */
export function milliseconds(name: string, value: unknown, fallback: number, min: number): number {
  return numberInRange(
    name,
    value,
    fallback,
    min,
    MAX_TIMER_MS,
    `a number of ms from ${min} to ${MAX_TIMER_MS}`,
  )
}

function numberInRange(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
  range: string,
): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    throw new TypeError(`Expected \`${name}\` to be ${range}, got ${describe(value)}`)
  }
  return value
}

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  const isInteger = typeof value === 'number' && (Number.isInteger(value) || value === max)
  if (!isInteger || value < min || value > max) {
    const upper = max === Number.POSITIVE_INFINITY ? 'Infinity' : String(max)
    throw new TypeError(
      `Expected \`${name}\` to be an integer from ${min} to ${upper}, got ${describe(value)}`,
    )
  }
  return value
}

function optionalFunction<T>(name: string, value: T | undefined): T | undefined {
  if (value === undefined || typeof value === 'function') return value
  throw new TypeError(`Expected \`${name}\` to be a function, got ${describe(value)}`)
}

function optionalBoolean(name: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value
  throw new TypeError(`Expected \`${name}\` to be a boolean, got ${describe(value)}`)
}

/** Formats a received value with its type, as `0 (number)` or `"10" (string)`. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return `${JSON.stringify(value)} (string)`
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'object') {
    return Array.isArray(value) ? 'an array' : 'an object'
  }
  return `${String(value)} (${typeof value})`
}
