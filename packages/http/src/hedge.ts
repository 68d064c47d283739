/** One copy of a request inside a hedged race. */
export interface HedgeCopy {
  /** Whether this copy is the duplicate. */
  hedge: boolean
  /** Aborts when the other copy won or the caller aborted. */
  signal: AbortSignal
  /** Reports that the copy started running; the primary's start arms the hedge timer. */
  started(): void
}

export interface HedgeRaceOptions {
  /** Wait from the primary's start to sending the duplicate, in ms; `undefined` sends none. */
  delayMs: number | undefined
  /** Aborts every copy; the race then rejects with the signal's reason. */
  signal?: AbortSignal | undefined
  /** Called when a duplicate is sent, the replacement of a failed one included. */
  onHedge?: () => void
  /**
   * Whether a duplicate that failed with `error` while the first copy still runs gets one
   * replacement, sent at once. Default: never.
   */
  shouldReplace?: (error: unknown) => boolean
}

export interface HedgeWinner<T> {
  value: T
  /** Whether the duplicate won. */
  hedge: boolean
}

/**
 * Runs `send` once and, when it has not succeeded `delayMs` after it started, once more. The
 * first success wins and aborts the other copy. A failure of one copy leaves the other running,
 * so the race rejects only when no copy is left, with the last failure. A duplicate that fails
 * while the first copy still runs is replaced once when `shouldReplace` allows it, because a first
 * copy slower than the hedge delay may be stalled until its timeout.
 */
export function raceHedged<T>(
  send: (copy: HedgeCopy) => Promise<T>,
  options: HedgeRaceOptions,
): Promise<HedgeWinner<T>> {
  const { signal } = options

  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }

    const controllers: AbortController[] = []
    let running = 0
    let settled = false
    let replaced = false
    let timer: ReturnType<typeof setTimeout> | undefined

    const finish = (settle: () => void) => {
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      for (const controller of controllers) {
        controller.abort(new Error('another copy of the request settled the race first'))
      }
      settle()
    }

    const onAbort = () => finish(() => reject(signal?.reason))

    const armHedge = () => {
      if (options.delayMs === undefined || settled) return
      timer = setTimeout(() => {
        if (settled) return
        options.onHedge?.()
        launch(true)
      }, options.delayMs)
    }

    const launch = (hedge: boolean) => {
      const controller = new AbortController()
      controllers.push(controller)
      running++

      send({ hedge, signal: controller.signal, started: hedge ? () => {} : armHedge }).then(
        (value) => {
          if (!settled) finish(() => resolve({ value, hedge }))
        },
        (error: unknown) => {
          running--
          if (settled) return
          // A primary that fails before the hedge timer fires ends the race too: retrying is
          // the caller's job, and a duplicate would only repeat the failed request.
          if (running === 0) {
            finish(() => reject(error))
            return
          }
          if (hedge && !replaced && options.shouldReplace?.(error)) {
            replaced = true
            options.onHedge?.()
            launch(true)
          }
        },
      )
    }

    signal?.addEventListener('abort', onAbort, { once: true })
    launch(false)
  })
}
