import type { EngineEvent } from '@fauna-etl/engine'
import type { Logger } from 'pino'
import type { ProgressState } from './progress-line.js'

export function trackProgress(state: ProgressState, event: EngineEvent) {
  switch (event.type) {
    case 'page':
      state.pages += 1
      if (event.totalPages !== undefined) state.totalPages = event.totalPages
      return
    case 'record':
      state.fetched += 1
      return
    case 'batch-acknowledged':
      state.loaded += event.size
      return
    case 'rejected':
      state.rejected += 1
      return
    default:
      return
  }
}

export function logEngineEvent(logger: Logger, event: EngineEvent) {
  switch (event.type) {
    case 'run-start':
      logger.info(
        { runId: event.runId, resumed: event.resumed, checkpoint: event.checkpoint },
        'run started',
      )
      return
    case 'rejected':
      logger.warn(
        { id: event.id, origin: event.origin, reason: event.reason },
        'record quarantined',
      )
      return
    case 'anomaly':
      logger.warn({ code: event.code }, event.message)
      return
    case 'batch-failed':
      // The ids are in the dead-letter table; the log line stays short.
      logger.error(
        {
          batchId: event.batchId,
          records: event.ids.length,
          firstIds: event.ids.slice(0, 5),
          error: event.error.message,
        },
        'batch dead-lettered',
      )
      return
    case 'batch-split':
      logger.warn(
        { batchId: event.batchId, rejected: event.rejected, detail: event.detail },
        'target rejected records; splitting the batch',
      )
      return
    case 'batch-size-reduced':
      logger.warn(
        { from: event.from, to: event.to, reason: event.reason },
        `target rejected the batch size; using ${event.to} for the rest of the run`,
      )
      return
    case 'in-doubt':
      logger.warn(
        { batchId: event.batchId, ids: event.ids, action: event.action },
        'batch sent by an earlier run was never acknowledged',
      )
      return
    case 'shutdown':
      logger.info({ inFlightBatches: event.inFlightBatches, graceMs: event.graceMs }, 'stopping')
      return
    case 'batch-acknowledged':
      logger.debug(
        { batchId: event.batchId, size: event.size, durationMs: event.durationMs },
        'batch loaded',
      )
      return
    default:
      return
  }
}
