import { afterEach, describe, expect, it } from 'vitest'
import {
  expectedLoadedPlant,
  generatePlant,
  type LoadedPlant,
  type PlantsSimulator,
  type PlantsSimulatorOptions,
  startPlantsSimulator,
} from '../src/index.js'
import { postBeds } from './simulator-client.js'

const SEED = 21
let current: PlantsSimulator | undefined

async function start(options: PlantsSimulatorOptions = {}): Promise<PlantsSimulator> {
  current = await startPlantsSimulator({
    seed: SEED,
    plants: 120,
    chaosRate: 0,
    verify: true,
    ...options,
  })
  return current
}

function batch(start: number, end: number) {
  return Array.from({ length: end - start }, (_, offset) =>
    expectedLoadedPlant(start + offset, { seed: SEED }),
  )
}

/** Finds the first plant whose height in metres is not exact as `height_cm / 100`. */
function findInexactHeight(): number {
  for (let index = 0; index < 120; index++) {
    const { height_cm } = generatePlant(index, { seed: SEED })
    if (height_cm !== null && height_cm / 100 !== Math.round(height_cm * 10) / 1000) return index
  }
  throw new Error('no plant with an inexact height among the first 120; pick another seed')
}

afterEach(async () => {
  await current?.close()
  current = undefined
})

describe('verification of values', () => {
  it('accepts a complete exact load', async () => {
    const simulator = await start()

    for (let start = 0; start < 120; start += 50) {
      const reply = await postBeds(simulator, batch(start, Math.min(start + 50, 120)))
      expect(reply.status).toBe(201)
    }

    const report = simulator.report()
    expect(report.loaded).toBe(120)
    expect(report.missing).toEqual({ count: 0, firstIds: [] })
    expect(report.duplicates.count).toBe(0)
    expect(report.unknown.count).toBe(0)
    expect(report.wrongValues.count).toBe(0)
  })

  it('rejects an inexact height with 422', async () => {
    const simulator = await start()
    const index = findInexactHeight()
    const expected = expectedLoadedPlant(index, { seed: SEED })
    const source = generatePlant(index, { seed: SEED })
    const naive = { ...expected, height_m: source.height_cm! / 100 }

    const reply = await postBeds(simulator, [naive])

    expect(reply.status).toBe(422)
    expect(reply.body).toEqual({
      errors: [
        {
          index: 0,
          field: 'height_m',
          message: `expected ${expected.height_m}, received ${naive.height_m}`,
        },
      ],
    })
  })

  it.each([
    ['name', (_plant: LoadedPlant): string => 'Plastic fern'],
    ['height_m', (_plant: LoadedPlant): number => 1234],
    ['watering_days', (plant: LoadedPlant): number => (plant.watering_days === 30 ? 1 : 30)],
  ] as const)('reports a wrong %s', async (field, wrongValue) => {
    const simulator = await start({ verify: false })
    const plant = expectedLoadedPlant(4, { seed: SEED })
    const received = wrongValue(plant)

    await postBeds(simulator, [{ ...plant, [field]: received }])

    expect(simulator.report().wrongValues.examples).toEqual([
      { id: plant.id, field, expected: plant[field], received },
    ])
  })

  it('rejects a null for a known height', async () => {
    const simulator = await start()
    const index = findInexactHeight() // any plant with a known height will do

    const reply = await postBeds(simulator, [
      { ...expectedLoadedPlant(index, { seed: SEED }), height_m: null },
    ])

    expect(reply.status).toBe(422)
  })

  it('plants nothing from a wrong batch', async () => {
    const simulator = await start()
    const plants = batch(0, 5)
    plants[3] = { ...plants[3]!, name: 'Plastic fern' }

    await postBeds(simulator, plants)

    expect(simulator.report().loaded).toBe(0)
    expect(simulator.report().wrongValues.count).toBe(1)
  })
})

describe('verification of ids', () => {
  it('fails a duplicate with 500', async () => {
    const simulator = await start()
    await postBeds(simulator, batch(0, 5))

    const reply = await postBeds(simulator, batch(5, 10).concat(batch(2, 3)))

    expect(reply.status).toBe(500)
    expect(reply.body).toEqual({ error: 'plant p-000002 was already planted' })
  })

  it('keeps plants before a duplicate', async () => {
    const simulator = await start()
    await postBeds(simulator, batch(0, 5))

    await postBeds(simulator, [...batch(5, 8), ...batch(0, 1), ...batch(8, 10)])

    expect(simulator.report().loaded).toBe(8)
    expect(simulator.report().duplicates).toEqual({ count: 1, ids: ['p-000000'] })
  })

  it('fails a repeated batch every time', async () => {
    const simulator = await start()
    await postBeds(simulator, batch(0, 5))

    const statuses = [
      (await postBeds(simulator, batch(0, 5))).status,
      (await postBeds(simulator, batch(0, 5))).status,
    ]

    expect(statuses).toEqual([500, 500])
  })

  it('fails a duplicate inside one batch', async () => {
    const simulator = await start()

    const reply = await postBeds(simulator, [...batch(0, 2), ...batch(0, 1)])

    expect(reply.status).toBe(500)
  })

  it.each(['p-000120', 'p-999999', 'tomato'])('fails unknown id %s with 500', async (id) => {
    const simulator = await start()

    const reply = await postBeds(simulator, [{ ...expectedLoadedPlant(0, { seed: SEED }), id }])

    expect(reply.status).toBe(500)
    expect(simulator.report().unknown).toEqual({ count: 1, ids: [id] })
  })
})

describe('Idempotency-Key', () => {
  it('replays the stored response', async () => {
    const simulator = await start()
    const headers = { 'idempotency-key': 'batch-1' }
    await postBeds(simulator, batch(0, 5), headers)

    const replay = await postBeds(simulator, batch(0, 5), headers)

    expect(replay.status).toBe(201)
    expect(replay.body).toEqual({ planted: 5 })
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
  })

  it('applies a replayed batch once', async () => {
    const simulator = await start()
    const headers = { 'idempotency-key': 'batch-1' }
    await postBeds(simulator, batch(0, 5), headers)

    await postBeds(simulator, batch(0, 5), headers)

    expect(simulator.report().duplicates.count).toBe(0)
    expect(simulator.report().idempotentReplays).toBe(1)
  })

  it('rejects a reused key with another body', async () => {
    const simulator = await start()
    await postBeds(simulator, batch(0, 5), { 'idempotency-key': 'batch-1' })

    const reply = await postBeds(simulator, batch(5, 10), { 'idempotency-key': 'batch-1' })

    expect(reply.status).toBe(422)
    expect(reply.body).toMatchObject({ field: 'Idempotency-Key' })
    expect(simulator.report().loaded).toBe(5)
  })

  it('replays a failure too', async () => {
    const simulator = await start()
    await postBeds(simulator, batch(0, 1))
    const headers = { 'idempotency-key': 'batch-2' }
    await postBeds(simulator, batch(0, 1), headers)

    const replay = await postBeds(simulator, batch(0, 1), headers)

    expect(replay.status).toBe(500)
    expect(simulator.report().duplicates.count).toBe(1)
  })

  it('is ignored when disabled', async () => {
    const simulator = await start({ idempotency: false })
    const headers = { 'idempotency-key': 'batch-1' }
    await postBeds(simulator, batch(0, 5), headers)

    const second = await postBeds(simulator, batch(0, 5), headers)

    expect(second.status).toBe(500)
    expect(simulator.report().idempotentReplays).toBe(0)
  })
})
