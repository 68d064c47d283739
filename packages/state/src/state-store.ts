import type { ListingPosition, RecordId, RecordOrigin } from '@fauna-etl/core'

/** State is kept apart per pipeline and per source/target pair. */
export interface StateScope {
  pipeline: string
  source: string
  target: string
}

export type RunStatus =
  | 'running'
  | 'complete'
  | 'complete-with-rejections'
  | 'failed'
  | 'interrupted'

export interface RunRecord {
  runId: number
  status: RunStatus
  startedAt: string
  finishedAt: string | null
  /** Free-form run summary written when the run ends. */
  summary: unknown
}

export interface ListingCheckpoint {
  /** First listing position that is not yet fully loaded; `null` is the first page. */
  position: ListingPosition
  /** Set once every page of the listing has been read and resolved. */
  complete: boolean
}

export type BatchStatus = 'planned' | 'sent' | 'acknowledged' | 'failed'

export interface BatchRecord {
  batchId: string
  idempotencyKey: string
  ids: RecordId[]
  /** The records exactly as they are (or were) sent. */
  payload: unknown[]
  status: BatchStatus
  /** Set when a resumed run found the batch sent but not acknowledged. */
  inDoubt: boolean
  updatedAt: string
}

export type DeadLetterKind = 'listing' | 'detail' | 'record' | 'batch'

export interface DeadLetterInput {
  kind: DeadLetterKind
  id?: RecordId
  reason: string
  payload: unknown
  origin?: RecordOrigin
}

export interface DeadLetter extends DeadLetterInput {
  deadLetterId: number
  createdAt: string
  /** Set once a replay loaded it. */
  replayedAt: string | null
}

export interface ResetReport {
  runs: number
  batches: number
  items: number
  deadLetters: number
}

/**
 * Durable run state. Every method is synchronous and atomic: when it returns, the change is on
 * disk (for durable stores), and a crash at any point leaves either the old or the new state.
 */
export interface StateStore {
  /** Starts a run and returns it; the previous run, if any, is returned as well. */
  beginRun(scope: StateScope): { run: RunRecord; previous: RunRecord | undefined }
  finishRun(runId: number, status: RunStatus, summary?: unknown): void

  getListingCheckpoint(scope: StateScope): ListingCheckpoint | undefined
  saveListingCheckpoint(scope: StateScope, checkpoint: ListingCheckpoint): void

  /** Records that these ids were fetched from the source. */
  markFetched(scope: StateScope, ids: RecordId[]): void
  /** Ids that need no further work: acknowledged by the target or dead-lettered. */
  resolvedIds(scope: StateScope): Set<string>

  /** Adds a batch in the `planned` state. */
  planBatch(
    scope: StateScope,
    batch: { batchId: string; idempotencyKey: string; ids: RecordId[]; payload: unknown[] },
  ): void
  markBatchSent(scope: StateScope, batchId: string): void
  /** Marks the batch acknowledged and its ids resolved, in one transaction. */
  markBatchAcknowledged(scope: StateScope, batchId: string): void
  markBatchFailed(scope: StateScope, batchId: string, reason: string): void
  markBatchInDoubt(scope: StateScope, batchId: string): void
  listBatches(scope: StateScope, status?: BatchStatus): BatchRecord[]

  /** Stores a dead letter and marks its id resolved, in one transaction. */
  addDeadLetter(scope: StateScope, letter: DeadLetterInput): number
  listDeadLetters(scope: StateScope, options?: { includeReplayed?: boolean }): DeadLetter[]
  markDeadLetterReplayed(deadLetterIds: number[]): void
  /**
   * Marks the letters replayed, makes their ids unresolved again and sets the listing checkpoint
   * back to the first page (not complete), all in one transaction, so the next run lists again
   * and fetches only these ids.
   */
  releaseDeadLetters(scope: StateScope, deadLetterIds: number[]): void

  /**
   * Runs `fn` so that the writes it makes through this store commit together: a crash or a throw
   * inside it leaves none of them (the memory store cannot crash half-way, and keeps writes made
   * before a throw). Returns what `fn` returns.
   */
  transaction<T>(fn: () => T): T

  /** Discards all state of the scope and reports what was discarded. */
  reset(scope: StateScope): ResetReport
  close(): void
}
