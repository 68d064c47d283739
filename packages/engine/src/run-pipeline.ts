import { setMaxListeners } from 'node:events'
import {
  AbortError,
  type FaunaError,
  isFaunaError,
  type RecordId,
  type SourceEvent,
  ValidationError,
} from '@fauna-etl/core'
import type { BatchRecord, DeadLetterKind, RunStatus } from '@fauna-etl/state'
import { BatchLoader } from './batch-loader.js'
import { PageTracker } from './page-tracker.js'
import type {
  EngineEvent,
  InDoubtBatch,
  InDoubtPolicy,
  NotLoaded,
  PipelineDefinition,
  RunOptions,
  RunOutcome,
  RunSummary,
} from './types.js'

const DEFAULT_SINK_CONCURRENCY = 4
const DEFAULT_SHUTDOWN_GRACE_MS = 20_000
const CHECKPOINT_INTERVAL_MS = 250
const DEFAULT_MAX_CONSECUTIVE_FAILED_BATCHES = 5

/**
 * Runs a pipeline to the end of its source, resuming from the state store's checkpoint. Ids that
 * an earlier run loaded or quarantined are neither fetched nor sent again. Batches that an earlier
 * run left unacknowledged are settled first, following the in-doubt policy.
 */
export async function runPipeline<TRecord, TOutput>(
  definition: PipelineDefinition<TRecord, TOutput>,
  options: RunOptions,
): Promise<RunSummary> {
  const { store, scope, signal } = options
  const emit = safeListener(options.onEvent)
  const startedAt = Date.now()
  const batchSize = options.batchSize ?? definition.sink.maxBatchSize
  checkOptions(definition, options, batchSize)

  const { run, previous } = store.beginRun(scope)
  const checkpoint = store.getListingCheckpoint(scope)
  const resumed = previous !== undefined && checkpoint !== undefined

  const summary: RunSummary = {
    runId: run.runId,
    outcome: 'complete',
    resumed,
    pages: 0,
    listed: 0,
    alreadyDone: 0,
    fetched: 0,
    loaded: 0,
    rejected: 0,
    batches: 0,
    inDoubt: [],
    anomalies: [],
    notLoaded: [],
    stoppedEarly: undefined,
    resumedFrom: checkpoint?.position ?? null,
    checkpoint: checkpoint?.position ?? null,
    elapsedMs: 0,
    batchSize,
  }

  // Stops reading when the target keeps failing, so a broken target does not cost every record
  // its full retry budget.
  const breaker = new AbortController()
  const readSignal = signal ? AbortSignal.any([signal, breaker.signal]) : breaker.signal
  setMaxListeners(0, readSignal)
  const maxFailedBatches =
    options.maxConsecutiveFailedBatches ?? DEFAULT_MAX_CONSECUTIVE_FAILED_BATCHES
  let failedBatchesInARow = 0
  const emitAndTrack = (event: EngineEvent) => {
    if (event.type === 'batch-acknowledged') failedBatchesInARow = 0
    if (event.type === 'batch-failed') {
      failedBatchesInARow += 1
      if (failedBatchesInARow >= maxFailedBatches && !breaker.signal.aborted) {
        summary.stoppedEarly = `the target failed ${failedBatchesInARow} batches in a row after all their retries, so the run stopped reading; the last error: ${event.error.message}`
        breaker.abort(new AbortError(summary.stoppedEarly))
      }
    }
    emit(event)
  }

  const writeAbort = new AbortController()
  // Every write in flight listens to this signal, so the default limit of 10 listeners warns.
  setMaxListeners(0, writeAbort.signal)
  const tracker = new PageTracker(checkpoint?.position ?? null)
  // Ids that earlier runs loaded or quarantined; filled once the left-over batches are settled.
  let resolvedBefore = new Set<string>()

  const loader = new BatchLoader<TOutput>({
    store,
    scope,
    sink: definition.sink,
    runId: run.runId,
    batchSize,
    concurrency: options.sinkConcurrency ?? DEFAULT_SINK_CONCURRENCY,
    writeSignal: writeAbort.signal,
    rejectedIndexes: definition.rejectedIndexes,
    onEvent: emitAndTrack,
    onResolved: (ids, outcome) => {
      if (outcome === 'loaded') summary.loaded += ids.length
      else {
        summary.notLoaded.push(outcome)
        if (outcome.kind === 'rejected') summary.rejected += 1
      }
      let moved = false
      for (const id of ids) moved = tracker.resolve(id) || moved
      if (moved) saveCheckpoint()
    },
  })

  // The checkpoint only saves re-reading pages (resolved ids are what prevents double loads), so
  // it is written at most every CHECKPOINT_INTERVAL_MS, and always at the end of the run.
  let lastCheckpointAt = 0
  const saveCheckpoint = (force = false) => {
    const now = Date.now()
    if (!force && !tracker.complete && now - lastCheckpointAt < CHECKPOINT_INTERVAL_MS) return
    lastCheckpointAt = now
    store.saveListingCheckpoint(scope, { position: tracker.position, complete: tracker.complete })
    summary.checkpoint = tracker.position
    emit({ type: 'checkpoint', position: tracker.position, complete: tracker.complete })
  }

  const finish = (outcome: RunOutcome): RunSummary => {
    summary.outcome = outcome
    summary.elapsedMs = Date.now() - startedAt
    summary.batches = loader.batchesSent
    summary.batchSize = loader.batchSize
    store.finishRun(run.runId, runStatusOf(outcome), summary)
    return summary
  }

  // Graceful stop: reading ends at once, writes already under way get a bounded grace period.
  let graceTimer: NodeJS.Timeout | undefined
  const onAbort = () => {
    const graceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS
    emit({ type: 'shutdown', inFlightBatches: loader.inFlight, graceMs })
    graceTimer = setTimeout(
      () => writeAbort.abort(new AbortError('shutdown grace period ended')),
      graceMs,
    )
    graceTimer.unref()
  }
  signal?.addEventListener('abort', onAbort, { once: true })

  try {
    const leftOver = [...store.listBatches(scope, 'planned'), ...store.listBatches(scope, 'sent')]
    emit({
      type: 'run-start',
      runId: run.runId,
      resumed,
      checkpoint: summary.checkpoint,
      alreadyDone: 0,
    })

    if (checkpoint?.complete && leftOver.length === 0) {
      // Dead letters that no replay has sent yet are records still not loaded, so an earlier
      // failure is reported again rather than hidden behind "nothing to do".
      summary.alreadyDone = store.resolvedIds(scope).size
      const pending = store.listDeadLetters(scope)
      for (const letter of pending) {
        summary.notLoaded.push({
          id: letter.id,
          kind: 'rejected',
          reason: `dead-lettered by an earlier run: ${letter.reason}`,
          origin: letter.origin,
        })
      }
      return finish(pending.length > 0 ? 'complete-with-rejections' : 'nothing-to-do')
    }

    const settled = await settleLeftOverBatches(
      leftOver,
      loader,
      definition.sink.idempotent,
      options,
      summary,
      emit,
    )
    if (settled === 'fail') return finish('failed')
    await loader.drain()

    resolvedBefore = store.resolvedIds(scope)
    // Ids that the settled batches resolved belong to this run, not to earlier ones.
    summary.alreadyDone = resolvedBefore.size - summary.loaded - summary.notLoaded.length

    const events = definition.source.read({
      startAt: checkpoint?.position ?? null,
      shouldFetch: (id) => !resolvedBefore.has(String(id)),
      signal: readSignal,
    })

    for await (const event of events) {
      if (readSignal.aborted) break
      await handleSourceEvent(event)
    }

    if (!readSignal.aborted) await loader.flush()
    await loader.drain()
  } catch (error) {
    // A stop makes the source throw, but writes already in flight still get their grace period:
    // the checkpoint and the summary must wait for their outcome.
    await loader.drain()
    if (!(readSignal.aborted && isAbort(error))) throw error
  } finally {
    signal?.removeEventListener('abort', onAbort)
    if (graceTimer) clearTimeout(graceTimer)
  }

  saveCheckpoint(true)
  if (signal?.aborted) return finish('interrupted')
  // Ids not reached after an early stop are not lost: they stay unresolved for the next run.
  if (breaker.signal.aborted) return finish('failed')

  for (const id of tracker.outstandingIds()) {
    summary.notLoaded.push({
      id,
      kind: 'missing',
      reason: 'listed, but the source yielded no record for it',
    })
  }
  return finish(outcomeOf(summary, tracker.complete))

  async function handleSourceEvent(event: SourceEvent<TRecord>) {
    switch (event.type) {
      case 'page': {
        summary.pages += 1
        summary.listed += event.ids.length
        const outstanding = event.ids.filter((id) => !resolvedBefore.has(String(id)))
        emit({
          type: 'page',
          position: event.position,
          ids: event.ids.length,
          totalPages: event.totalPages,
        })
        if (tracker.addPage(event.position, event.next, outstanding)) saveCheckpoint()
        return
      }
      case 'record': {
        summary.fetched += 1
        emit({ type: 'record', id: event.id })
        const output = transformRecord(event.record)
        if (output.ok) {
          await loader.add({ id: event.id, record: output.value })
          return
        }
        quarantine('record', event.id, output.error.message, event.record, event.origin, 'rejected')
        return
      }
      case 'rejected': {
        const kind: DeadLetterKind = event.id === undefined ? 'listing' : 'detail'
        const failed = event.error !== undefined && isTransientFailure(event.error)
        quarantine(
          kind,
          event.id,
          event.reason,
          event.raw,
          event.origin,
          failed ? 'failed' : 'rejected',
        )
        return
      }
      case 'anomaly': {
        summary.anomalies.push({ code: event.code, message: event.message })
        emit({ type: 'anomaly', code: event.code, message: event.message })
        // The source fetches a repeated id once, for its first page; the later page must not
        // wait for it.
        if (event.code === 'duplicate-id' && event.ids) {
          if (tracker.dropIds(event.page, event.ids)) saveCheckpoint()
        }
        return
      }
    }
  }

  function transformRecord(
    record: TRecord,
  ): { ok: true; value: TOutput } | { ok: false; error: Error } {
    let output: TOutput
    try {
      output = definition.transform(record)
    } catch (error) {
      if (error instanceof Error) return { ok: false, error }
      return { ok: false, error: new ValidationError(String(error)) }
    }
    if (!definition.validateOutput) return { ok: true, value: output }

    const check = definition.validateOutput(output)
    return check.ok ? { ok: true, value: check.value } : { ok: false, error: check.error }
  }

  function quarantine(
    kind: DeadLetterKind,
    id: RecordId | undefined,
    reason: string,
    payload: unknown,
    origin: NotLoaded['origin'],
    notLoadedKind: 'rejected' | 'failed',
  ) {
    store.addDeadLetter(scope, { kind, id, reason, payload, origin })
    emit({ type: 'rejected', id, reason, origin })
    summary.notLoaded.push({ id, kind: notLoadedKind, reason, origin })
    if (notLoadedKind === 'rejected') summary.rejected += 1
    if (id !== undefined && tracker.resolve(id)) saveCheckpoint()
  }
}

/** Settles batches an earlier run planned or sent but never saw acknowledged. */
async function settleLeftOverBatches<T>(
  batches: BatchRecord[],
  loader: BatchLoader<T>,
  sinkIsIdempotent: boolean,
  options: RunOptions,
  summary: RunSummary,
  emit: (event: EngineEvent) => void,
): Promise<'ok' | 'fail'> {
  const { store, scope } = options
  const policy = options.inDoubt ?? 'skip'

  for (const batch of batches) {
    // A planned batch was never sent, so writing it cannot apply anything twice.
    if (batch.status === 'planned') {
      await loader.resume(batch)
      continue
    }

    store.markBatchInDoubt(scope, batch.batchId)
    const action = inDoubtAction(sinkIsIdempotent, policy)
    summary.inDoubt.push({ batchId: batch.batchId, ids: batch.ids, action })
    emit({ type: 'in-doubt', batchId: batch.batchId, ids: batch.ids, action })

    if (action === 'resent') {
      await loader.resume(batch)
      continue
    }
    if (action === 'failed') continue

    const reason =
      'in doubt: an earlier run sent this batch but stopped before the target acknowledged it; ' +
      'check the target, then run `replay` if these records are not there'
    // One transaction, so a crash cannot leave ids neither resolved nor in a pending batch.
    store.transaction(() => {
      store.markBatchFailed(scope, batch.batchId, reason)
      batch.ids.forEach((id, index) => {
        store.addDeadLetter(scope, { kind: 'batch', id, reason, payload: batch.payload[index] })
      })
    })
    for (const id of batch.ids) summary.notLoaded.push({ id, kind: 'in-doubt', reason })
  }

  return summary.inDoubt.some((batch) => batch.action === 'failed') ? 'fail' : 'ok'
}

function inDoubtAction(sinkIsIdempotent: boolean, policy: InDoubtPolicy): InDoubtBatch['action'] {
  // An idempotent target drops a repeated key, so resending is safe whatever the policy.
  if (sinkIsIdempotent || policy === 'resend') return 'resent'
  if (policy === 'skip') return 'skipped'
  return 'failed'
}

function outcomeOf(summary: RunSummary, listingComplete: boolean): RunOutcome {
  if (!listingComplete) return 'failed'
  if (summary.notLoaded.some((item) => item.kind === 'failed' || item.kind === 'missing'))
    return 'failed'
  if (summary.notLoaded.length > 0) return 'complete-with-rejections'
  return 'complete'
}

function runStatusOf(outcome: RunOutcome): RunStatus {
  if (outcome === 'nothing-to-do') return 'complete'
  return outcome
}

/** Failures that a later attempt might get past, as opposed to data the target or schema rejects. */
function isTransientFailure(error: FaunaError): boolean {
  if (isFaunaError(error, 'VALIDATION_ERROR')) return false
  if (isFaunaError(error, 'HTTP_ERROR')) return (error as FaunaError).isRetryable
  return true
}

function isAbort(error: unknown): boolean {
  return isFaunaError(error, 'ABORTED') || (error instanceof Error && error.name === 'AbortError')
}

function safeListener(listener: RunOptions['onEvent']): (event: EngineEvent) => void {
  return (event) => {
    try {
      listener?.(event)
    } catch {
      // A listener's own failure must not stop the run.
    }
  }
}

function checkOptions<TRecord, TOutput>(
  definition: PipelineDefinition<TRecord, TOutput>,
  options: RunOptions,
  batchSize: number,
) {
  const max = definition.sink.maxBatchSize
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > max) {
    throw new TypeError(
      `Expected \`batchSize\` to be an integer from 1 to ${max} (the sink's maximum), got ${batchSize} (${typeof batchSize})`,
    )
  }
  const concurrency = options.sinkConcurrency ?? DEFAULT_SINK_CONCURRENCY
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TypeError(
      `Expected \`sinkConcurrency\` to be a positive integer, got ${concurrency} (${typeof concurrency})`,
    )
  }
}
