import type { RecordId } from '@fauna-etl/core'

/**
 * Set of the ids listed so far, capped at `limit` entries. When full it drops the oldest id,
 * so memory stays bounded on listings of any length.
 */
export class RememberedIds {
  readonly #limit: number
  readonly #ids = new Set<RecordId>()

  constructor(limit: number) {
    this.#limit = limit
  }

  has(id: RecordId): boolean {
    return this.#ids.has(id)
  }

  add(id: RecordId): void {
    this.#ids.add(id)
    if (this.#ids.size > this.#limit) {
      // A Set iterates in insertion order, so its first value is the oldest id.
      const oldest = this.#ids.values().next().value as RecordId
      this.#ids.delete(oldest)
    }
  }
}
