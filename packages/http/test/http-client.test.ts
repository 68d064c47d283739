import { describe, expect, it } from 'vitest'
import { clientFor, serve } from './setup.js'

describe('requests', () => {
  it('baseURL path kept', async () => {
    const server = await serve({ '/animals/v1/animals': { body: { page: 1 } } })
    const client = clientFor(server, { baseURL: `${server.url}/animals/v1/` })

    await expect(client.get('/animals?page=1')).resolves.toEqual({ page: 1 })
    expect(server.requests[0]?.url).toBe('/animals/v1/animals?page=1')
  })

  it('absolute URL ignores baseURL', async () => {
    const server = await serve({ '/ping': { body: 'pong' } })
    const client = clientFor(server, { baseURL: 'http://127.0.0.1:1/elsewhere' })

    await client.post(`${server.url}/ping`, {})

    expect(server.requests[0]?.url).toBe('/ping')
  })

  it('request headers override client headers', async () => {
    const server = await serve({ '*': { body: {} } })
    const client = clientFor(server, { headers: { 'X-Run-Id': 'run-1', 'X-Client': 'etl' } })

    await client.get('/x', { headers: { 'x-run-id': 'run-2', Accept: 'application/json; q=1' } })

    const headers = server.requests[0]?.headers
    expect(headers?.['x-run-id']).toBe('run-2')
    expect(headers?.['x-client']).toBe('etl')
    expect(headers?.accept).toBe('application/json; q=1')
  })

  it('POST body sent as JSON', async () => {
    const server = await serve({ 'POST /home': { body: { message: 'Helped 2 find home' } } })
    const client = clientFor(server)
    const animals = [
      { id: 1, name: 'Otter', friends: ['Lynx'], born_at: null },
      { id: 2, name: 'Red panda', friends: [], born_at: '2003-04-05T06:07:08.009Z' },
    ]

    const result = await client.post('/home', animals)

    expect(result).toEqual({ message: 'Helped 2 find home' })
    expect(server.requests[0]?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual(animals)
  })

  it('empty 204 resolves undefined', async () => {
    const server = await serve({ '*': { status: 204 } })
    const client = clientFor(server)

    await expect(client.get('/x')).resolves.toBeUndefined()
  })

  it('stats count requests', async () => {
    const server = await serve({
      '/a': [{ status: 500, body: 'Sorry!' }, { body: 1 }],
      '/b': { status: 404 },
    })
    const client = clientFor(server)

    await client.get('/a')
    await client.get('/b').catch(() => undefined)

    expect(client.stats()).toEqual({
      requests: 2,
      attempts: 3,
      successes: 1,
      giveUps: 1,
      retries: { 500: 1 },
      hedgesSent: 0,
      hedgesWon: 0,
      hedgeDelayMs: undefined,
      inFlight: 0,
      queued: 0,
      listenerErrors: 0,
    })
  })
})
