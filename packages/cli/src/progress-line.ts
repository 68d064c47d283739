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
  // The source reads one page past the end to check for items there; the count leaves it out.
  const pages = state.totalPages
    ? `${Math.min(state.pages, state.totalPages)}/${state.totalPages}`
    : String(state.pages)
  return [
    `pages ${pages}`,
    `details ${state.fetched}`,
    `loaded ${state.loaded}`,
    `quarantined ${state.rejected}`,
    `retries ${http.retries}`,
    `hedges ${http.hedges}`,
    `${seconds} s`,
  ].join(' · ')
}
