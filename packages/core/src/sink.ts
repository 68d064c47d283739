export interface SinkWriteContext {
  /** Stable id of the batch in the run's ledger. */
  batchId: string
  /** Stable per batch across retries and resumed runs. */
  idempotencyKey: string
  signal?: AbortSignal
}

export interface SinkWriteResult {
  /** Number of records the target acknowledged. */
  accepted: number
  response?: unknown
}

/**
 * A target that takes records in batches. `write` rejects with a `ValidationError` when the
 * target rejected the records (422), with a `BatchTooLargeError` when it rejected the size, and
 * with another `FaunaError` otherwise.
 */
export interface Sink<T> {
  readonly name: string
  /** Largest batch the target takes. */
  readonly maxBatchSize: number
  /**
   * Whether the target deduplicates by idempotency key, so that resending a batch whose outcome
   * is unknown cannot apply it twice.
   */
  readonly idempotent: boolean
  write(records: T[], context: SinkWriteContext): Promise<SinkWriteResult>
}
