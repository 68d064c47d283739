import { randomUUID } from 'node:crypto'
import {
  BatchTooLargeError,
  type FaunaError,
  isFaunaError,
  type RecordId,
  type Sink,
  ValidationError,
} from '@fauna-etl/core'
import type { BatchRecord, StateScope, StateStore } from '@fauna-etl/state'
import type { EngineEvent, NotLoaded } from './types.js'

export interface PendingRecord<T> {
  id: RecordId
  record: T
}

export interface BatchLoaderOptions<T> {
  store: StateStore
  scope: StateScope
  sink: Sink<T>
  runId: number
  batchSize: number
  concurrency: number
  /** Fires when in-flight writes must be abandoned; writes ignore the run's own stop signal. */
  writeSignal: AbortSignal
  /** Item indexes that a 422 names, when the target names the items it rejected. */
  rejectedIndexes?: (error: ValidationError, records: T[]) => number[] | undefined
  onEvent: (event: EngineEvent) => void
  /** Called once per id when it is loaded or quarantined. */
  onResolved: (ids: RecordId[], outcome: 'loaded' | NotLoaded) => void
}

/**
 * Groups records into batches and writes them through the ledger: each batch is planned, then
 * marked sent before its write, then acknowledged after the target's 2xx, so a crash at any
 * point leaves every batch in a known state. At most `concurrency` batches are in flight.
 */
export class BatchLoader<T> {
  #batchSize: number
  #sequence = 0
  #buffer: PendingRecord<T>[] = []
  readonly #inFlight = new Set<Promise<void>>()
  readonly #options: BatchLoaderOptions<T>
  batchesSent = 0

  constructor(options: BatchLoaderOptions<T>) {
    this.#options = options
    this.#batchSize = options.batchSize
  }

  get batchSize(): number {
    return this.#batchSize
  }

  get inFlight(): number {
    return this.#inFlight.size
  }

  /** Buffers a record; when a batch is full, starts its write and waits for a free slot. */
  async add(item: PendingRecord<T>): Promise<void> {
    this.#buffer.push(item)
    if (this.#buffer.length >= this.#batchSize) await this.flush()
  }

  /** Starts the write of the buffered records, the last partial batch included. */
  async flush(): Promise<void> {
    while (this.#buffer.length > 0) {
      const items = this.#buffer.splice(0, this.#batchSize)
      const batch = this.#plan(items)
      await this.#start(() => this.#write(batch, items))
    }
  }

  /** Writes a batch that the ledger already holds, such as one a previous run left behind. */
  async resume(batch: BatchRecord): Promise<void> {
    const items = batch.ids.map((id, index) => ({ id, record: batch.payload[index] as T }))
    await this.#start(() => this.#write(batch, items))
  }

  /** Waits until every write started so far has ended. */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight])
  }

  #plan(items: PendingRecord<T>[]): BatchRecord {
    const { store, scope, runId } = this.#options
    this.#sequence += 1
    const batch = {
      batchId: `${runId}-${this.#sequence}`,
      idempotencyKey: randomUUID(),
      ids: items.map((item) => item.id),
      payload: items.map((item) => item.record),
    }
    store.markFetched(scope, batch.ids)
    store.planBatch(scope, batch)
    return { ...batch, status: 'planned', inDoubt: false, updatedAt: new Date().toISOString() }
  }

  async #start(write: () => Promise<void>): Promise<void> {
    while (this.#inFlight.size >= this.#options.concurrency) {
      await Promise.race(this.#inFlight)
    }
    const promise = write().finally(() => this.#inFlight.delete(promise))
    this.#inFlight.add(promise)
  }

  async #write(batch: BatchRecord, items: PendingRecord<T>[]): Promise<void> {
    const { store, scope, sink, onEvent, writeSignal } = this.#options
    const records = items.map((item) => item.record)
    const startedAt = Date.now()

    store.markBatchSent(scope, batch.batchId)
    this.batchesSent += 1
    onEvent({ type: 'batch-sent', batchId: batch.batchId, size: items.length })

    try {
      await sink.write(records, {
        batchId: batch.batchId,
        idempotencyKey: batch.idempotencyKey,
        signal: writeSignal,
      })
    } catch (error) {
      await this.#handleFailure(batch, items, error)
      return
    }

    store.markBatchAcknowledged(scope, batch.batchId)
    onEvent({
      type: 'batch-acknowledged',
      batchId: batch.batchId,
      size: items.length,
      durationMs: Date.now() - startedAt,
    })
    this.#options.onResolved(batch.ids, 'loaded')
  }

  async #handleFailure(batch: BatchRecord, items: PendingRecord<T>[], error: unknown) {
    const { store, scope, onEvent, writeSignal } = this.#options

    // An abandoned write may still reach the target, so the batch stays "sent": the next run
    // finds it in doubt and the in-doubt policy decides.
    if (writeSignal.aborted) return

    if (error instanceof BatchTooLargeError || isFaunaError(error, 'BATCH_TOO_LARGE')) {
      if (items.length === 1) {
        const reason = `record too large for the target: ${(error as Error).message}`
        this.#deadLetter(items, reason, 'rejected', batch.batchId)
        return
      }
      store.markBatchFailed(scope, batch.batchId, (error as Error).message)
      const size = this.#reduceBatchSize(error as BatchTooLargeError, items.length)
      await this.#rewrite(items, size)
      return
    }

    if (error instanceof ValidationError || isFaunaError(error, 'VALIDATION_ERROR')) {
      await this.#isolateRejected(batch, items, error as ValidationError)
      return
    }

    const failure = error instanceof Error ? error : new Error(String(error))
    onEvent({
      type: 'batch-failed',
      batchId: batch.batchId,
      ids: batch.ids,
      error: failure as FaunaError,
    })
    this.#deadLetter(items, `load failed: ${failure.message}`, 'failed', batch.batchId)
  }

  /** Lowers the batch size for the rest of the run and returns the size to retry with. */
  #reduceBatchSize(error: BatchTooLargeError, attempted: number): number {
    const stated = error.maxBatchSize
    const next =
      stated !== undefined && stated < attempted ? stated : Math.max(1, Math.floor(attempted / 2))

    if (next < this.#batchSize) {
      this.#options.onEvent({
        type: 'batch-size-reduced',
        from: this.#batchSize,
        to: next,
        reason: error.message,
      })
      this.#batchSize = next
    }
    return next
  }

  /**
   * Splits a batch that the target rejected with 422: records that the target named go to the
   * dead-letter table and the rest are written again. When the target does not say which
   * records it rejected, the batch is halved until each rejected record is alone in its batch.
   */
  async #isolateRejected(batch: BatchRecord, items: PendingRecord<T>[], error: ValidationError) {
    const records = items.map((item) => item.record)
    const named = this.#options.rejectedIndexes?.(error, records)
    const valid = (named ?? []).filter((index) => index >= 0 && index < items.length)
    const reason = `rejected by the target: ${describeDetail(error)}`

    if (items.length === 1) {
      this.#options.onEvent({
        type: 'batch-split',
        batchId: batch.batchId,
        rejected: batch.ids,
        detail: error.detail,
      })
      this.#deadLetter(items, reason, 'rejected', batch.batchId)
      return
    }

    if (valid.length > 0) {
      const rejectedSet = new Set(valid)
      const rejected = items.filter((_, index) => rejectedSet.has(index))
      const rest = items.filter((_, index) => !rejectedSet.has(index))
      this.#options.onEvent({
        type: 'batch-split',
        batchId: batch.batchId,
        rejected: rejected.map((item) => item.id),
        detail: error.detail,
      })
      this.#options.store.transaction(() => {
        this.#options.store.markBatchFailed(this.#options.scope, batch.batchId, reason)
        for (const index of valid) {
          const item = items[index] as PendingRecord<T>
          this.#deadLetter(
            [item],
            `rejected by the target: ${describeDetail(error, index)}`,
            'rejected',
          )
        }
      })
      await this.#rewrite(rest, this.#batchSize)
      return
    }

    this.#options.onEvent({
      type: 'batch-split',
      batchId: batch.batchId,
      rejected: [],
      detail: error.detail,
    })
    this.#options.store.markBatchFailed(this.#options.scope, batch.batchId, reason)
    await this.#rewrite(items, Math.ceil(items.length / 2))
  }

  /** Writes records again as new batches of at most `size`, one after another. */
  async #rewrite(items: PendingRecord<T>[], size: number) {
    for (let start = 0; start < items.length; start += size) {
      const part = items.slice(start, start + size)
      const batch = this.#plan(part)
      await this.#write(batch, part)
    }
  }

  /**
   * Quarantines records, and marks their batch failed in the same transaction when given, so a
   * crash cannot leave ids that are neither resolved nor in a pending batch.
   */
  #deadLetter(
    items: PendingRecord<T>[],
    reason: string,
    kind: 'rejected' | 'failed',
    failedBatchId?: string,
  ) {
    const { store, scope } = this.#options
    store.transaction(() => {
      if (failedBatchId !== undefined) store.markBatchFailed(scope, failedBatchId, reason)
      for (const item of items) {
        store.addDeadLetter(scope, { kind: 'batch', id: item.id, reason, payload: item.record })
      }
    })
    for (const item of items) this.#options.onResolved([item.id], { id: item.id, reason, kind })
  }
}

/** Renders the target's detail, narrowed to the entries about one item when it names items. */
function describeDetail(error: ValidationError, index?: number): string {
  if (error.detail === undefined) return error.message

  let detail = error.detail
  const entries = Array.isArray(detail) ? detail : (detail as { errors?: unknown })?.errors
  if (index !== undefined && Array.isArray(entries)) {
    const own = entries.filter((entry) => entryIndex(entry) === index)
    if (own.length > 0) detail = own
  }

  try {
    return JSON.stringify(detail).slice(0, 500)
  } catch {
    return error.message
  }
}

/** Item index of one error entry: FastAPI's `loc: ["body", i, ...]` or a plain `index: i`. */
function entryIndex(entry: unknown): number | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined
  const { loc, index } = entry as { loc?: unknown; index?: unknown }
  if (Array.isArray(loc) && typeof loc[1] === 'number') return loc[1]
  return typeof index === 'number' ? index : undefined
}
