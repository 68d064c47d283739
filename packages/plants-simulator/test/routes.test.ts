import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PlantsSimulator, startPlantsSimulator } from '../src/index.js'
import { request } from './simulator-client.js'

let simulator: PlantsSimulator

beforeAll(async () => {
  simulator = await startPlantsSimulator({ chaosRate: 0, maxBatchSize: 40 })
})

afterAll(async () => {
  await simulator.close()
})

describe('simulator routes', () => {
  it('greets on GET /', async () => {
    const reply = await request(simulator, '/')

    expect(reply).toMatchObject({ status: 200, body: 'Hello!' })
  })

  it('listens on loopback', () => {
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('exposes the dataset size', () => {
    expect(simulator.totalPlants).toBe(1234)
  })

  it('serves an OpenAPI 3.0 document', async () => {
    const reply = await request(simulator, '/openapi.json')
    const document = reply.body as { openapi: string; paths: Record<string, unknown> }

    expect(document.openapi).toMatch(/^3\.0\./)
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/plants/v2/plants', '/garden/v1/beds']),
    )
  })

  it('documents maxBatchSize in OpenAPI', async () => {
    const reply = await request(simulator, '/openapi.json')

    expect(reply.body).toMatchObject({
      components: { schemas: { PlantBatch: { maxItems: 40 } } },
    })
  })

  it('rejects an unknown path with 404', async () => {
    const reply = await request(simulator, '/plants/v1/plants')

    expect(reply.status).toBe(404)
    expect(reply.body).toMatchObject({ error: expect.stringContaining('/plants/v1/plants') })
  })

  it.each([
    ['POST', '/plants/v2/plants', 'GET'],
    ['GET', '/garden/v1/beds', 'POST'],
    ['DELETE', '/', 'GET'],
  ])('rejects %s %s with 405', async (method, path, allowed) => {
    const reply = await request(simulator, path, { method })

    expect(reply.status).toBe(405)
    expect(reply.headers.get('allow')).toBe(allowed)
  })

  it('rejects an oversized body with 413', async () => {
    const rawBody = `[${' '.repeat(9 * 1024 * 1024)}]`

    const reply = await request(simulator, '/garden/v1/beds', { method: 'POST', rawBody })

    expect(reply.status).toBe(413)
    expect(reply.body).toMatchObject({ error: expect.stringContaining('body too large') })
  })

  it('counts requests per route', async () => {
    const fresh = await startPlantsSimulator({ chaosRate: 0 })
    await request(fresh, '/plants/v2/plants')
    await request(fresh, '/plants/v2/plants')
    await request(fresh, '/garden/v1/beds', { method: 'POST', body: [] })
    await request(fresh, '/nowhere')

    const { requests } = fresh.report()
    await fresh.close()

    expect(requests).toEqual({
      'GET /plants/v2/plants': 2,
      'POST /garden/v1/beds': 1,
      other: 1,
    })
  })

  it('serves the report over HTTP', async () => {
    const reply = await request(simulator, '/_simulator/report')

    expect(reply.body).toMatchObject({ expected: 1234, missing: { count: 1234 } })
  })
})
