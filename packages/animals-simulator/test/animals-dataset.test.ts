import { describe, expect, it } from 'vitest'
import {
  ANIMAL_NAMES,
  createAnimalsDataset,
  EARLIEST_BORN_AT_MS,
  splitFriends,
} from '../src/index.js'

const NOW = Date.UTC(2024, 0, 1)

describe('createAnimalsDataset', () => {
  it('repeats data for the same seed', () => {
    const first = createAnimalsDataset({ seed: 42, now: NOW })
    const second = createAnimalsDataset({ seed: 42, now: NOW })

    expect(second.totalPages).toBe(first.totalPages)
    expect(second.listing(7)).toEqual(first.listing(7))
    expect(second.detail(1234)).toEqual(first.detail(1234))
  })

  it('changes data with the seed', () => {
    const first = createAnimalsDataset({ seed: 1, pages: 10, now: NOW })
    const second = createAnimalsDataset({ seed: 2, pages: 10, now: NOW })

    expect(second.listing(1)).not.toEqual(first.listing(1))
  })

  it('draws default pages from 500 to 600', () => {
    const pages = Array.from(
      { length: 200 },
      (_, seed) => createAnimalsDataset({ seed }).totalPages,
    )

    expect(Math.min(...pages)).toBeGreaterThanOrEqual(500)
    expect(Math.max(...pages)).toBeLessThanOrEqual(600)
    expect(new Set(pages).size).toBeGreaterThan(50)
  })

  it('lists ten dense ids per page', () => {
    const dataset = createAnimalsDataset({ seed: 3, pages: 20, now: NOW })

    expect(dataset.totalAnimals).toBe(200)
    expect(dataset.listing(1).map((animal) => animal.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(dataset.listing(20).map((animal) => animal.id)).toEqual([
      190, 191, 192, 193, 194, 195, 196, 197, 198, 199,
    ])
  })

  it('lists the detail values without friends', () => {
    const dataset = createAnimalsDataset({ seed: 3, pages: 20, now: NOW })
    const { friends: _friends, ...expected } = dataset.detail(25)!

    expect(dataset.listing(3)[5]).toStrictEqual(expected)
  })

  it.each([0, -1, 21, 1.5])('returns no animals for page %s', (page) => {
    const dataset = createAnimalsDataset({ seed: 3, pages: 20, now: NOW })

    expect(dataset.listing(page)).toEqual([])
  })

  it.each([-1, 200, 2.5])('returns no animal for id %s', (id) => {
    const dataset = createAnimalsDataset({ seed: 3, pages: 20, now: NOW })

    expect(dataset.detail(id)).toBeUndefined()
  })

  it('reads a far page of a million animals lazily', () => {
    const started = performance.now()
    const dataset = createAnimalsDataset({ seed: 9, pages: 100_000, now: NOW })

    const lastPage = dataset.listing(100_000)

    expect(dataset.totalAnimals).toBe(1_000_000)
    expect(lastPage.map((animal) => animal.id)).toEqual([
      999_990, 999_991, 999_992, 999_993, 999_994, 999_995, 999_996, 999_997, 999_998, 999_999,
    ])
    expect(performance.now() - started).toBeLessThan(500)
  })

  it.each([
    [{ seed: -1 }, /"seed"/],
    [{ seed: 1, pages: 0 }, /"pages"/],
    [{ seed: 1, pages: 1_000_001 }, /"pages"/],
    [{ seed: 1, now: 0 }, /"now"/],
  ])('rejects invalid options %j', (options, message) => {
    expect(() => createAnimalsDataset(options)).toThrow(message)
  })
})

describe('animal values', () => {
  const dataset = createAnimalsDataset({ seed: 11, pages: 600, now: NOW })
  const animals = Array.from({ length: dataset.totalAnimals }, (_, id) => dataset.detail(id)!)

  it('has no friends for about one in six', () => {
    const share = animals.filter((animal) => animal.friends === '').length / animals.length

    expect(share).toBeGreaterThan(1 / 6 - 0.03)
    expect(share).toBeLessThan(1 / 6 + 0.03)
  })

  it('has no birth date for about five in six', () => {
    const share = animals.filter((animal) => animal.born_at === null).length / animals.length

    expect(share).toBeGreaterThan(5 / 6 - 0.03)
    expect(share).toBeLessThan(5 / 6 + 0.03)
  })

  it('draws birth dates from 1987 to now', () => {
    const bornAt = animals.flatMap((animal) => (animal.born_at === null ? [] : [animal.born_at]))

    expect(bornAt.every(Number.isInteger)).toBe(true)
    expect(Math.min(...bornAt)).toBeGreaterThanOrEqual(EARLIEST_BORN_AT_MS)
    expect(Math.max(...bornAt)).toBeLessThanOrEqual(NOW)
    expect(bornAt.some((value) => value < 1e12)).toBe(true)
  })

  it('joins up to five distinct friends', () => {
    const lists = animals.map((animal) => splitFriends(animal.friends))

    expect(Math.max(...lists.map((friends) => friends.length))).toBe(5)
    expect(lists.every((friends) => new Set(friends).size === friends.length)).toBe(true)
    expect(lists.flat().every((friend) => ANIMAL_NAMES.includes(friend))).toBe(true)
  })

  it('uses names with spaces', () => {
    const names = new Set(animals.map((animal) => animal.name))

    expect([...names].some((name) => name.includes(' '))).toBe(true)
    expect(names.size).toBeGreaterThan(200)
  })

  it('sometimes lists an animal as its own friend', () => {
    const selfFriends = animals.filter((animal) =>
      splitFriends(animal.friends).includes(animal.name),
    )

    expect(selfFriends.length).toBeGreaterThan(0)
  })
})

describe('ANIMAL_NAMES', () => {
  it('holds about 220 names without commas', () => {
    expect(ANIMAL_NAMES.length).toBe(220)
    expect(new Set(ANIMAL_NAMES).size).toBe(ANIMAL_NAMES.length)
    expect(ANIMAL_NAMES.some((name) => name.includes(','))).toBe(false)
  })

  it.each(['Red panda', 'Sand Dollar'])('includes %s', (name) => {
    expect(ANIMAL_NAMES).toContain(name)
  })
})

describe('splitFriends', () => {
  it.each([
    ['', []],
    ['Lion', ['Lion']],
    ['Red panda,Sand Dollar', ['Red panda', 'Sand Dollar']],
  ])('splits %j', (friends, expected) => {
    expect(splitFriends(friends)).toEqual(expected)
  })
})
