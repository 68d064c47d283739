import type { IdempotencyStore } from './idempotency-store.js'
import type { SimulatorEvent } from './simulator-options.js'
import {
  INTERNAL_SERVER_ERROR,
  jsonResponse,
  type SimulatorResponse,
} from './simulator-response.js'
import { validateHomeBatch } from './validate-home-batch.js'
import type { VerificationLedger } from './verification-ledger.js'
import type { RequestStats } from './verification-report.js'

export interface HomeRouteContext {
  ledger: VerificationLedger
  stats: RequestStats
  /** `undefined` when the `Idempotency-Key` header is ignored. */
  idempotencyStore: IdempotencyStore | undefined
  maxBatchSize: number
  rejectIds: ReadonlySet<number>
  emit: (event: SimulatorEvent) => void
}

/**
 * Creates the handler of `POST /animals/v1/home`. Validation of every item runs before the size
 * check, like FastAPI's body validation runs before the original's handler, so 101 items with
 * one invalid item get 422 rather than 400.
 */
export function createHomeRoute(context: HomeRouteContext) {
  const { ledger, stats, idempotencyStore, emit } = context

  const process = (parsed: ParsedBody): { response: SimulatorResponse; conflict?: Conflict } => {
    if (!parsed.ok) {
      stats.batchesRejected++
      return { response: parsed.response }
    }

    const validation = validateHomeBatch(parsed.value, context.rejectIds)
    if (!validation.ok) {
      stats.batchesRejected++
      return { response: jsonResponse(422, { detail: validation.issues }) }
    }

    const { animals } = validation
    if (animals.length > context.maxBatchSize) {
      stats.batchesRejected++
      const detail = `Sorry, only ${context.maxBatchSize} animals at a time`
      return { response: jsonResponse(400, { detail }) }
    }

    const outcome = ledger.record(animals)
    if (!outcome.ok) {
      stats.batchesFailed++
      return {
        response: INTERNAL_SERVER_ERROR,
        conflict: { reason: outcome.reason, id: outcome.id },
      }
    }
    return { response: jsonResponse(200, { message: `Helped ${animals.length} find home` }) }
  }

  return (bodyText: string, idempotencyKey: string | undefined): SimulatorResponse => {
    stats.postRequests++
    const parsed = parseJsonBody(bodyText)
    const posted = parsed.ok && Array.isArray(parsed.value) ? parsed.value.length : 0
    const useKey = idempotencyStore !== undefined && idempotencyKey !== undefined

    if (useKey) {
      const stored = idempotencyStore.lookup(idempotencyKey, bodyText)
      if (stored.kind === 'replay') {
        stats.idempotentReplays++
        const { status } = stored.response
        emit({ type: 'home', status, posted, remaining: ledger.remaining(), replayed: true })
        return stored.response
      }
      if (stored.kind === 'conflict') {
        stats.batchesRejected++
        return jsonResponse(422, {
          detail: `Idempotency-Key "${idempotencyKey}" was already used with a different body; send a new key for a new batch`,
        })
      }
    }

    const { response, conflict } = process(parsed)
    if (useKey) idempotencyStore.save(idempotencyKey, bodyText, response)

    const remaining = ledger.remaining()
    emit({ type: 'home', status: response.status, posted, remaining, replayed: false, conflict })
    return response
  }
}

type Conflict = { reason: 'duplicate' | 'unknown'; id: number }
type ParsedBody = { ok: true; value: unknown } | { ok: false; response: SimulatorResponse }

function parseJsonBody(text: string): ParsedBody {
  if (text.trim() === '') {
    return {
      ok: false,
      response: jsonResponse(422, {
        detail: [{ loc: ['body'], msg: 'field required', type: 'value_error.missing' }],
      }),
    }
  }

  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    // NOTE: FastAPI reports the character position of the error in `loc`; JSON.parse does not
    // expose it reliably, so `loc` contains 0.
    const message = error instanceof Error ? error.message : String(error)
    return {
      ok: false,
      response: jsonResponse(422, {
        detail: [{ loc: ['body', 0], msg: message, type: 'value_error.jsondecode' }],
      }),
    }
  }
}
