import type { DeliveryReport } from './verification-ledger.js'

/** Counters of requests and chaos, part of the report. */
export interface RequestStats {
  /** Requests received per route, such as `"GET /animals/v1/animals"`; `"other"` for the rest. */
  requests: Record<string, number>
  /** Chaos events: errors returned at once and pauses before a handler. */
  chaos: { errors: number; pauses: number }
  /** `POST /animals/v1/home` requests whose handler ran, idempotent replays included. */
  postRequests: number
  /** POSTs that got 400 or 422: invalid items, rejected ids, too many items or a reused key. */
  batchesRejected: number
  /** POSTs that got 500 because of a duplicate or unknown id (verification mode only). */
  batchesFailed: number
  /** POSTs replayed from the stored response of their `Idempotency-Key`. */
  idempotentReplays: number
}

/** Everything the simulator observed, from `simulator.report()` and `GET /_simulator/report`. */
export interface VerificationReport extends DeliveryReport, RequestStats {
  seed: number
  totalPages: number
  /** Whether duplicate and unknown ids fail the request with 500. */
  verify: boolean
}

export function createRequestStats(): RequestStats {
  return {
    requests: {},
    chaos: { errors: 0, pauses: 0 },
    postRequests: 0,
    batchesRejected: 0,
    batchesFailed: 0,
    idempotentReplays: 0,
  }
}
