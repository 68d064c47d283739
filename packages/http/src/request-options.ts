import type { GetOptions, PostOptions, RequestLabel } from '@fauna-etl/core'
import { describe, milliseconds, resolveHeaders } from './options.js'

/** Per-request options after validation. */
export interface ResolvedRequestOptions {
  signal: AbortSignal | undefined
  headers: Record<string, string>
  timeoutMs: number | undefined
  label: RequestLabel | undefined
  /**
   * Hedge setting: `false` is off, a number is the delay in ms, `true` is on with the client's
   * delay, and `undefined` follows the client.
   */
  hedge: boolean | number | undefined
  idempotent: boolean
}

/** Validates the options of one `get` or `post` call; throws `TypeError` naming the bad one. */
export function resolveRequestOptions(
  options: GetOptions & PostOptions = {},
): ResolvedRequestOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`Expected request options to be an object, got ${describe(options)}`)
  }

  const { signal, label, hedge, idempotent } = options
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`Expected \`signal\` to be an AbortSignal, got ${describe(signal)}`)
  }
  if (label !== undefined && typeof label !== 'string') {
    throw new TypeError(`Expected \`label\` to be a string, got ${describe(label)}`)
  }
  if (idempotent !== undefined && typeof idempotent !== 'boolean') {
    throw new TypeError(`Expected \`idempotent\` to be a boolean, got ${describe(idempotent)}`)
  }

  return {
    signal,
    headers: resolveHeaders('headers', options.headers),
    timeoutMs:
      options.timeoutMs === undefined
        ? undefined
        : milliseconds('timeoutMs', options.timeoutMs, 0, 1),
    label,
    hedge: typeof hedge === 'number' ? milliseconds('hedge', hedge, 0, 0) : resolveHedgeFlag(hedge),
    idempotent: idempotent ?? false,
  }
}

function resolveHedgeFlag(value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value
  throw new TypeError(`Expected \`hedge\` to be a boolean or a delay in ms, got ${describe(value)}`)
}
