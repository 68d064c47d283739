import type { HttpEvent, HttpEventListener } from '@fauna-etl/core'

/** Counters since the client was created. */
export interface HttpClientStats {
  /** Calls of `get` and `post`. */
  requests: number
  /** Requests sent over the wire, hedges included. */
  attempts: number
  /** Requests that resolved. */
  successes: number
  /**
   * Requests that rejected, whether retries ran out, the failure was final or the caller aborted.
   */
  giveUps: number
  /** Retries by the failure that caused them: the status (`"503"`), `"timeout"` or `"network"`. */
  retries: Record<string, number>
  /** Duplicates sent by hedging. */
  hedgesSent: number
  /** Duplicates whose response arrived first. */
  hedgesWon: number
  /**
   * Hedge delay a request without a label would use now, in ms; `undefined` when hedging is off.
   */
  hedgeDelayMs: number | undefined
  /** Requests holding a concurrency slot now. */
  inFlight: number
  /** Requests waiting for a slot now. */
  queued: number
  /** Errors thrown by the `onEvent` listener, which the client ignores. */
  listenerErrors: number
}

/** The counters the client keeps itself; the rest of `HttpClientStats` is read when asked. */
export type StatsCounters = Omit<HttpClientStats, 'hedgeDelayMs' | 'inFlight' | 'queued'>

export interface StatsRecorder {
  counters: StatsCounters
  /** Passes an event to the listener; a listener error is counted, not thrown. */
  emit(event: HttpEvent): void
  /** Counts one retry under its cause. */
  countRetry(key: string): void
  snapshot(live: Pick<HttpClientStats, 'hedgeDelayMs' | 'inFlight' | 'queued'>): HttpClientStats
}

/** Creates the counters and the event emitter of one client. */
export function createStatsRecorder(onEvent: HttpEventListener | undefined): StatsRecorder {
  const counters: StatsCounters = {
    requests: 0,
    attempts: 0,
    successes: 0,
    giveUps: 0,
    retries: {},
    hedgesSent: 0,
    hedgesWon: 0,
    listenerErrors: 0,
  }

  return {
    counters,

    emit(event) {
      if (!onEvent) return
      try {
        onEvent(event)
      } catch {
        // A broken listener must not fail the request it reports on; the count shows it.
        counters.listenerErrors++
      }
    },

    countRetry(key) {
      counters.retries[key] = (counters.retries[key] ?? 0) + 1
    },

    snapshot(live) {
      return { ...counters, retries: { ...counters.retries }, ...live }
    },
  }
}
