import { createHash } from 'node:crypto'
import type { SimulatorResponse } from './simulator-response.js'

export type IdempotencyLookup =
  | { kind: 'new' }
  | { kind: 'replay'; response: SimulatorResponse }
  /** The key was first used with another request body. */
  | { kind: 'conflict' }

export interface IdempotencyStore {
  lookup(key: string, body: string): IdempotencyLookup
  save(key: string, body: string, response: SimulatorResponse): void
}

/**
 * Creates the store of responses by `Idempotency-Key`. It keeps every key for the life of the
 * server, which is fine for test runs of a few thousand batches.
 */
export function createIdempotencyStore(): IdempotencyStore {
  const entries = new Map<string, { bodyHash: string; response: SimulatorResponse }>()

  return {
    lookup(key, body) {
      const entry = entries.get(key)
      if (!entry) return { kind: 'new' }
      if (entry.bodyHash !== hashBody(body)) return { kind: 'conflict' }
      return { kind: 'replay', response: entry.response }
    },
    save(key, body, response) {
      entries.set(key, { bodyHash: hashBody(body), response })
    },
  }
}

function hashBody(body: string): string {
  return createHash('sha256').update(body).digest('hex')
}
