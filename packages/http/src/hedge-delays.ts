import type { RequestLabel } from '@fauna-etl/core'
import { createLatencyTracker, type LatencyTracker } from './latency-tracker.js'
import type { ResolvedHedgeOptions } from './options.js'

/** What decides whether and when one request is hedged. */
export interface HedgeRequest {
  /** Whether the request is a read or an idempotent write; only those are hedged. */
  repeatable: boolean
  /** The request's own `hedge` option. */
  hedge: boolean | number | undefined
  label: RequestLabel | undefined
}

export interface HedgeDelays {
  /** Returns the hedge delay of a request in ms, or `undefined` when it must not be hedged. */
  delayFor(request: HedgeRequest): number | undefined
  /** Records the latency of a successful idempotent attempt, in ms. */
  record(label: RequestLabel | undefined, latencyMs: number): void
  /**
   * Returns the delay a request without a label would use now, or `undefined` when hedging is off.
   */
  current(): number | undefined
}

/** Creates the client's hedge delay picker: request overrides, a fixed delay or trackers. */
export function createHedgeDelays(options: ResolvedHedgeOptions): HedgeDelays {
  const shared = createLatencyTracker(options)
  const byLabel = new Map<RequestLabel, LatencyTracker>()

  const trackerFor = (label: RequestLabel | undefined): LatencyTracker => {
    if (!options.perLabel || label === undefined) return shared

    let tracker = byLabel.get(label)
    if (!tracker) {
      tracker = createLatencyTracker(options)
      byLabel.set(label, tracker)
    }
    return tracker
  }

  return {
    delayFor({ repeatable, hedge, label }) {
      if (!repeatable || hedge === false) return undefined
      if (typeof hedge === 'number') return hedge
      if (hedge === undefined && !options.enabled) return undefined
      return options.delayMs ?? trackerFor(label).delayMs()
    },

    record(label, latencyMs) {
      shared.record(latencyMs)
      if (options.perLabel && label !== undefined) trackerFor(label).record(latencyMs)
    },

    current() {
      return options.enabled ? (options.delayMs ?? shared.delayMs()) : undefined
    },
  }
}
