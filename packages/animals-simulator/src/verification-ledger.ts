import { type AnimalsDataset, splitFriends } from './animals-dataset.js'
import type { IncomingAnimal } from './validate-home-batch.js'

/** A delivered value that differs from the source record. */
export interface WrongValue {
  id: number
  field: 'id' | 'name' | 'friends' | 'born_at'
  /** The value a correct load sends: `born_at` as an ISO 8601 string in UTC, or `null`. */
  expected: unknown
  /** The value as posted. */
  received: unknown
}

/** Counts of delivered ids and values, part of the simulator's report. */
export interface DeliveryReport {
  /** Number of animals the source holds. */
  expectedIds: number
  /** Number of distinct source ids delivered at least once. */
  loaded: number
  /** Source ids never delivered; `firstIds` lists the lowest ones. */
  missing: { count: number; firstIds: number[] }
  /** Deliveries of an id already delivered; `ids` lists the first ones seen. */
  duplicates: { count: number; ids: number[] }
  /** Deliveries of ids the source does not hold; `ids` lists the first ones seen. */
  unknownIds: { count: number; ids: number[] }
  /** Fields delivered with a value other than the source's; `examples` lists the first ones. */
  wrongValues: { count: number; examples: WrongValue[] }
}

/** Result of recording one batch. */
export type DeliveryOutcome =
  | { ok: true }
  | { ok: false; reason: 'duplicate' | 'unknown'; id: number; index: number }

export interface VerificationLedger {
  /**
   * Records the animals of an accepted batch in order. With `failOnConflict`, the first
   * duplicate or unknown id stops the batch like the original's `set.remove` raising, and the
   * animals before it stay recorded.
   */
  record(animals: readonly IncomingAnimal[]): DeliveryOutcome
  /** Number of source animals not delivered yet. */
  remaining(): number
  report(): DeliveryReport
}

// Report lists are capped so that a badly broken load still gives a readable report.
const MAX_LISTED_IDS = 20
const MAX_EXAMPLES = 10

/**
 * Creates the record of delivered ids: one byte per source animal, so a million animals cost a
 * megabyte, and value checks against the dataset computed on demand.
 */
export function createVerificationLedger(
  dataset: AnimalsDataset,
  options: { failOnConflict: boolean },
): VerificationLedger {
  const delivered = new Uint8Array(dataset.totalAnimals)
  let loaded = 0
  const duplicates = { count: 0, ids: [] as number[] }
  const unknownIds = { count: 0, ids: [] as number[] }
  const wrongValues = { count: 0, examples: [] as WrongValue[] }

  const addWrongValue = (wrong: WrongValue): void => {
    wrongValues.count++
    if (wrongValues.examples.length < MAX_EXAMPLES) wrongValues.examples.push(wrong)
  }

  const record = (animals: readonly IncomingAnimal[]): DeliveryOutcome => {
    for (const animal of animals) {
      const { id } = animal
      const known = Number.isSafeInteger(id) && id >= 0 && id < dataset.totalAnimals

      if (!known || delivered[id] === 1) {
        const counter = known ? duplicates : unknownIds
        counter.count++
        if (counter.ids.length < MAX_LISTED_IDS) counter.ids.push(id)
        if (options.failOnConflict) {
          return { ok: false, reason: known ? 'duplicate' : 'unknown', id, index: animal.index }
        }
        continue
      }

      delivered[id] = 1
      loaded++
      for (const wrong of compareWithSource(dataset, animal)) addWrongValue(wrong)
    }
    return { ok: true }
  }

  const report = (): DeliveryReport => {
    const firstIds: number[] = []
    for (let id = 0; id < delivered.length && firstIds.length < MAX_LISTED_IDS; id++) {
      if (delivered[id] === 0) firstIds.push(id)
    }

    return {
      expectedIds: dataset.totalAnimals,
      loaded,
      missing: { count: dataset.totalAnimals - loaded, firstIds },
      duplicates: { count: duplicates.count, ids: [...duplicates.ids] },
      unknownIds: { count: unknownIds.count, ids: [...unknownIds.ids] },
      wrongValues: { count: wrongValues.count, examples: [...wrongValues.examples] },
    }
  }

  return { record, remaining: () => dataset.totalAnimals - loaded, report }
}

/**
 * Compares a posted animal with its source record: the exact name, the exact friends array and
 * the exact instant of `born_at`, which must be an ISO 8601 string with an explicit zone. A naive
 * timestamp or a raw number passes the original's validation but proves nothing about the
 * conversion, so both count as wrong here.
 */
function compareWithSource(dataset: AnimalsDataset, animal: IncomingAnimal): WrongValue[] {
  const source = dataset.detail(animal.id)!
  const { raw } = animal
  const wrong: WrongValue[] = []

  if (raw.id !== source.id) {
    wrong.push({ id: source.id, field: 'id', expected: source.id, received: raw.id })
  }
  if (raw.name !== source.name) {
    wrong.push({ id: source.id, field: 'name', expected: source.name, received: raw.name })
  }

  const expectedFriends = splitFriends(source.friends)
  if (!sameStrings(raw.friends, expectedFriends)) {
    wrong.push({
      id: source.id,
      field: 'friends',
      expected: expectedFriends,
      received: raw.friends,
    })
  }

  const expectedBornAt = source.born_at === null ? null : new Date(source.born_at).toISOString()
  const bornAtMatches =
    source.born_at === null
      ? animal.bornAt === null
      : typeof raw.born_at === 'string' &&
        animal.bornAt?.zoned === true &&
        animal.bornAt.instantUs === source.born_at * 1000
  if (!bornAtMatches) {
    wrong.push({ id: source.id, field: 'born_at', expected: expectedBornAt, received: raw.born_at })
  }

  return wrong
}

function sameStrings(received: unknown, expected: readonly string[]): boolean {
  if (!Array.isArray(received) || received.length !== expected.length) return false
  return received.every((value, position) => value === expected[position])
}
