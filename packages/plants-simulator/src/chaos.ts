import type { RandomSource } from './random.js'

/** The chaos decision for one request. */
export type ChaosDecision =
  | { kind: 'none' }
  | { kind: 'fail'; status: 500 | 502 | 503 | 504 }
  | { kind: 'pause'; ms: number }

export interface ChaosOptions {
  /** Probability from 0 to 1 that a request is disturbed. */
  rate: number
  /** Factor applied to pauses of 5 to 15 whole seconds. */
  pauseScale: number
  random: RandomSource
}

const FAILURE_STATUSES = [500, 502, 503, 504] as const
const MIN_PAUSE_SECONDS = 5
const MAX_PAUSE_SECONDS = 15

/**
 * Creates the chaos decider. Each call draws independently: with probability `rate` the request
 * is disturbed, and a disturbed request fails or pauses with equal odds.
 */
export function createChaos(options: ChaosOptions): () => ChaosDecision {
  const { rate, pauseScale, random } = options

  return () => {
    if (!(random() < rate)) return { kind: 'none' }

    if (random() < 0.5) {
      const status = FAILURE_STATUSES[Math.floor(random() * FAILURE_STATUSES.length)]!
      return { kind: 'fail', status }
    }

    const seconds =
      MIN_PAUSE_SECONDS + Math.floor(random() * (MAX_PAUSE_SECONDS - MIN_PAUSE_SECONDS + 1))
    return { kind: 'pause', ms: seconds * 1000 * pauseScale }
  }
}
