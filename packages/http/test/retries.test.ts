import {
  AbortError,
  HttpError,
  type HttpEvent,
  NetworkError,
  RetryExhaustedError,
  TimeoutError,
  ValidationError,
} from '@fauna-etl/core'
import { describe, expect, it } from 'vitest'
import { clientFor, SORRY, serve } from './setup.js'

const ANIMAL = { id: 12, name: 'Red panda', born_at: null, friends: 'Otter,Lynx' }

describe('retried failures', () => {
  it.each([408, 425, 429, 500, 502, 503, 504])('status %i retried', async (status) => {
    const server = await serve({ '/animals/12': [{ status, body: SORRY }, { body: ANIMAL }] })
    const client = clientFor(server)

    const animal = await client.get('/animals/12')

    expect(animal).toEqual(ANIMAL)
    expect(server.requests).toHaveLength(2)
    expect(client.stats().retries).toEqual({ [status]: 1 })
  })

  it('connection reset retried', async () => {
    const server = await serve({ '/animals/12': [{ reset: true }, { body: ANIMAL }] })
    const client = clientFor(server)

    await expect(client.get('/animals/12')).resolves.toEqual(ANIMAL)
    expect(server.requests).toHaveLength(2)
    expect(client.stats().retries).toEqual({ network: 1 })
  })

  it('connection refused retried', async () => {
    const closed = await serve({})
    await closed.close()
    const client = clientFor(closed, { retry: { maxAttempts: 2 } })

    const error = (await client
      .get('/animals')
      .catch((caught: unknown) => caught)) as RetryExhaustedError

    expect(error).toBeInstanceOf(RetryExhaustedError)
    expect(error.cause).toBeInstanceOf(NetworkError)
    expect(error.message).toContain('ECONNREFUSED')
    expect(client.stats().retries).toEqual({ network: 1 })
  })

  it('body cut short retried', async () => {
    const server = await serve({
      '/animals/12': [{ body: ANIMAL, truncate: true }, { body: ANIMAL }],
    })
    const client = clientFor(server)

    await expect(client.get('/animals/12')).resolves.toEqual(ANIMAL)
    expect(server.requests).toHaveLength(2)
    expect(client.stats().retries).toEqual({ network: 1 })
  })

  it('pause past timeout retried', async () => {
    const server = await serve({
      '/animals/12': [{ delayMs: 2_000, body: ANIMAL }, { body: ANIMAL }],
    })
    const client = clientFor(server, { timeoutMs: 150 })
    const startedAt = Date.now()

    await expect(client.get('/animals/12')).resolves.toEqual(ANIMAL)

    expect(Date.now() - startedAt).toBeLessThan(1_000)
    expect(client.stats().retries).toEqual({ timeout: 1 })
  })

  it('HTML with 200 on GET retried', async () => {
    const html = {
      body: '<html><body>Maintenance</body></html>',
      headers: { 'content-type': 'text/html' },
    }
    const server = await serve({ '/animals/12': [html, { body: ANIMAL }] })
    const client = clientFor(server)

    await expect(client.get('/animals/12')).resolves.toEqual(ANIMAL)
    expect(client.stats().retries).toEqual({ network: 1 })
  })
})

describe('Retry-After', () => {
  const NOW = Date.parse('2025-01-01T00:00:00Z')

  it.each([
    ['delta seconds', '2', 2_000],
    ['HTTP date', 'Wed, 01 Jan 2025 00:00:30 GMT', 30_000],
    ['beyond the cap', '3600', 60_000],
  ])('%s honoured', async (_case, header, expectedMs) => {
    const server = await serve({
      '/animals': [{ status: 429, body: SORRY, headers: { 'Retry-After': header } }, { body: [] }],
    })
    const waits: number[] = []
    const client = clientFor(server, {
      now: () => NOW,
      sleep: async (ms) => {
        waits.push(ms)
      },
    })

    await client.get('/animals')

    expect(waits).toEqual([expectedMs])
  })

  it('cap set by maxRetryAfterMs', async () => {
    const server = await serve({
      '/animals': [{ status: 503, body: SORRY, headers: { 'retry-after': '10' } }, { body: [] }],
    })
    const waits: number[] = []
    const client = clientFor(server, {
      retry: { maxRetryAfterMs: 20 },
      sleep: async (ms) => {
        waits.push(ms)
      },
    })

    await client.get('/animals')

    expect(waits).toEqual([20])
  })
})

describe('final failures', () => {
  it('422 rejects with ValidationError', async () => {
    const detail = [
      { loc: ['body', 0, 'born_at'], msg: 'invalid datetime format', type: 'value_error' },
    ]
    const server = await serve({ 'POST /home': { status: 422, body: { detail } } })
    const client = clientFor(server)

    const result = client.post('/home', [{ id: 1 }])

    await expect(result).rejects.toBeInstanceOf(ValidationError)
    const error = (await result.catch((caught: unknown) => caught)) as ValidationError
    expect(error.detail).toEqual(detail)
    expect(error.status).toBe(422)
    expect(error.request).toEqual({ method: 'POST', url: `${server.url}/home` })
    expect(error.issues).toEqual([
      { path: ['body', 0, 'born_at'], message: 'invalid datetime format' },
    ])
    expect(error.message).toBe(
      `POST ${server.url}/home failed with 422 Unprocessable Entity: body.0.born_at: invalid datetime format`,
    )
    expect(server.requests).toHaveLength(1)
  })

  it.each([400, 401, 404])('status %i not retried', async (status) => {
    const server = await serve({ '/animals/x': { status, body: { detail: 'No such animal' } } })
    const client = clientFor(server)

    const result = client.get('/animals/x')

    await expect(result).rejects.toBeInstanceOf(HttpError)
    await expect(result).rejects.toMatchObject({ status, body: { detail: 'No such animal' } })
    expect(server.requests).toHaveLength(1)
  })

  it('error message names request', async () => {
    const server = await serve({ '/animals/v1/animals/12': { status: 503, body: SORRY } })
    const client = clientFor(server, { retry: { maxAttempts: 1 } })

    const error = await client.get('/animals/v1/animals/12').catch((caught: unknown) => caught)

    expect((error as RetryExhaustedError).cause).toBeInstanceOf(HttpError)
    expect(((error as RetryExhaustedError).cause as HttpError).message).toBe(
      `GET ${server.url}/animals/v1/animals/12 failed with 503 Service Unavailable: Sorry!`,
    )
    expect(((error as RetryExhaustedError).cause as HttpError).body).toBe(SORRY)
  })

  it('write cut short after 200 not resent', async () => {
    const server = await serve({
      'POST /home': { body: { message: 'Helped 1 find home' }, truncate: 5 },
    })
    const client = clientFor(server)

    await expect(client.post('/home', [{ id: 1 }])).rejects.toBeInstanceOf(NetworkError)
    expect(server.requests).toHaveLength(1)
  })

  it('write answered with text resolves', async () => {
    const server = await serve({ 'POST /home': { body: 'OK' } })
    const client = clientFor(server)

    await expect(client.post('/home', [])).resolves.toBe('OK')
  })
})

describe('giving up', () => {
  it('attempt limit', async () => {
    const server = await serve({ '/animals': { status: 503, body: SORRY } })
    const client = clientFor(server, { retry: { maxAttempts: 3 } })

    const result = client.get('/animals', { label: 'listing' })

    await expect(result).rejects.toBeInstanceOf(RetryExhaustedError)
    const error = (await result.catch((caught: unknown) => caught)) as RetryExhaustedError
    expect(error).toMatchObject({ attempts: 3, limit: 'attempts' })
    expect(error.elapsedMs).toBeGreaterThanOrEqual(0)
    expect(error.cause).toBeInstanceOf(HttpError)
    expect(error.message).toBe(
      `GET ${server.url}/animals gave up after 3 attempts in ${error.elapsedMs} ms (retry.maxAttempts is 3); the last attempt failed with 503 Service Unavailable: Sorry!`,
    )
    expect(server.requests).toHaveLength(3)
    expect(client.stats()).toMatchObject({ requests: 1, giveUps: 1, retries: { 503: 2 } })
  })

  it('elapsed limit', async () => {
    const server = await serve({ '/animals': { status: 502, body: SORRY } })
    // With random() = 1 the waits are exactly 100 then 200 ms, so the second wait would end
    // past the 150 ms budget.
    const client = clientFor(server, {
      random: () => 1,
      retry: { minDelayMs: 100, maxDelayMs: 1_000, maxElapsedMs: 150 },
    })

    const error = (await client
      .get('/animals')
      .catch((caught: unknown) => caught)) as RetryExhaustedError

    expect(error).toBeInstanceOf(RetryExhaustedError)
    expect(error).toMatchObject({ attempts: 2, limit: 'elapsed' })
    expect(error.elapsedMs).toBeGreaterThanOrEqual(100)
    expect(error.message).toContain('retry.maxElapsedMs is 150')
    expect(server.requests).toHaveLength(2)
  })

  it('timeout as last failure', async () => {
    const server = await serve({ '/animals': { delayMs: 1_000, body: [] } })
    const client = clientFor(server, { timeoutMs: 50, retry: { maxAttempts: 2 } })

    const error = (await client
      .get('/animals')
      .catch((caught: unknown) => caught)) as RetryExhaustedError

    expect(error.cause).toBeInstanceOf(TimeoutError)
    expect((error.cause as TimeoutError).timeoutMs).toBe(50)
  })
})

describe('abort', () => {
  it('in-flight attempt stops', async () => {
    const server = await serve({ '/animals': { delayMs: 5_000, body: [] } })
    const client = clientFor(server)
    const controller = new AbortController()
    const startedAt = Date.now()

    const result = client.get('/animals', { signal: controller.signal })
    setTimeout(() => controller.abort(new Error('shutting down')), 50)

    await expect(result).rejects.toBeInstanceOf(AbortError)
    expect(Date.now() - startedAt).toBeLessThan(1_000)
    expect(server.requests).toHaveLength(1)
  })

  it('backoff wait stops', async () => {
    const server = await serve({ '/animals': { status: 503, body: SORRY } })
    const client = clientFor(server, {
      retry: { minDelayMs: 10_000, maxDelayMs: 10_000 },
      random: () => 1,
    })
    const controller = new AbortController()
    const startedAt = Date.now()

    const result = client.get('/animals', { signal: controller.signal })
    setTimeout(() => controller.abort(), 100)

    await expect(result).rejects.toBeInstanceOf(AbortError)
    expect(Date.now() - startedAt).toBeLessThan(1_000)
    expect(server.requests).toHaveLength(1)
  })
})

describe('events', () => {
  it('retry sequence in order', async () => {
    const server = await serve({ '/animals/12': [{ status: 503, body: SORRY }, { body: ANIMAL }] })
    const events: HttpEvent[] = []
    const client = clientFor(server, { random: () => 0.5, onEvent: (event) => events.push(event) })
    const url = `${server.url}/animals/12`

    await client.get('/animals/12', { label: 'detail' })

    expect(events.map((event) => [event.type, event.attempt])).toEqual([
      ['attempt', 1],
      ['retry', 1],
      ['attempt', 2],
      ['success', 2],
    ])
    expect(events.every((event) => event.url === url && event.label === 'detail')).toBe(true)
    expect(events[1]).toMatchObject({ type: 'retry', status: 503, delayMs: 1, hedge: false })
    expect(events[3]).toMatchObject({ type: 'success', status: 200, hedge: false })
  })

  it('give-up event emitted', async () => {
    const server = await serve({ '/animals': { status: 404 } })
    const events: HttpEvent[] = []
    const client = clientFor(server, { onEvent: (event) => events.push(event) })

    await expect(client.get('/animals')).rejects.toBeInstanceOf(HttpError)

    expect(events.map((event) => event.type)).toEqual(['attempt', 'give-up'])
  })

  it('throwing listener ignored', async () => {
    const server = await serve({ '/animals': { body: [] } })
    const client = clientFor(server, {
      onEvent: () => {
        throw new Error('listener bug')
      },
    })

    await expect(client.get('/animals')).resolves.toEqual([])
    expect(client.stats().listenerErrors).toBe(2)
  })
})
