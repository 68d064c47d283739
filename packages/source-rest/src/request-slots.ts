import { AbortError } from '@fauna-etl/core'

/**
 * Counting semaphore for requests in flight. Unlike a task queue, `acquire` makes the caller
 * wait for a free slot, so the caller stops reading input while every slot is busy.
 */
export class RequestSlots {
  readonly #limit: number
  #active = 0
  #waiters: (() => void)[] = []
  #idleWaiters: (() => void)[] = []

  constructor(limit: number) {
    this.#limit = limit
  }

  get active(): number {
    return this.#active
  }

  /** Takes a slot, waiting for one to free up. Rejects with `AbortError` when `signal` fires. */
  async acquire(signal: AbortSignal): Promise<void> {
    while (this.#active >= this.#limit) {
      signal.throwIfAborted()
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(new AbortError('Waiting for a request slot was aborted'))
        signal.addEventListener('abort', onAbort, { once: true })
        this.#waiters.push(() => {
          signal.removeEventListener('abort', onAbort)
          resolve()
        })
      })
    }
    this.#active++
  }

  release(): void {
    this.#active--
    this.#waiters.shift()?.()
    if (this.#active === 0) {
      for (const wake of this.#idleWaiters) wake()
      this.#idleWaiters = []
    }
  }

  /** Resolves once no slot is taken. */
  async idle(): Promise<void> {
    if (this.#active === 0) return
    await new Promise<void>((resolve) => this.#idleWaiters.push(resolve))
  }
}
