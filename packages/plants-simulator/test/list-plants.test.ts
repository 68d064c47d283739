import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  generatePlant,
  type PlantsSimulator,
  type SourcePlant,
  startPlantsSimulator,
} from '../src/index.js'
import { request } from './simulator-client.js'

interface PlantPage {
  data: SourcePlant[]
  next: string | null
}

let simulator: PlantsSimulator

beforeAll(async () => {
  simulator = await startPlantsSimulator({ seed: 11, plants: 1234, chaosRate: 0 })
})

afterAll(async () => {
  await simulator.close()
})

async function readAllPages(limit: number): Promise<{ plants: SourcePlant[]; pages: PlantPage[] }> {
  const pages: PlantPage[] = []
  let cursor: string | null = null

  // One page more than a correct server needs, so that a cursor that never ends stops the loop.
  const maxPages = Math.ceil(1234 / limit) + 1
  for (let attempt = 0; attempt < maxPages; attempt++) {
    const query: string = cursor === null ? `?limit=${limit}` : `?limit=${limit}&cursor=${cursor}`
    const reply = await request(simulator, `/plants/v2/plants${query}`)
    expect(reply.status).toBe(200)

    const page = reply.body as PlantPage
    pages.push(page)
    cursor = page.next
    if (cursor === null) break
  }

  return { plants: pages.flatMap((page) => page.data), pages }
}

describe('GET /plants/v2/plants', () => {
  it.each([25, 100, 7])('covers every plant once at limit %i', async (limit) => {
    const { plants } = await readAllPages(limit)

    expect(plants).toHaveLength(1234)
    expect(new Set(plants.map((plant) => plant.plant_id)).size).toBe(1234)
    expect(plants[0]).toEqual(generatePlant(0, { seed: 11 }))
    expect(plants[1233]).toEqual(generatePlant(1233, { seed: 11 }))
  })

  it('ends with next null', async () => {
    const { pages } = await readAllPages(100)

    expect(pages).toHaveLength(13)
    expect(pages.at(-1)?.next).toBeNull()
    expect(pages.at(-1)?.data).toHaveLength(34)
    expect(pages.slice(0, -1).every((page) => typeof page.next === 'string')).toBe(true)
  })

  it('defaults to 25 plants', async () => {
    const reply = await request(simulator, '/plants/v2/plants')

    expect((reply.body as PlantPage).data).toHaveLength(25)
  })

  it('returns generated plants in order', async () => {
    const first = await request(simulator, '/plants/v2/plants?limit=3')
    const next = (first.body as PlantPage).next!
    const second = await request(simulator, `/plants/v2/plants?limit=2&cursor=${next}`)

    expect((second.body as PlantPage).data).toEqual([
      generatePlant(3, { seed: 11 }),
      generatePlant(4, { seed: 11 }),
    ])
  })

  it('serves JSON with a content type', async () => {
    const reply = await request(simulator, '/plants/v2/plants?limit=1')

    expect(reply.headers.get('content-type')).toBe('application/json')
  })

  it.each(['101', '0', '-1', '2.5', 'abc', ''])('rejects limit %j with 422', async (limit) => {
    const reply = await request(simulator, `/plants/v2/plants?limit=${limit}`)

    expect(reply.status).toBe(422)
    expect(reply.body).toMatchObject({ field: 'limit', error: expect.stringContaining('limit') })
  })

  it.each([
    ['garbage', 'not-a-token!'],
    ['empty', ''],
    ['foreign base64', Buffer.from('offset:5').toString('base64url')],
    ['past the end', Buffer.from('plants:1234').toString('base64url')],
    ['negative offset', Buffer.from('plants:-5').toString('base64url')],
    ['padded offset', Buffer.from('plants:05').toString('base64url')],
  ])('rejects %s cursor with 400', async (_case, cursor) => {
    const reply = await request(simulator, `/plants/v2/plants?cursor=${encodeURIComponent(cursor)}`)

    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject({ field: 'cursor', error: expect.stringContaining('cursor') })
  })
})

describe('GET /plants/v2/plants with no plants', () => {
  it('returns an empty last page', async () => {
    const empty = await startPlantsSimulator({ plants: 0, chaosRate: 0 })

    const reply = await request(empty, '/plants/v2/plants')
    await empty.close()

    expect(reply.body).toEqual({ data: [], next: null })
  })
})
