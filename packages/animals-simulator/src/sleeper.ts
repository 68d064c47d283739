export interface Sleeper {
  /** Resolves to `true` after `ms` milliseconds, or to `false` when `cancelAll` runs first. */
  sleep(ms: number): Promise<boolean>
  cancelAll(): void
}

/** Creates cancellable timers, so that closing the server ends pending pauses at once. */
export function createSleeper(): Sleeper {
  const pending = new Map<NodeJS.Timeout, (completed: boolean) => void>()

  return {
    sleep(ms) {
      if (ms <= 0) return Promise.resolve(true)

      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(timer)
          resolve(true)
        }, ms)
        pending.set(timer, resolve)
      })
    },
    cancelAll() {
      for (const [timer, resolve] of pending) {
        clearTimeout(timer)
        resolve(false)
      }
      pending.clear()
    },
  }
}
