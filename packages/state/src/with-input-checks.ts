import { StateError } from '@fauna-etl/core'
import type { StateStore } from './state-store.js'
import {
  BATCH_STATUSES,
  DEAD_LETTER_KINDS,
  describeType,
  FINAL_RUN_STATUSES,
  validateNonEmptyString,
  validateOneOf,
  validateRecordId,
  validateRecordIds,
  validateScope,
} from './validate-input.js'

/**
 * Wraps a store so that both implementations check their arguments the same way: invalid
 * arguments throw `TypeError` naming the argument, and every call after `close()` throws
 * `StateError`. `storeName` names the store in that message, for example the file path.
 */
export function withInputChecks(store: StateStore, storeName: string): StateStore {
  let closed = false

  const assertOpen = (method: string): void => {
    if (closed) {
      throw new StateError(`${method}: the state store ${storeName} is closed. Open a new one.`)
    }
  }

  return {
    beginRun(scope) {
      assertOpen('beginRun')
      validateScope('beginRun', scope)
      return store.beginRun(scope)
    },

    finishRun(runId, status, summary) {
      assertOpen('finishRun')
      validateInteger('finishRun: runId', runId)
      validateOneOf('finishRun: status', status, FINAL_RUN_STATUSES)
      store.finishRun(runId, status, summary)
    },

    getListingCheckpoint(scope) {
      assertOpen('getListingCheckpoint')
      validateScope('getListingCheckpoint', scope)
      return store.getListingCheckpoint(scope)
    },

    saveListingCheckpoint(scope, checkpoint) {
      assertOpen('saveListingCheckpoint')
      validateScope('saveListingCheckpoint', scope)
      if (checkpoint.position !== null) {
        validateRecordId('saveListingCheckpoint: checkpoint.position', checkpoint.position)
      }
      if (typeof checkpoint.complete !== 'boolean') {
        throw new TypeError(
          `saveListingCheckpoint: checkpoint.complete must be a boolean, got ${describeType(checkpoint.complete)}`,
        )
      }
      store.saveListingCheckpoint(scope, checkpoint)
    },

    markFetched(scope, ids) {
      assertOpen('markFetched')
      validateScope('markFetched', scope)
      validateRecordIds('markFetched', ids)
      store.markFetched(scope, ids)
    },

    resolvedIds(scope) {
      assertOpen('resolvedIds')
      validateScope('resolvedIds', scope)
      return store.resolvedIds(scope)
    },

    planBatch(scope, batch) {
      assertOpen('planBatch')
      validateScope('planBatch', scope)
      validateNonEmptyString('planBatch: batchId', batch.batchId)
      validateNonEmptyString('planBatch: idempotencyKey', batch.idempotencyKey)
      validateRecordIds('planBatch', batch.ids)
      if (!Array.isArray(batch.payload)) {
        throw new TypeError(
          `planBatch: payload must be an array, got ${describeType(batch.payload)}`,
        )
      }
      store.planBatch(scope, batch)
    },

    markBatchSent(scope, batchId) {
      assertOpen('markBatchSent')
      validateScope('markBatchSent', scope)
      validateNonEmptyString('markBatchSent: batchId', batchId)
      store.markBatchSent(scope, batchId)
    },

    markBatchAcknowledged(scope, batchId) {
      assertOpen('markBatchAcknowledged')
      validateScope('markBatchAcknowledged', scope)
      validateNonEmptyString('markBatchAcknowledged: batchId', batchId)
      store.markBatchAcknowledged(scope, batchId)
    },

    markBatchFailed(scope, batchId, reason) {
      assertOpen('markBatchFailed')
      validateScope('markBatchFailed', scope)
      validateNonEmptyString('markBatchFailed: batchId', batchId)
      validateNonEmptyString('markBatchFailed: reason', reason)
      store.markBatchFailed(scope, batchId, reason)
    },

    markBatchInDoubt(scope, batchId) {
      assertOpen('markBatchInDoubt')
      validateScope('markBatchInDoubt', scope)
      validateNonEmptyString('markBatchInDoubt: batchId', batchId)
      store.markBatchInDoubt(scope, batchId)
    },

    listBatches(scope, status) {
      assertOpen('listBatches')
      validateScope('listBatches', scope)
      if (status !== undefined) validateOneOf('listBatches: status', status, BATCH_STATUSES)
      return store.listBatches(scope, status)
    },

    addDeadLetter(scope, letter) {
      assertOpen('addDeadLetter')
      validateScope('addDeadLetter', scope)
      validateOneOf('addDeadLetter: letter.kind', letter.kind, DEAD_LETTER_KINDS)
      if (letter.id !== undefined) validateRecordId('addDeadLetter: letter.id', letter.id)
      validateNonEmptyString('addDeadLetter: letter.reason', letter.reason)
      return store.addDeadLetter(scope, letter)
    },

    listDeadLetters(scope, options) {
      assertOpen('listDeadLetters')
      validateScope('listDeadLetters', scope)
      return store.listDeadLetters(scope, options)
    },

    markDeadLetterReplayed(deadLetterIds) {
      assertOpen('markDeadLetterReplayed')
      validateDeadLetterIds('markDeadLetterReplayed', deadLetterIds)
      store.markDeadLetterReplayed(deadLetterIds)
    },

    releaseDeadLetters(scope, deadLetterIds) {
      assertOpen('releaseDeadLetters')
      validateScope('releaseDeadLetters', scope)
      validateDeadLetterIds('releaseDeadLetters', deadLetterIds)
      store.releaseDeadLetters(scope, deadLetterIds)
    },

    reset(scope) {
      assertOpen('reset')
      validateScope('reset', scope)
      return store.reset(scope)
    },

    transaction(fn) {
      assertOpen('transaction')
      if (typeof fn !== 'function') {
        throw new TypeError(`transaction: expected a function, got ${describeType(fn)}`)
      }
      return store.transaction(fn)
    },

    close() {
      if (closed) return
      closed = true
      store.close()
    },
  }
}

function validateInteger(label: string, value: unknown): void {
  if (!Number.isSafeInteger(value)) {
    throw new TypeError(`${label} must be an integer, got ${describeType(value)}`)
  }
}

function validateDeadLetterIds(method: string, deadLetterIds: unknown): void {
  if (!Array.isArray(deadLetterIds)) {
    throw new TypeError(
      `${method}: deadLetterIds must be an array, got ${describeType(deadLetterIds)}`,
    )
  }
  deadLetterIds.forEach((id, index) => {
    validateInteger(`${method}: deadLetterIds[${index}]`, id)
  })
}
