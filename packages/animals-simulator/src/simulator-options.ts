import { randomInt } from 'node:crypto'
import { EARLIEST_BORN_AT_MS, MAX_PAGES } from './animals-dataset.js'

/** Something the simulator did, for logs and progress output. */
export type SimulatorEvent =
  | { type: 'chaos-error'; method: string; path: string; status: number }
  | { type: 'chaos-pause'; method: string; path: string; ms: number }
  /** A `POST /animals/v1/home` whose handler ran; `remaining` counts undelivered animals. */
  | {
      type: 'home'
      status: number
      /** Number of items in the posted array, 0 when the body is not an array. */
      posted: number
      remaining: number
      /** Whether the response was replayed from a stored `Idempotency-Key`. */
      replayed: boolean
      /** The duplicate or unknown id that failed the request in verification mode. */
      conflict?: { reason: 'duplicate' | 'unknown'; id: number }
    }

export interface AnimalsSimulatorOptions {
  /**
   * Seed of the data and of the chaos decisions, an integer from 0 to 2^32 - 1. The same seed,
   * `pages` and `now` give the same animals, and the same chaos for the same order of requests.
   * Default: a random seed, exposed as `simulator.seed`.
   */
  seed?: number
  /** Number of pages of 10 animals, from 1 to 1,000,000. Default: drawn from the seed, 500 to 600. */
  pages?: number
  /**
   * Upper bound of `born_at` in epoch milliseconds, like the original's start time.
   * Default: the time the simulator starts.
   */
  now?: number
  /**
   * Probability, from 0 to 1, that a request other than `GET /` and `GET /_simulator/report` is
   * disturbed. Default: `2 / 101` (about 1.98 %), like the original.
   */
  chaosRate?: number
  /**
   * Share, from 0 to 1, of disturbed requests that fail at once with 500, 502, 503 or 504 and
   * the body `Sorry!`; the others pause before the handler runs. Default: `0.5`.
   */
  chaosErrorShare?: number
  /**
   * Factor applied to chaos pauses, which last a whole number of seconds from 5 to 15: `0.01`
   * makes them 50 to 150 ms and `0` removes the wait. From 0 to 1000. Default: `1`.
   */
  pauseScale?: number
  /**
   * Verification mode of the original: a duplicate or unknown id fails the whole
   * `POST /animals/v1/home` with 500, and the ids before it in the batch stay delivered. Without
   * it the same conflicts are only counted in the report. Default: `false`.
   */
  verify?: boolean
  /** Extra latency of each `GET /animals/v1/animals/{id}`, in milliseconds, from 0 to 60,000. Default: `0`. */
  detailLatencyMs?: number
  /** Maximum number of animals per POST, from 1 to 100,000; more gets 400. Default: `100`. */
  maxBatchSize?: number
  /** Ids whose presence in a POST makes it fail with 422 naming those items. Default: none. */
  rejectIds?: readonly number[]
  /**
   * Honour the `Idempotency-Key` header of `POST /animals/v1/home`: a later request with a
   * stored key gets the stored status and body and is not applied again. Default: `true`.
   */
  idempotency?: boolean
  /** TCP port; `0` picks a free one. Default: `0`. */
  port?: number
  /** Address to listen on. Default: `'127.0.0.1'`. */
  host?: string
  /** Called for each chaos event and each handled POST. Default: none. */
  onEvent?: (event: SimulatorEvent) => void
}

export interface ResolvedSimulatorOptions
  extends Required<Omit<AnimalsSimulatorOptions, 'pages' | 'now' | 'onEvent'>> {
  pages: number | undefined
  now: number
  onEvent: ((event: SimulatorEvent) => void) | undefined
}

const OPTION_NAMES = [
  'seed',
  'pages',
  'now',
  'chaosRate',
  'chaosErrorShare',
  'pauseScale',
  'verify',
  'detailLatencyMs',
  'maxBatchSize',
  'rejectIds',
  'idempotency',
  'port',
  'host',
  'onEvent',
]

/** Fills in the defaults and throws a `TypeError` naming the first invalid option. */
export function resolveSimulatorOptions(
  options: AnimalsSimulatorOptions = {},
): ResolvedSimulatorOptions {
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) {
      throw new TypeError(`Unknown option "${key}". Expected one of: ${OPTION_NAMES.join(', ')}.`)
    }
  }

  const resolved: ResolvedSimulatorOptions = {
    seed: options.seed ?? randomInt(0, 2 ** 32),
    pages: options.pages,
    now: options.now ?? Date.now(),
    chaosRate: options.chaosRate ?? 2 / 101,
    chaosErrorShare: options.chaosErrorShare ?? 0.5,
    pauseScale: options.pauseScale ?? 1,
    verify: options.verify ?? false,
    detailLatencyMs: options.detailLatencyMs ?? 0,
    maxBatchSize: options.maxBatchSize ?? 100,
    rejectIds: options.rejectIds ?? [],
    idempotency: options.idempotency ?? true,
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    onEvent: options.onEvent,
  }

  checkInteger('seed', resolved.seed, 0, 2 ** 32 - 1)
  if (resolved.pages !== undefined) checkInteger('pages', resolved.pages, 1, MAX_PAGES)
  checkNumber('now', resolved.now, EARLIEST_BORN_AT_MS, Number.MAX_SAFE_INTEGER)
  checkNumber('chaosRate', resolved.chaosRate, 0, 1)
  checkNumber('chaosErrorShare', resolved.chaosErrorShare, 0, 1)
  checkNumber('pauseScale', resolved.pauseScale, 0, 1000)
  checkBoolean('verify', resolved.verify)
  checkNumber('detailLatencyMs', resolved.detailLatencyMs, 0, 60_000)
  checkInteger('maxBatchSize', resolved.maxBatchSize, 1, 100_000)
  checkIntegerArray('rejectIds', resolved.rejectIds)
  checkBoolean('idempotency', resolved.idempotency)
  checkInteger('port', resolved.port, 0, 65_535)
  if (typeof resolved.host !== 'string' || resolved.host === '') {
    throw new TypeError(
      `Expected option "host" to be a non-empty string, ${describe(resolved.host)}.`,
    )
  }
  if (resolved.onEvent !== undefined && typeof resolved.onEvent !== 'function') {
    throw new TypeError(
      `Expected option "onEvent" to be a function, ${describe(resolved.onEvent)}.`,
    )
  }

  return resolved
}

function checkInteger(name: string, value: unknown, min: number, max: number): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new TypeError(
      `Expected option "${name}" to be an integer from ${min} to ${max}, ${describe(value)}.`,
    )
  }
}

function checkNumber(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw new TypeError(
      `Expected option "${name}" to be a number from ${min} to ${max}, ${describe(value)}.`,
    )
  }
}

function checkBoolean(name: string, value: unknown): void {
  if (typeof value !== 'boolean') {
    throw new TypeError(`Expected option "${name}" to be a boolean, ${describe(value)}.`)
  }
}

function checkIntegerArray(name: string, value: unknown): void {
  if (!Array.isArray(value) || !value.every((item) => Number.isInteger(item))) {
    throw new TypeError(`Expected option "${name}" to be an array of integers, ${describe(value)}.`)
  }
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value)
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  return `received ${text} (${type})`
}
