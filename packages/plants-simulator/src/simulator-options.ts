import { DEFAULT_SEED, MAX_PLANTS } from './plant-dataset.js'

export interface PlantsSimulatorOptions {
  /**
   * Seed of the dataset and of the chaos decisions, an integer from 0 to 2^32 - 1. The same seed
   * gives the same plants, and the same chaos for the same sequence of requests. Default: `1`.
   */
  seed?: number
  /** Number of plants in the source, an integer from 0 to 1,000,000. Default: `1234`. */
  plants?: number
  /**
   * Probability, from 0 to 1, that a request other than `GET /` and `GET /_simulator/report` is
   * disturbed. Half of the disturbed requests fail at once with 500, 502, 503 or 504, and half
   * pause before the handler runs. Default: `2 / 101` (about 1.98 %).
   */
  chaosRate?: number
  /**
   * Factor applied to chaos pauses, which last a whole number of seconds from 5 to 15. `0.001`
   * turns them into 5 to 15 ms and `0` into no wait. At most 1000. Default: `1`.
   */
  pauseScale?: number
  /** Maximum number of plants per `POST /garden/v1/beds`, from 1 to 10,000. More gets 413. Default: `50`. */
  maxBatchSize?: number
  /**
   * Strict verification. When `true`, a delivered plant whose values differ from the expected
   * record gets 422, and a duplicate or unknown id fails the whole request with 500. When `false`,
   * all of them are accepted and only counted in the report. Default: `false`.
   */
  verify?: boolean
  /**
   * Honour the `Idempotency-Key` header on `POST /garden/v1/beds`: a repeated key replays the
   * stored response without applying the batch again. Default: `true`.
   */
  idempotency?: boolean
  /** TCP port to listen on, or `0` for a free port. Default: `0`. */
  port?: number
  /** Address to listen on. Default: `'127.0.0.1'`. */
  host?: string
}

export type ResolvedSimulatorOptions = Required<PlantsSimulatorOptions>

export const DEFAULT_SIMULATOR_OPTIONS: ResolvedSimulatorOptions = {
  seed: DEFAULT_SEED,
  plants: 1234,
  chaosRate: 2 / 101,
  pauseScale: 1,
  maxBatchSize: 50,
  verify: false,
  idempotency: true,
  port: 0,
  host: '127.0.0.1',
}

/** Fills in the defaults and throws a `TypeError` naming the first invalid option. */
export function resolveSimulatorOptions(
  options: PlantsSimulatorOptions = {},
): ResolvedSimulatorOptions {
  const resolved = { ...DEFAULT_SIMULATOR_OPTIONS }

  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue
    if (!(key in DEFAULT_SIMULATOR_OPTIONS)) {
      throw new TypeError(
        `Unknown option "${key}". Expected one of: ${Object.keys(DEFAULT_SIMULATOR_OPTIONS).join(', ')}.`,
      )
    }
    Object.assign(resolved, { [key]: value })
  }

  checkInteger('seed', resolved.seed, 0, 2 ** 32 - 1)
  checkInteger('plants', resolved.plants, 0, MAX_PLANTS)
  checkNumber('chaosRate', resolved.chaosRate, 0, 1)
  checkNumber('pauseScale', resolved.pauseScale, 0, 1000)
  checkInteger('maxBatchSize', resolved.maxBatchSize, 1, 10_000)
  checkBoolean('verify', resolved.verify)
  checkBoolean('idempotency', resolved.idempotency)
  checkInteger('port', resolved.port, 0, 65_535)
  if (typeof resolved.host !== 'string' || resolved.host === '') {
    throw new TypeError(
      `Expected option "host" to be a non-empty string, ${describeValue(resolved.host)}.`,
    )
  }

  return resolved
}

function checkInteger(name: string, value: unknown, min: number, max: number): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new TypeError(
      `Expected option "${name}" to be an integer from ${min} to ${max}, ${describeValue(value)}.`,
    )
  }
}

function checkNumber(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw new TypeError(
      `Expected option "${name}" to be a number from ${min} to ${max}, ${describeValue(value)}.`,
    )
  }
}

function checkBoolean(name: string, value: unknown): void {
  if (typeof value !== 'boolean') {
    throw new TypeError(`Expected option "${name}" to be a boolean, ${describeValue(value)}.`)
  }
}

function describeValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value)
  return `received ${text} (${value === null ? 'null' : typeof value})`
}
