import { type AnimalsSimulator, startAnimalsSimulator } from '@fauna-etl/animals-simulator'
import { createHttpClient } from '@fauna-etl/http'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createRestSource } from '../src/index.js'
import {
  animalDetailSchema,
  collect,
  eventsOfType,
  listedAnimalSchema,
  range,
} from './animals-fake.js'

let simulator: AnimalsSimulator | undefined

afterEach(async () => {
  await simulator?.close()
  simulator = undefined
})

const pageSchema = z.object({
  page: z.number().int(),
  total_pages: z.number().int().nonnegative(),
  items: z.array(z.unknown()),
})

describe('createRestSource against the animals simulator', () => {
  it('reads every animal through chaos', async () => {
    // Chaos errors and pauses (scaled to 5-15 ms) on about 10 % of the requests.
    simulator = await startAnimalsSimulator({
      seed: 7,
      pages: 30,
      chaosRate: 0.1,
      pauseScale: 0.001,
    })
    const client = createHttpClient({
      baseURL: simulator.url,
      timeoutMs: 2_000,
      retry: { minDelayMs: 1, maxDelayMs: 20 },
      hedge: false,
    })
    const source = createRestSource({
      name: 'animals',
      client,
      pagination: { type: 'page-number', url: '/animals/v1/animals?page={page}' },
      schemas: { page: pageSchema, item: listedAnimalSchema, detail: animalDetailSchema },
      detail: { url: '/animals/v1/animals/{id}' },
    })

    const events = await collect(source.read())
    const records = eventsOfType(events, 'record')
    const dataset = simulator.dataset

    expect(simulator.report().chaos.errors).toBeGreaterThan(0)
    expect(eventsOfType(events, 'rejected')).toEqual([])
    expect(eventsOfType(events, 'anomaly')).toEqual([])
    expect(records.map((event) => event.id).sort((a, b) => Number(a) - Number(b))).toEqual(
      range(0, 300),
    )
    const byId = new Map(records.map((event) => [event.id, event.record]))
    expect(range(0, 300).map((id) => byId.get(id))).toEqual(
      range(0, 300).map((id) => dataset.detail(id)),
    )
  })
})
