import { type RandomSource, randomInteger } from './seeded-random.js'

/** The chaos outcome of one request. */
export type ChaosDecision =
  | { kind: 'none' }
  /** Fail at once with this status and the body `Sorry!`, without running the handler. */
  | { kind: 'error'; status: ChaosStatus }
  /** Wait before running the handler: a whole number of seconds times the pause scale. */
  | { kind: 'pause'; seconds: number; ms: number }

export type ChaosStatus = 500 | 502 | 503 | 504

export interface ChaosOptions {
  /** Probability, from 0 to 1, that a request is disturbed. */
  rate: number
  /** Share, from 0 to 1, of disturbed requests that fail instead of pausing. */
  errorShare: number
  /** Factor applied to the pauses of 5 to 15 seconds. */
  pauseScale: number
  random: RandomSource
}

const ERROR_STATUSES: readonly ChaosStatus[] = [500, 502, 503, 504]
const MIN_PAUSE_SECONDS = 5
const MAX_PAUSE_SECONDS = 15

/** Creates the chaos decider; every call is an independent draw from `random`. */
export function createChaos(options: ChaosOptions): () => ChaosDecision {
  const { rate, errorShare, pauseScale, random } = options

  return () => {
    if (!(random() < rate)) return { kind: 'none' }

    if (random() < errorShare) {
      const status = ERROR_STATUSES[randomInteger(random, 0, ERROR_STATUSES.length - 1)]!
      return { kind: 'error', status }
    }

    const seconds = randomInteger(random, MIN_PAUSE_SECONDS, MAX_PAUSE_SECONDS)
    return { kind: 'pause', seconds, ms: seconds * 1000 * pauseScale }
  }
}
