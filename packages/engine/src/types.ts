import type {
  FaunaError,
  ListingAnomalyCode,
  ListingPosition,
  RecordId,
  RecordOrigin,
  Sink,
  Source,
  ValidationError,
} from '@fauna-etl/core'
import type { StateScope, StateStore } from '@fauna-etl/state'

export type OutputCheck<T> = { ok: true; value: T } | { ok: false; error: ValidationError }

/** A pipeline: where records come from, how each becomes an outgoing record, where it goes. */
export interface PipelineDefinition<TRecord, TOutput> {
  /** Stable name; state is kept per pipeline name. */
  name: string
  source: Source<TRecord>
  /** Turns a source record into the record the sink expects. May throw a `ValidationError`. */
  transform: (record: TRecord) => TOutput
  /** Checks an outgoing record before it is batched; a failure quarantines the record. */
  validateOutput?: (record: TOutput) => OutputCheck<TOutput>
  sink: Sink<TOutput>
  /**
   * Indexes of the records that a target's 422 names, so a rejected batch can be split without
   * guessing. Without it, or when it returns undefined, a rejected batch is halved repeatedly.
   */
  rejectedIndexes?: (error: ValidationError, records: TOutput[]) => number[] | undefined
}

/** Policy for a batch that was sent but never acknowledged, when the sink is not idempotent. */
export type InDoubtPolicy = 'resend' | 'skip' | 'fail'

export interface RunOptions {
  store: StateStore
  scope: StateScope
  /** Records per batch; at most the sink's `maxBatchSize`. Default: the sink's maximum. */
  batchSize?: number
  /** Batches posted at once. Default 4. */
  sinkConcurrency?: number
  /** Default `skip`; see the state docs for what each choice guarantees. */
  inDoubt?: InDoubtPolicy
  /** Stops reading and sending; in-flight writes get `shutdownGraceMs` to finish. */
  signal?: AbortSignal
  /** How long in-flight writes may take after `signal` fires, in ms. Default 20,000. */
  shutdownGraceMs?: number
  /**
   * Batches dead-lettered in a row (after all their retries) that stop the run, because the
   * target is down or rejects everything. Records not reached stay for the next run. Default 5.
   */
  maxConsecutiveFailedBatches?: number
  onEvent?: (event: EngineEvent) => void
}

export type RunOutcome =
  | 'complete'
  | 'complete-with-rejections'
  | 'failed'
  | 'interrupted'
  | 'nothing-to-do'

export interface NotLoaded {
  id: RecordId | undefined
  /**
   * `rejected`: invalid data, quarantined. `failed`: retries ran out, dead-lettered.
   * `in-doubt`: sent by an earlier run without an acknowledgement and skipped.
   * `missing`: listed but no record arrived.
   */
  kind: 'rejected' | 'failed' | 'in-doubt' | 'missing'
  reason: string
  origin?: RecordOrigin
}

export interface InDoubtBatch {
  batchId: string
  ids: RecordId[]
  /** Action this run took on the batch. */
  action: 'resent' | 'skipped' | 'failed'
}

export interface RunSummary {
  runId: number
  outcome: RunOutcome
  resumed: boolean
  /** Listing pages read in this run. */
  pages: number
  /** Distinct ids seen on listing pages in this run, including ids a previous run had loaded. */
  listed: number
  /** Ids skipped because an earlier run had loaded or quarantined them. */
  alreadyDone: number
  fetched: number
  loaded: number
  rejected: number
  batches: number
  inDoubt: InDoubtBatch[]
  anomalies: { code: ListingAnomalyCode; message: string }[]
  /** Ids this run could not load, with the reason: rejected, dead-lettered or never received. */
  notLoaded: NotLoaded[]
  /** Reason the run stopped before the end of the source, set when the target kept failing. */
  stoppedEarly: string | undefined
  /** Listing position this run started from: the checkpoint of the run before it. */
  resumedFrom: ListingPosition
  /** First listing position not fully loaded, where the next run starts. */
  checkpoint: ListingPosition
  elapsedMs: number
  /** Batch size in force at the end; smaller than requested when the target asked for less. */
  batchSize: number
}

export type EngineEvent =
  | {
      type: 'run-start'
      runId: number
      resumed: boolean
      checkpoint: ListingPosition
      alreadyDone: number
    }
  | { type: 'page'; position: ListingPosition; ids: number; totalPages: number | undefined }
  | { type: 'record'; id: RecordId }
  | { type: 'rejected'; id: RecordId | undefined; reason: string; origin: RecordOrigin | undefined }
  | { type: 'anomaly'; code: ListingAnomalyCode; message: string }
  | { type: 'batch-sent'; batchId: string; size: number }
  | { type: 'batch-acknowledged'; batchId: string; size: number; durationMs: number }
  | { type: 'batch-failed'; batchId: string; ids: RecordId[]; error: FaunaError | Error }
  | { type: 'batch-split'; batchId: string; rejected: RecordId[]; detail: unknown }
  | { type: 'batch-size-reduced'; from: number; to: number; reason: string }
  | { type: 'in-doubt'; batchId: string; ids: RecordId[]; action: InDoubtBatch['action'] }
  | { type: 'checkpoint'; position: ListingPosition; complete: boolean }
  | { type: 'shutdown'; inFlightBatches: number; graceMs: number }
