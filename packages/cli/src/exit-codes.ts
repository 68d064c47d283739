import type { RunOutcome } from '@fauna-etl/engine'

/** Process exit codes of the runner; docs/errors.md explains each. */
export const EXIT_CODES = {
  /** Every listed record is loaded, or an earlier run already loaded them. */
  complete: 0,
  /** Records could not be loaded: retries ran out, a page could not be read, or a crash. */
  failed: 1,
  /** Invalid flags, environment variables or state folder; nothing was sent. */
  config: 2,
  /** The listing is complete, and some records were quarantined as invalid or in doubt. */
  completeWithRejections: 3,
  /** Stopped by SIGINT (128 + 2). */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15). */
  terminated: 143,
} as const

export function exitCodeOf(outcome: RunOutcome, signal: string | undefined): number {
  switch (outcome) {
    case 'complete':
    case 'nothing-to-do':
      return EXIT_CODES.complete
    case 'complete-with-rejections':
      return EXIT_CODES.completeWithRejections
    case 'failed':
      return EXIT_CODES.failed
    case 'interrupted':
      return signal === 'SIGTERM' ? EXIT_CODES.terminated : EXIT_CODES.interrupted
  }
}
