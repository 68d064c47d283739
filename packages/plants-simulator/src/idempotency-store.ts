import { createHash } from 'node:crypto'
import { jsonResponse, type SimulatorResponse } from './simulator-response.js'

export interface IdempotencyStore {
  /**
   * Runs `handle` once per key and returns its stored response for every later request with the
   * same key and body. A known key with a different body gets 422 and `handle` does not run.
   */
  run(key: string, rawBody: string, handle: () => SimulatorResponse): SimulatorResponse
  /** Number of responses replayed from the store. */
  readonly replays: number
}

/**
 * Creates an in-memory store of POST responses by `Idempotency-Key`. It keeps every key for the
 * life of the server, which is fine for test runs of a few thousand requests.
 */
export function createIdempotencyStore(): IdempotencyStore {
  const entries = new Map<string, { fingerprint: string; response: SimulatorResponse }>()
  let replays = 0

  return {
    run(key, rawBody, handle) {
      const fingerprint = createHash('sha256').update(rawBody).digest('hex')
      const stored = entries.get(key)

      if (stored === undefined) {
        const response = handle()
        entries.set(key, { fingerprint, response })
        return response
      }

      if (stored.fingerprint !== fingerprint) {
        return jsonResponse(422, {
          error: `Idempotency-Key ${JSON.stringify(key)} was already used with a different body; send a new key for a new batch`,
          field: 'Idempotency-Key',
        })
      }

      replays += 1
      return {
        ...stored.response,
        headers: { ...stored.response.headers, 'idempotent-replayed': 'true' },
      }
    },

    get replays() {
      return replays
    },
  }
}
