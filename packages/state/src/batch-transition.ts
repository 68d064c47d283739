import { StateError } from '@fauna-etl/core'
import type { BatchStatus, StateScope } from './state-store.js'
import { describeScope } from './validate-input.js'

export type BatchMark = 'sent' | 'acknowledged' | 'failed' | 'in doubt'

/**
 * Statuses each mark may start from. `acknowledged` is final because its ids are already
 * resolved. A batch must be marked sent before it is sent, so that a crash during the request
 * leaves it `sent` and the next run can find it in doubt.
 */
const ALLOWED_FROM: Record<BatchMark, readonly BatchStatus[]> = {
  sent: ['planned', 'sent', 'failed'],
  acknowledged: ['sent', 'acknowledged'],
  failed: ['planned', 'sent', 'failed'],
  'in doubt': ['sent'],
}

/**
 * Throws `StateError` when the batch is missing or `mark` cannot follow its status.
 * Returns false when the mark would change nothing (acknowledging an acknowledged batch).
 */
export function checkBatchTransition(
  scope: StateScope,
  batchId: string,
  status: BatchStatus | undefined,
  mark: BatchMark,
): boolean {
  if (status === undefined) {
    throw new StateError(
      `Batch ${JSON.stringify(batchId)} not found in ${describeScope(scope)}. Plan it with planBatch before marking it ${mark}.`,
    )
  }

  const allowed = ALLOWED_FROM[mark]
  if (!allowed.includes(status)) {
    throw new StateError(
      `Cannot mark batch ${JSON.stringify(batchId)} ${mark} in ${describeScope(scope)}: it is ${status}, and only ${allowed.join(' or ')} batches can be marked ${mark}.`,
    )
  }

  return !(mark === 'acknowledged' && status === 'acknowledged')
}
