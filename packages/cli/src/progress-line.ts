import type { HttpTally } from './http-stats.js'

export interface ProgressState {
  pages: number
  totalPages: number | undefined
  fetched: number
  loaded: number
  rejected: number
  startedAt: number
}

/** Formats the one-line progress report that a terminal shows in place. */
export function formatProgress(state: ProgressState, http: HttpTally, now: number): string {
  const seconds = ((now - state.startedAt) / 1000).toFixed(0)
  const pages = state.totalPages ? `${state.pages}/${state.totalPages}` : String(state.pages)
  return [
    `pages ${pages}`,
    `details ${state.fetched}`,
    `loaded ${state.loaded}`,
    `rejected ${state.rejected}`,
    `retries ${http.retries}`,
    `hedges ${http.hedges}`,
    `${seconds} s`,
  ].join(' · ')
}
