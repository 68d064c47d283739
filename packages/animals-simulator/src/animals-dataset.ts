import { ANIMAL_NAMES } from './animal-names.js'
import { createSeededRandom, randomInteger, randomWideInteger } from './seeded-random.js'

/** An animal as `GET /animals/v1/animals?page=N` lists it: without `friends`. */
export interface ListedAnimal {
  id: number
  name: string
  /** Epoch milliseconds, or `null` for about five animals in six. */
  born_at: number | null
}

/** An animal as `GET /animals/v1/animals/{id}` returns it. */
export interface AnimalDetail extends ListedAnimal {
  /** Names joined with commas and no spaces, `""` when the animal has no friends. */
  friends: string
}

export interface AnimalsDatasetOptions {
  /** Seed of every value, an integer from 0 to 2^32 - 1. */
  seed: number
  /** Number of pages of 10 animals, an integer from 1 to 1,000,000. Default: drawn from the seed, 500 to 600. */
  pages?: number
  /**
   * Upper bound of `born_at`, in epoch milliseconds, like the original server's start time.
   * Default: `Date.now()` when the dataset is created. Pass the same value to get the same
   * `born_at` values in another process.
   */
  now?: number
}

export interface AnimalsDataset {
  readonly seed: number
  readonly totalPages: number
  readonly totalAnimals: number
  /** Upper bound of `born_at` in epoch milliseconds. */
  readonly now: number
  /** Returns the animal with this id, or `undefined` for an id outside 0 … totalAnimals - 1. */
  detail(id: number): AnimalDetail | undefined
  /** Returns the animals of a 1-based page, `[]` for a page outside 1 … totalPages. */
  listing(page: number): ListedAnimal[]
}

export const PAGE_SIZE = 10
export const MIN_DEFAULT_PAGES = 500
export const MAX_DEFAULT_PAGES = 600
export const MAX_PAGES = 1_000_000

/** 1987-01-01T01:00:00Z, the earliest `born_at` the original server draws. */
export const EARLIEST_BORN_AT_MS = 536_461_200_000

const MAX_FRIENDS = 5

// Stream numbers keep the sequences of one seed apart.
const ANIMAL_STREAM = 1
const PAGES_STREAM = 2
export const CHAOS_STREAM = 3

/**
 * Creates the animals of one simulated server. Each animal is computed from the seed and its id
 * when asked for, so a million animals cost no memory, and the same seed, page count and `now`
 * always give the same animals.
 */
export function createAnimalsDataset(options: AnimalsDatasetOptions): AnimalsDataset {
  const { seed } = options
  const totalPages = options.pages ?? drawDefaultPages(seed)
  const now = options.now ?? Date.now()
  const totalAnimals = totalPages * PAGE_SIZE

  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw new TypeError(
      `Expected option "seed" to be an integer from 0 to ${2 ** 32 - 1}, received ${String(seed)}.`,
    )
  }
  if (!Number.isInteger(totalPages) || totalPages < 1 || totalPages > MAX_PAGES) {
    throw new TypeError(
      `Expected option "pages" to be an integer from 1 to ${MAX_PAGES}, received ${String(totalPages)}.`,
    )
  }
  if (!Number.isFinite(now) || now < EARLIEST_BORN_AT_MS) {
    throw new TypeError(
      `Expected option "now" to be epoch milliseconds from ${EARLIEST_BORN_AT_MS} (1987-01-01T01:00:00Z) on, received ${String(now)}.`,
    )
  }

  const detail = (id: number): AnimalDetail | undefined => {
    if (!Number.isInteger(id) || id < 0 || id >= totalAnimals) return undefined
    return generateAnimal(seed, id, Math.floor(now))
  }

  const listing = (page: number): ListedAnimal[] => {
    if (!Number.isInteger(page) || page < 1 || page > totalPages) return []

    const items: ListedAnimal[] = []
    for (let id = (page - 1) * PAGE_SIZE; id < page * PAGE_SIZE; id++) {
      const { friends: _friends, ...listed } = generateAnimal(seed, id, Math.floor(now))
      items.push(listed)
    }
    return items
  }

  return { seed, totalPages, totalAnimals, now: Math.floor(now), detail, listing }
}

/** Splits a detail's `friends` string into the array a loaded animal must carry. */
export function splitFriends(friends: string): string[] {
  return friends === '' ? [] : friends.split(',')
}

function drawDefaultPages(seed: number): number {
  return randomInteger(createSeededRandom(seed, PAGES_STREAM), MIN_DEFAULT_PAGES, MAX_DEFAULT_PAGES)
}

// Draws follow the original server: `born_at` is set when randint(0, 5) == 1, and friends are
// randint(0, 5) distinct names, so both "no birth date" (5/6) and "no friends" (1/6) match it.
function generateAnimal(seed: number, id: number, now: number): AnimalDetail {
  const random = createSeededRandom(seed, ANIMAL_STREAM, id)

  const hasBirthDate = randomInteger(random, 0, 5) === 1
  const bornAt = randomWideInteger(random, EARLIEST_BORN_AT_MS, now)
  const name = ANIMAL_NAMES[randomInteger(random, 0, ANIMAL_NAMES.length - 1)]!
  const friendCount = randomInteger(random, 0, MAX_FRIENDS)

  return {
    id,
    name,
    born_at: hasBirthDate ? bornAt : null,
    friends: sampleNames(random, friendCount).join(','),
  }
}

function sampleNames(random: () => number, count: number): string[] {
  const picked = new Set<number>()
  while (picked.size < count) {
    picked.add(randomInteger(random, 0, ANIMAL_NAMES.length - 1))
  }
  return [...picked].map((index) => ANIMAL_NAMES[index]!)
}
