import { type RecordId, StateError } from '@fauna-etl/core'
import { type BatchMark, checkBatchTransition } from './batch-transition.js'
import { fromJsonColumn, toJsonColumn } from './json-column.js'
import type {
  BatchRecord,
  BatchStatus,
  DeadLetter,
  DeadLetterKind,
  RunRecord,
  RunStatus,
  StateScope,
  StateStore,
} from './state-store.js'
import { describeScope, describeType } from './validate-input.js'
import { withInputChecks } from './with-input-checks.js'

export interface MemoryStateStoreOptions {
  /** Clock for the stored timestamps. Default: `() => new Date()`. */
  now?: () => Date
}

// Values are kept as JSON text, like the SQLite store keeps them, so that both stores return
// the same values and a caller cannot change stored state through a returned object.
interface StoredRun {
  scopeKey: string
  runId: number
  status: RunStatus
  startedAt: string
  finishedAt: string | null
  summary: string | null
}

interface StoredBatch {
  batchId: string
  idempotencyKey: string
  ids: string
  payload: string
  status: BatchStatus
  inDoubt: boolean
  updatedAt: string
  failureReason: string | null
}

interface StoredDeadLetter {
  scopeKey: string
  deadLetterId: number
  kind: DeadLetterKind
  id: string | null
  reason: string
  payload: string | null
  origin: string | null
  createdAt: string
  replayedAt: string | null
}

interface ScopeState {
  checkpoint: { position: string; complete: boolean } | undefined
  items: Map<string, 'fetched' | 'resolved'>
  /** Batches by id, in planning order. */
  batches: Map<string, StoredBatch>
}

/**
 * Creates a state store that keeps everything in memory, for tests and dry runs. It behaves
 * like the SQLite store, but its state ends with the process.
 */
export function createMemoryStateStore(options: MemoryStateStoreOptions = {}): StateStore {
  const { now = () => new Date() } = options
  if (typeof now !== 'function') {
    throw new TypeError(
      `createMemoryStateStore: option "now" must be a function returning a Date, got ${describeType(now)}`,
    )
  }
  const timestamp = (): string => now().toISOString()

  const scopes = new Map<string, ScopeState>()
  // Run and dead letter ids grow across scopes and are never reused, as in the SQLite store.
  const runs = new Map<number, StoredRun>()
  const deadLetters = new Map<number, StoredDeadLetter>()
  let lastRunId = 0
  let lastDeadLetterId = 0

  const ensureScope = (scope: StateScope): ScopeState => {
    const key = scopeKey(scope)
    let state = scopes.get(key)
    if (state === undefined) {
      state = { checkpoint: undefined, items: new Map(), batches: new Map() }
      scopes.set(key, state)
    }
    return state
  }

  /** Checks the mark against the batch's status and returns the batch when the mark applies. */
  const checkMark = (scope: StateScope, batchId: string, mark: BatchMark) => {
    const batch = scopes.get(scopeKey(scope))?.batches.get(batchId)
    return checkBatchTransition(scope, batchId, batch?.status, mark) ? batch : undefined
  }

  const resolveIds = (state: ScopeState, ids: readonly RecordId[]): void => {
    for (const id of ids) {
      state.items.set(String(id), 'resolved')
    }
  }

  const store: StateStore = {
    beginRun(scope) {
      ensureScope(scope)
      const key = scopeKey(scope)
      const previous = [...runs.values()].findLast((run) => run.scopeKey === key)

      lastRunId += 1
      const run: StoredRun = {
        scopeKey: key,
        runId: lastRunId,
        status: 'running',
        startedAt: timestamp(),
        finishedAt: null,
        summary: null,
      }
      runs.set(run.runId, run)

      return { run: toRunRecord(run), previous: previous && toRunRecord(previous) }
    },

    finishRun(runId, status, summary) {
      const summaryJson = toJsonColumn('finishRun: summary', summary)
      const run = runs.get(runId)
      if (run === undefined) {
        throw new StateError(
          `finishRun: run ${runId} not found in the memory state store. Pass a runId returned by beginRun.`,
        )
      }

      run.status = status
      run.finishedAt = timestamp()
      run.summary = summaryJson
    },

    getListingCheckpoint(scope) {
      const checkpoint = scopes.get(scopeKey(scope))?.checkpoint
      if (checkpoint === undefined) return undefined
      return { position: JSON.parse(checkpoint.position), complete: checkpoint.complete }
    },

    saveListingCheckpoint(scope, checkpoint) {
      ensureScope(scope).checkpoint = {
        position: JSON.stringify(checkpoint.position),
        complete: checkpoint.complete,
      }
    },

    markFetched(scope, ids) {
      const state = ensureScope(scope)
      for (const id of ids) {
        const key = String(id)
        // A fetched mark never downgrades an id that is already resolved.
        if (!state.items.has(key)) state.items.set(key, 'fetched')
      }
    },

    resolvedIds(scope) {
      const resolved = new Set<string>()
      for (const [id, status] of scopes.get(scopeKey(scope))?.items ?? []) {
        if (status === 'resolved') resolved.add(id)
      }
      return resolved
    },

    planBatch(scope, batch) {
      const ids = JSON.stringify(batch.ids)
      const payload = toJsonColumn(`planBatch: payload of batch "${batch.batchId}"`, batch.payload)
      const state = ensureScope(scope)
      if (state.batches.has(batch.batchId)) {
        throw new StateError(
          `planBatch: batch ${JSON.stringify(batch.batchId)} already exists in ${describeScope(scope)}. Give each batch a new batchId.`,
        )
      }

      state.batches.set(batch.batchId, {
        batchId: batch.batchId,
        idempotencyKey: batch.idempotencyKey,
        ids,
        payload: payload as string,
        status: 'planned',
        inDoubt: false,
        updatedAt: timestamp(),
        failureReason: null,
      })
    },

    markBatchSent(scope, batchId) {
      const batch = checkMark(scope, batchId, 'sent')
      if (batch === undefined) return

      batch.status = 'sent'
      batch.updatedAt = timestamp()
    },

    markBatchAcknowledged(scope, batchId) {
      const batch = checkMark(scope, batchId, 'acknowledged')
      if (batch === undefined) return

      batch.status = 'acknowledged'
      batch.updatedAt = timestamp()
      resolveIds(ensureScope(scope), JSON.parse(batch.ids))
    },

    markBatchFailed(scope, batchId, reason) {
      const batch = checkMark(scope, batchId, 'failed')
      if (batch === undefined) return

      batch.status = 'failed'
      batch.failureReason = reason
      batch.updatedAt = timestamp()
    },

    markBatchInDoubt(scope, batchId) {
      const batch = checkMark(scope, batchId, 'in doubt')
      if (batch === undefined) return

      batch.inDoubt = true
      batch.updatedAt = timestamp()
    },

    listBatches(scope, status) {
      const batches = [...(scopes.get(scopeKey(scope))?.batches.values() ?? [])]
      return batches
        .filter((batch) => status === undefined || batch.status === status)
        .map(toBatchRecord)
    },

    addDeadLetter(scope, letter) {
      const stored: Omit<StoredDeadLetter, 'deadLetterId'> = {
        scopeKey: scopeKey(scope),
        kind: letter.kind,
        id: toJsonColumn('addDeadLetter: letter.id', letter.id),
        reason: letter.reason,
        payload: toJsonColumn('addDeadLetter: letter.payload', letter.payload),
        origin: toJsonColumn('addDeadLetter: letter.origin', letter.origin),
        createdAt: timestamp(),
        replayedAt: null,
      }

      lastDeadLetterId += 1
      deadLetters.set(lastDeadLetterId, { ...stored, deadLetterId: lastDeadLetterId })
      if (letter.id !== undefined) resolveIds(ensureScope(scope), [letter.id])

      return lastDeadLetterId
    },

    listDeadLetters(scope, listOptions = {}) {
      const key = scopeKey(scope)
      return [...deadLetters.values()]
        .filter((letter) => letter.scopeKey === key)
        .filter((letter) => listOptions.includeReplayed || letter.replayedAt === null)
        .map(toDeadLetter)
    },

    markDeadLetterReplayed(deadLetterIds) {
      // Checks every id before marking any, so a wrong id marks nothing.
      const missing = deadLetterIds.filter((deadLetterId) => !deadLetters.has(deadLetterId))
      if (missing.length > 0) {
        throw new StateError(
          `markDeadLetterReplayed: dead letters ${missing.join(', ')} not found in the memory state store, so none was marked. Pass ids returned by addDeadLetter or listDeadLetters.`,
        )
      }

      const at = timestamp()
      for (const deadLetterId of deadLetterIds) {
        const letter = deadLetters.get(deadLetterId)!
        // The time of the first replay stays when a letter is marked again.
        letter.replayedAt ??= at
      }
    },

    releaseDeadLetters(scope, deadLetterIds) {
      if (deadLetterIds.length === 0) return

      const key = scopeKey(scope)
      const missing = deadLetterIds.filter(
        (deadLetterId) => deadLetters.get(deadLetterId)?.scopeKey !== key,
      )
      if (missing.length > 0) {
        throw new StateError(
          `releaseDeadLetters: dead letters ${missing.join(', ')} not found in ${describeScope(scope)}, so none was released. Pass ids returned by listDeadLetters for this scope.`,
        )
      }

      const state = ensureScope(scope)
      const at = timestamp()
      for (const deadLetterId of deadLetterIds) {
        const letter = deadLetters.get(deadLetterId)!
        letter.replayedAt ??= at
        const id = letter.id === null ? undefined : String(JSON.parse(letter.id))
        if (id !== undefined && state.items.has(id)) state.items.set(id, 'fetched')
      }
      state.checkpoint = { position: JSON.stringify(null), complete: false }
    },

    reset(scope) {
      const key = scopeKey(scope)
      const state = scopes.get(key)
      const report = {
        runs: deleteWhere(runs, (run) => run.scopeKey === key),
        batches: state?.batches.size ?? 0,
        items: state?.items.size ?? 0,
        deadLetters: deleteWhere(deadLetters, (letter) => letter.scopeKey === key),
      }
      scopes.delete(key)

      return report
    },

    transaction<T>(fn: () => T): T {
      return fn()
    },

    close() {
      scopes.clear()
      runs.clear()
      deadLetters.clear()
    },
  }

  return withInputChecks(store, 'in memory')
}

function scopeKey(scope: StateScope): string {
  return JSON.stringify([scope.pipeline, scope.source, scope.target])
}

/** Deletes the entries that match and returns how many it deleted. */
function deleteWhere<V>(map: Map<number, V>, matches: (value: V) => boolean): number {
  let deleted = 0
  for (const [key, value] of map) {
    if (matches(value)) {
      map.delete(key)
      deleted += 1
    }
  }
  return deleted
}

function toRunRecord(run: StoredRun): RunRecord {
  return {
    runId: run.runId,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    summary: fromJsonColumn(run.summary),
  }
}

function toBatchRecord(batch: StoredBatch): BatchRecord {
  return {
    batchId: batch.batchId,
    idempotencyKey: batch.idempotencyKey,
    ids: JSON.parse(batch.ids),
    payload: JSON.parse(batch.payload),
    status: batch.status,
    inDoubt: batch.inDoubt,
    updatedAt: batch.updatedAt,
  }
}

function toDeadLetter(stored: StoredDeadLetter): DeadLetter {
  const letter: DeadLetter = {
    deadLetterId: stored.deadLetterId,
    kind: stored.kind,
    reason: stored.reason,
    payload: fromJsonColumn(stored.payload),
    createdAt: stored.createdAt,
    replayedAt: stored.replayedAt,
  }
  if (stored.id !== null) letter.id = JSON.parse(stored.id)
  if (stored.origin !== null) letter.origin = JSON.parse(stored.origin)

  return letter
}
