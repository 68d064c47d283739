import { describe, expect, it, onTestFinished } from 'vitest'
import { type AnimalsSimulatorOptions, startAnimalsSimulator } from '../src/index.js'
import {
  correctAnimal,
  firstIdWithBirthDate,
  firstIdWithFriends,
  postHome,
  readJson,
} from './helpers.js'

async function start(options: AnimalsSimulatorOptions = {}) {
  const simulator = await startAnimalsSimulator({ seed: 6, pages: 5, chaosRate: 0, ...options })
  onTestFinished(() => simulator.close())
  return simulator
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)

describe('verification', () => {
  it('counts a correct load', async () => {
    const simulator = await start({ verify: true })
    const batch = range(0, 50).map((id) => correctAnimal(simulator.dataset, id))

    const response = await postHome(simulator.url, batch)
    const report = simulator.report()

    expect(response.status).toBe(200)
    expect(report.loaded).toBe(50)
    expect(report.wrongValues.count).toBe(0)
    expect(report.missing).toEqual({ count: 0, firstIds: [] })
  })

  it('lists the first missing ids', async () => {
    const simulator = await start({ verify: true })
    const batch = range(0, 48).map((id) => correctAnimal(simulator.dataset, id))

    await postHome(simulator.url, batch)

    expect(simulator.report().missing).toEqual({ count: 2, firstIds: [48, 49] })
  })

  it('fails a duplicate with 500', async () => {
    const simulator = await start({ verify: true })
    await postHome(simulator.url, [correctAnimal(simulator.dataset, 3)])

    const response = await postHome(
      simulator.url,
      [1, 2, 3, 4].map((id) => correctAnimal(simulator.dataset, id)),
    )
    const report = simulator.report()

    expect(response.status).toBe(500)
    expect(await response.text()).toBe('Internal Server Error')
    expect(report.duplicates).toEqual({ count: 1, ids: [3] })
    expect(report.loaded).toBe(3)
    expect(report.missing.firstIds.slice(0, 2)).toEqual([0, 4])
    expect(report.batchesFailed).toBe(1)
  })

  it('fails a resent batch every time', async () => {
    const simulator = await start({ verify: true })
    const batch = [5, 6].map((id) => correctAnimal(simulator.dataset, id))
    await postHome(simulator.url, batch)

    const statuses = [
      (await postHome(simulator.url, batch)).status,
      (await postHome(simulator.url, batch)).status,
    ]

    expect(statuses).toEqual([500, 500])
    expect(simulator.report().duplicates.count).toBe(2)
  })

  it.each([50, -1, 1_000_000])('fails unknown id %s with 500', async (id) => {
    const simulator = await start({ verify: true })
    const known = correctAnimal(simulator.dataset, 0)

    const response = await postHome(simulator.url, [known, { ...known, id }])

    expect(response.status).toBe(500)
    expect(simulator.report().unknownIds).toEqual({ count: 1, ids: [id] })
    expect(simulator.report().loaded).toBe(1)
  })

  it('only counts conflicts without verify', async () => {
    const simulator = await start({ verify: false })
    const known = correctAnimal(simulator.dataset, 0)

    const response = await postHome(simulator.url, [known, known, { ...known, id: 99 }])
    const report = simulator.report()

    expect(response.status).toBe(200)
    expect(report.duplicates.count).toBe(1)
    expect(report.unknownIds.count).toBe(1)
  })
})

describe('wrong values', () => {
  it('counts a wrong name', async () => {
    const simulator = await start()
    const animal = correctAnimal(simulator.dataset, 0)

    await postHome(simulator.url, [{ ...animal, name: `${animal.name} ` }])

    expect(simulator.report().wrongValues.examples).toEqual([
      { id: 0, field: 'name', expected: animal.name, received: `${animal.name} ` },
    ])
  })

  it.each([
    ['reversed', (friends: string[]) => [...friends].reverse()],
    ['joined', (friends: string[]) => [friends.join(',')]],
    ['missing one', (friends: string[]) => friends.slice(1)],
    ['padded', (friends: string[]) => friends.map((friend) => ` ${friend}`)],
  ])('counts %s friends', async (_case, change) => {
    const simulator = await start({ pages: 20 })
    const id = firstIdWithFriends(simulator.dataset)
    const animal = correctAnimal(simulator.dataset, id)

    const response = await postHome(simulator.url, [{ ...animal, friends: change(animal.friends) }])

    expect(response.status).toBe(200)
    expect(simulator.report().wrongValues.count).toBe(1)
    expect(simulator.report().wrongValues.examples[0]?.field).toBe('friends')
  })

  it('counts [""] for no friends', async () => {
    const simulator = await start({ pages: 20 })
    const id = range(0, 200).find(
      (candidate) => simulator.dataset.detail(candidate)!.friends === '',
    )!

    await postHome(simulator.url, [{ ...correctAnimal(simulator.dataset, id), friends: [''] }])

    expect(simulator.report().wrongValues.examples[0]).toMatchObject({
      field: 'friends',
      expected: [],
    })
  })

  it.each([
    ['a naive timestamp', (ms: number) => new Date(ms).toISOString().slice(0, -1)],
    ['raw milliseconds', (ms: number) => ms],
    ['milliseconds read as seconds', (ms: number) => new Date(Math.floor(ms / 1000)).toISOString()],
    ['a shifted zone', (ms: number) => new Date(ms).toISOString().replace('Z', '+01:00')],
    ['a dropped millisecond', (ms: number) => new Date(ms - 1).toISOString()],
    ['null', () => null],
  ])('counts born_at as %s', async (_case, change) => {
    const simulator = await start({ pages: 20 })
    const id = firstIdWithBirthDate(simulator.dataset)
    const animal = correctAnimal(simulator.dataset, id)

    const response = await postHome(simulator.url, [
      { ...animal, born_at: change(simulator.dataset.detail(id)!.born_at!) },
    ])

    expect(response.status).toBe(200)
    expect(simulator.report().wrongValues.count).toBe(1)
    expect(simulator.report().wrongValues.examples[0]).toMatchObject({
      id,
      field: 'born_at',
      expected: animal.born_at,
    })
  })

  it.each([
    ['an offset', (ms: number) => toOffsetIso(ms, 120)],
    ['microseconds', (ms: number) => new Date(ms).toISOString().replace('Z', '000Z')],
    ['a space separator', (ms: number) => new Date(ms).toISOString().replace('T', ' ')],
  ])('accepts born_at with %s', async (_case, change) => {
    const simulator = await start({ pages: 20 })
    const id = firstIdWithBirthDate(simulator.dataset)
    const animal = correctAnimal(simulator.dataset, id)

    await postHome(simulator.url, [
      { ...animal, born_at: change(simulator.dataset.detail(id)!.born_at!) },
    ])

    expect(simulator.report().wrongValues.count).toBe(0)
  })

  it('counts a born_at for a null source', async () => {
    const simulator = await start()
    const id = range(0, 50).find(
      (candidate) => simulator.dataset.detail(candidate)!.born_at === null,
    )!

    await postHome(simulator.url, [
      { ...correctAnimal(simulator.dataset, id), born_at: '2000-01-01T00:00:00Z' },
    ])

    expect(simulator.report().wrongValues.examples[0]).toMatchObject({
      field: 'born_at',
      expected: null,
    })
  })
})

describe('idempotency', () => {
  it('replays a key without applying it again', async () => {
    const simulator = await start({ verify: true })
    const batch = [0, 1].map((id) => correctAnimal(simulator.dataset, id))

    const first = await postHome(simulator.url, batch, { 'idempotency-key': 'batch-1' })
    const second = await postHome(simulator.url, batch, { 'idempotency-key': 'batch-1' })
    const report = simulator.report()

    expect(first.status).toBe(200)
    expect(second.status).toBe(200)
    expect(await readJson(second)).toEqual({ message: 'Helped 2 find home' })
    expect(report.duplicates.count).toBe(0)
    expect(report.idempotentReplays).toBe(1)
    expect(report.postRequests).toBe(2)
  })

  it('rejects a key reused with another body', async () => {
    const simulator = await start()
    await postHome(simulator.url, [correctAnimal(simulator.dataset, 0)], { 'idempotency-key': 'k' })

    const response = await postHome(simulator.url, [correctAnimal(simulator.dataset, 1)], {
      'idempotency-key': 'k',
    })

    expect(response.status).toBe(422)
    expect((await readJson(response)).detail).toContain('"k"')
  })

  it('stores no key of a chaos error', async () => {
    // Seed 6 fails the first two requests by chaos, then lets the third through.
    const simulator = await start({ seed: 6, chaosRate: 0.5, chaosErrorShare: 1, verify: true })
    const batch = [correctAnimal(simulator.dataset, 0)]

    const statuses: number[] = []
    while (statuses.at(-1) !== 200 && statuses.length < 40) {
      statuses.push((await postHome(simulator.url, batch, { 'idempotency-key': 'retry' })).status)
    }
    const report = simulator.report()

    expect(statuses).toEqual([504, 504, 200])
    expect(report.chaos.errors).toBe(2)
    expect(report.postRequests).toBe(1)
    expect(report.idempotentReplays).toBe(0)
  })

  it('ignores keys when disabled', async () => {
    const simulator = await start({ verify: true, idempotency: false })
    const batch = [correctAnimal(simulator.dataset, 0)]
    await postHome(simulator.url, batch, { 'idempotency-key': 'same' })

    const response = await postHome(simulator.url, batch, { 'idempotency-key': 'same' })

    expect(response.status).toBe(500)
  })
})

describe('report', () => {
  it('serves the report over HTTP', async () => {
    const simulator = await start({ verify: true })
    await postHome(simulator.url, [correctAnimal(simulator.dataset, 0)])

    const response = await fetch(`${simulator.url}/_simulator/report`)
    const served = await readJson(response)

    expect(served).toEqual(simulator.report())
    expect(served.requests).toEqual({
      'POST /animals/v1/home': 1,
      'GET /_simulator/report': 1,
    })
  })

  it('describes the setup', async () => {
    const simulator = await start({ verify: true })

    expect(simulator.report()).toMatchObject({
      seed: 6,
      totalPages: 5,
      verify: true,
      expectedIds: 50,
      loaded: 0,
      postRequests: 0,
      batchesRejected: 0,
      chaos: { errors: 0, pauses: 0 },
    })
  })

  it('counts rejected batches', async () => {
    const simulator = await start()

    await postHome(simulator.url, { not: 'a list' })
    await postHome(
      simulator.url,
      range(0, 101).map((id) => correctAnimal(simulator.dataset, id % 50)),
    )

    expect(simulator.report().batchesRejected).toBe(2)
  })
})

describe('large datasets', () => {
  it('verifies a million animals', async () => {
    const simulator = await start({ pages: 100_000, verify: true })
    const batch = range(999_900, 1_000_000).map((id) => correctAnimal(simulator.dataset, id))

    const listing = await fetch(`${simulator.url}/animals/v1/animals?page=100000`)
    const response = await postHome(simulator.url, batch)
    const report = simulator.report()

    expect((await readJson(listing)).items[9].id).toBe(999_999)
    expect(response.status).toBe(200)
    expect(report.loaded).toBe(100)
    expect(report.missing.count).toBe(999_900)
  })
})

function toOffsetIso(ms: number, offsetMinutes: number): string {
  const shifted = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, -1)
  const hours = String(Math.floor(offsetMinutes / 60)).padStart(2, '0')
  const minutes = String(offsetMinutes % 60).padStart(2, '0')
  return `${shifted}+${hours}:${minutes}`
}
