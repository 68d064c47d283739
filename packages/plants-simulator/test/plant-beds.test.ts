import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectedLoadedPlant, type PlantsSimulator, startPlantsSimulator } from '../src/index.js'
import { postBeds, request } from './simulator-client.js'

const SEED = 5
let simulator: PlantsSimulator

function batch(start: number, end: number) {
  return Array.from({ length: end - start }, (_, offset) =>
    expectedLoadedPlant(start + offset, { seed: SEED }),
  )
}

beforeEach(async () => {
  simulator = await startPlantsSimulator({ seed: SEED, plants: 200, chaosRate: 0 })
})

afterEach(async () => {
  await simulator.close()
})

describe('POST /garden/v1/beds accepted bodies', () => {
  it('plants an object body', async () => {
    const reply = await postBeds(simulator, { plants: batch(0, 3) })

    expect(reply.status).toBe(201)
    expect(reply.body).toEqual({ planted: 3 })
  })

  it('plants an array body', async () => {
    const reply = await postBeds(simulator, batch(0, 4))

    expect(reply.status).toBe(201)
    expect(reply.body).toEqual({ planted: 4 })
  })

  it('plants an empty batch', async () => {
    const reply = await postBeds(simulator, [])

    expect(reply.body).toEqual({ planted: 0 })
  })

  it('accepts exactly 50 plants', async () => {
    const reply = await postBeds(simulator, batch(0, 50))

    expect(reply.status).toBe(201)
  })

  it('counts planted plants in the report', async () => {
    await postBeds(simulator, batch(0, 30))

    const report = simulator.report()

    expect(report.loaded).toBe(30)
    expect(report.missing.count).toBe(170)
    expect(report.missing.firstIds[0]).toBe('p-000030')
    expect(report.missing.firstIds).toHaveLength(10)
  })
})

describe('POST /garden/v1/beds rejected bodies', () => {
  it.each([
    ['an array', batch(0, 51)],
    ['an object', { plants: batch(0, 51) }],
  ])('rejects 51 plants in %s with 413', async (_form, body) => {
    const reply = await postBeds(simulator, body)

    expect(reply.status).toBe(413)
    expect(reply.body).toEqual({ error: 'batch too large, at most 50 plants per request' })
  })

  it('plants nothing from a 413 batch', async () => {
    await postBeds(simulator, batch(0, 51))

    expect(simulator.report().loaded).toBe(0)
  })

  it('rejects invalid JSON with 400', async () => {
    const reply = await request(simulator, '/garden/v1/beds', { method: 'POST', rawBody: '[{' })

    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject({ error: expect.stringContaining('invalid JSON body') })
  })

  it.each([
    ['a string', 'plants'],
    ['a number', 3],
    ['null', null],
    ['an object without plants', { beds: [] }],
    ['plants as an object', { plants: { id: 'p-000001' } }],
  ])('rejects %s body with 422', async (_case, body) => {
    const reply = await postBeds(simulator, body)

    expect(reply.status).toBe(422)
    expect(reply.body).toEqual({
      errors: [{ index: null, field: 'plants', message: expect.any(String) }],
    })
  })

  const valid = expectedLoadedPlant(1, { seed: SEED })
  const { height_m: _omitted, ...withoutHeight } = valid

  it.each([
    ['a null item', null, null],
    ['a missing id', { ...valid, id: undefined }, 'id'],
    ['a numeric id', { ...valid, id: 1 }, 'id'],
    ['an empty name', { ...valid, name: '' }, 'name'],
    ['a missing height', withoutHeight, 'height_m'],
    ['a string height', { ...valid, height_m: '0.4' }, 'height_m'],
    ['a negative height', { ...valid, height_m: -1 }, 'height_m'],
    ['2 watering days', { ...valid, watering_days: 2 }, 'watering_days'],
    ['watering as text', { ...valid, watering_days: 'weekly' }, 'watering_days'],
    ['a leftover plant_id', { ...valid, plant_id: valid.id }, 'plant_id'],
  ])('rejects %s with 422', async (_case, item, field) => {
    const reply = await postBeds(simulator, [expectedLoadedPlant(0, { seed: SEED }), item])

    expect(reply.status).toBe(422)
    expect(reply.body).toEqual({ errors: [{ index: 1, field, message: expect.any(String) }] })
  })

  it('plants nothing from a 422 batch', async () => {
    await postBeds(simulator, [expectedLoadedPlant(0, { seed: SEED }), { id: 'p-000001' }])

    expect(simulator.report().loaded).toBe(0)
  })

  it('lists every invalid field', async () => {
    const reply = await postBeds(simulator, [{ id: 3, name: '', height_m: 'x', watering_days: 0 }])

    const fields = (reply.body as { errors: { field: string }[] }).errors.map(
      (error) => error.field,
    )

    expect(fields).toEqual(['id', 'name', 'height_m', 'watering_days'])
  })
})

describe('POST /garden/v1/beds without verification', () => {
  it('accepts duplicates and counts them', async () => {
    await postBeds(simulator, batch(0, 5))

    const reply = await postBeds(simulator, batch(3, 6))

    expect(reply.status).toBe(201)
    expect(simulator.report().duplicates).toEqual({ count: 2, ids: ['p-000003', 'p-000004'] })
    expect(simulator.report().loaded).toBe(6)
  })

  it('accepts unknown ids and counts them', async () => {
    const stranger = { ...expectedLoadedPlant(0, { seed: SEED }), id: 'p-000200' }

    const reply = await postBeds(simulator, [stranger, { ...stranger, id: 'rose' }])

    expect(reply.status).toBe(201)
    expect(simulator.report().unknown).toEqual({ count: 2, ids: ['p-000200', 'rose'] })
  })

  it('accepts wrong values and reports them', async () => {
    const plant = expectedLoadedPlant(0, { seed: SEED })

    const reply = await postBeds(simulator, [{ ...plant, name: 'Plastic fern' }])

    expect(reply.status).toBe(201)
    expect(simulator.report().wrongValues).toEqual({
      count: 1,
      examples: [{ id: plant.id, field: 'name', expected: plant.name, received: 'Plastic fern' }],
    })
  })
})
