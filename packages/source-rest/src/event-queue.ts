import { AbortError } from '@fauna-etl/core'

/**
 * Bounded first-in first-out buffer between the tasks that produce source events and the one
 * consumer that iterates them. `push` waits while the buffer is full, which is how a consumer
 * that stops pulling stops the requests behind it.
 */
export class EventQueue<T> {
  readonly #capacity: number
  readonly #items: T[] = []
  #spaceWaiters: (() => void)[] = []
  #itemWaiter: (() => void) | undefined
  #state: 'open' | 'closed' | 'failed' | 'cancelled' = 'open'
  #failure: unknown

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  get size(): number {
    return this.#items.length
  }

  /** Adds an event once there is room. Rejects with `AbortError` once the queue is closed, failed or cancelled. */
  async push(item: T): Promise<void> {
    while (this.#items.length >= this.#capacity && this.#state === 'open') {
      await new Promise<void>((resolve) => this.#spaceWaiters.push(resolve))
    }
    if (this.#state !== 'open') {
      throw new AbortError('The source stopped before this event could be delivered')
    }

    this.#items.push(item)
    this.#wakeConsumer()
  }

  /**
   * Removes the oldest event, waiting for one if the buffer is empty. Resolves to `done` after
   * `close` once the buffer is drained, and rejects with the error given to `fail`.
   */
  async take(): Promise<IteratorResult<T, undefined>> {
    while (this.#items.length === 0 && this.#state === 'open') {
      await new Promise<void>((resolve) => {
        this.#itemWaiter = resolve
      })
    }

    if (this.#items.length > 0) {
      const item = this.#items.shift() as T
      this.#spaceWaiters.shift()?.()
      return { done: false, value: item }
    }
    if (this.#state === 'failed') throw this.#failure
    return { done: true, value: undefined }
  }

  /** Marks the end of the events. The consumer still receives the events already buffered. */
  close(): void {
    if (this.#state !== 'open') return
    this.#state = 'closed'
    this.#wakeConsumer()
  }

  /** Ends the events with an error, delivered after the events already buffered. */
  fail(error: unknown): void {
    if (this.#state !== 'open') return
    this.#state = 'failed'
    this.#failure = error
    this.#wakeConsumer()
  }

  /**
   * Ends the events with an error at once: the buffered events are dropped, so a waiting
   * `take` rejects now, and every waiting and later `push` rejects.
   */
  abort(error: unknown): void {
    if (this.#state === 'open' || this.#state === 'closed') {
      this.#state = 'failed'
      this.#failure = error
    }
    this.#drop()
  }

  /** Drops the buffered events and makes every waiting and later `push` reject. */
  cancel(): void {
    this.#state = 'cancelled'
    this.#drop()
  }

  #drop(): void {
    this.#items.length = 0
    for (const wake of this.#spaceWaiters) wake()
    this.#spaceWaiters = []
    this.#wakeConsumer()
  }

  #wakeConsumer(): void {
    const wake = this.#itemWaiter
    this.#itemWaiter = undefined
    wake?.()
  }
}
