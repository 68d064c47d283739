import type { RecordId, Sink, ValidationError } from '@fauna-etl/core'
import type { StateScope, StateStore } from '@fauna-etl/state'
import { BatchLoader } from './batch-loader.js'
import type { EngineEvent, NotLoaded } from './types.js'

export interface ReplayOptions<T> {
  store: StateStore
  scope: StateScope
  sink: Sink<T>
  /** Records per batch. Default: the sink's maximum. */
  batchSize?: number
  /** Batches posted at once. Default 4. */
  sinkConcurrency?: number
  rejectedIndexes?: (error: ValidationError, records: T[]) => number[] | undefined
  onEvent?: (event: EngineEvent) => void
}

export interface ReplaySummary {
  /** Dead letters whose records were sent again. */
  resent: number
  loaded: number
  /** Dead letters without an outgoing record (listing, detail, record); the next run fetches them. */
  released: number
  /** Records that failed again; each has a new dead letter. */
  failed: NotLoaded[]
}

/**
 * Sends dead-lettered batch records again as new batches, and releases listing and detail dead
 * letters so the next run fetches those ids again. Every replayed letter is marked replayed;
 * a record that fails again gets a new dead letter.
 */
export async function replayDeadLetters<T>(options: ReplayOptions<T>): Promise<ReplaySummary> {
  const { store, scope, sink } = options
  const letters = store.listDeadLetters(scope)
  const summary: ReplaySummary = { resent: 0, loaded: 0, released: 0, failed: [] }

  const resendable = letters.filter((letter) => letter.kind === 'batch' && letter.id !== undefined)
  const releasable = letters.filter((letter) => !resendable.includes(letter))

  if (resendable.length > 0) {
    const { run } = store.beginRun(scope)
    const loader = new BatchLoader<T>({
      store,
      scope,
      sink,
      runId: run.runId,
      batchSize: options.batchSize ?? sink.maxBatchSize,
      concurrency: options.sinkConcurrency ?? 4,
      writeSignal: new AbortController().signal,
      rejectedIndexes: options.rejectedIndexes,
      onEvent: options.onEvent ?? (() => {}),
      onResolved: (ids: RecordId[], outcome) => {
        if (outcome === 'loaded') summary.loaded += ids.length
        else summary.failed.push(outcome)
      },
    })

    // Marking first means a crash during the replay leaves the records in the batch ledger,
    // where the in-doubt handling of the next run covers them, rather than replaying twice.
    store.markDeadLetterReplayed(resendable.map((letter) => letter.deadLetterId))
    for (const letter of resendable) {
      await loader.add({ id: letter.id as RecordId, record: letter.payload as T })
      summary.resent += 1
    }
    await loader.flush()
    await loader.drain()
    store.finishRun(run.runId, summary.failed.length > 0 ? 'failed' : 'complete', summary)
  }

  if (releasable.length > 0) {
    store.releaseDeadLetters(
      scope,
      releasable.map((letter) => letter.deadLetterId),
    )
    summary.released = releasable.length
  }

  return summary
}
