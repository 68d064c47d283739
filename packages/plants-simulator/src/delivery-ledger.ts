import { plantId } from './plant-dataset.js'

/** A delivered value that differs from the expected record. */
export interface WrongValue {
  id: string
  field: string
  expected: unknown
  received: unknown
}

export interface DeliverySummary {
  /** Number of plants in the source. */
  expected: number
  /** Number of distinct source plants delivered at least once. */
  loaded: number
  missing: { count: number; firstIds: string[] }
  duplicates: { count: number; ids: string[] }
  unknown: { count: number; ids: string[] }
  wrongValues: { count: number; examples: WrongValue[] }
}

// Reports keep the first examples only, so that a report stays small however bad a run was.
const MAX_EXAMPLES = 10

/** Records which plants were delivered, how often, and which deliveries were wrong. */
export class DeliveryLedger {
  readonly #loaded: Uint8Array
  #loadedCount = 0
  #duplicateCount = 0
  readonly #duplicateIds: string[] = []
  #unknownCount = 0
  readonly #unknownIds: string[] = []
  #wrongValueCount = 0
  readonly #wrongValues: WrongValue[] = []

  constructor(readonly total: number) {
    this.#loaded = new Uint8Array(total)
  }

  isLoaded(index: number): boolean {
    return this.#loaded[index] === 1
  }

  markLoaded(index: number): void {
    this.#loaded[index] = 1
    this.#loadedCount += 1
  }

  recordDuplicate(id: string): void {
    this.#duplicateCount += 1
    if (this.#duplicateIds.length < MAX_EXAMPLES) this.#duplicateIds.push(id)
  }

  recordUnknown(id: string): void {
    this.#unknownCount += 1
    if (this.#unknownIds.length < MAX_EXAMPLES) this.#unknownIds.push(id)
  }

  recordWrongValue(wrong: WrongValue): void {
    this.#wrongValueCount += 1
    if (this.#wrongValues.length < MAX_EXAMPLES) this.#wrongValues.push(wrong)
  }

  summarize(): DeliverySummary {
    const firstMissing: string[] = []
    for (let index = 0; index < this.total && firstMissing.length < MAX_EXAMPLES; index++) {
      if (this.#loaded[index] === 0) firstMissing.push(plantId(index))
    }

    return {
      expected: this.total,
      loaded: this.#loadedCount,
      missing: { count: this.total - this.#loadedCount, firstIds: firstMissing },
      duplicates: { count: this.#duplicateCount, ids: [...this.#duplicateIds] },
      unknown: { count: this.#unknownCount, ids: [...this.#unknownIds] },
      wrongValues: { count: this.#wrongValueCount, examples: [...this.#wrongValues] },
    }
  }
}
