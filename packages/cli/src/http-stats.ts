import type { HttpEvent } from '@fauna-etl/core'

/** Counters of HTTP activity for progress lines and the run summary. */
export interface HttpTally {
  requests: number
  attempts: number
  retries: number
  /** Retries by the status that caused them; `timeout` and `network` for failures without one. */
  retriesByStatus: Record<string, number>
  hedges: number
  giveUps: number
  byLabel: Record<string, number>
}

export function createHttpTally(): { tally: HttpTally; record: (event: HttpEvent) => void } {
  const tally: HttpTally = {
    requests: 0,
    attempts: 0,
    retries: 0,
    retriesByStatus: {},
    hedges: 0,
    giveUps: 0,
    byLabel: {},
  }

  const record = (event: HttpEvent) => {
    switch (event.type) {
      case 'attempt':
        tally.attempts += 1
        if (event.attempt === 1 && !event.hedge) {
          tally.requests += 1
          const label = event.label ?? event.method
          tally.byLabel[label] = (tally.byLabel[label] ?? 0) + 1
        }
        return
      case 'retry': {
        tally.retries += 1
        const key = event.status !== undefined ? String(event.status) : retryCause(event.error)
        tally.retriesByStatus[key] = (tally.retriesByStatus[key] ?? 0) + 1
        return
      }
      case 'hedge':
        tally.hedges += 1
        return
      case 'give-up':
        tally.giveUps += 1
        return
      case 'success':
        return
    }
  }

  return { tally, record }
}

function retryCause(error: Error): string {
  const code = (error as { code?: unknown }).code
  return code === 'HTTP_TIMEOUT' ? 'timeout' : 'network'
}
