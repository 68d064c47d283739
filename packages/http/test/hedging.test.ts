import type { HttpEvent } from '@fauna-etl/core'
import { describe, expect, it } from 'vitest'
import { createHedgeDelays } from '../src/hedge-delays.js'
import { createLatencyTracker } from '../src/latency-tracker.js'
import { type HttpClientOptions, resolveHttpClientOptions } from '../src/options.js'
import { clientFor, serve } from './setup.js'

/** The first request to each path stalls for `stallMs`; every later one responds at once. */
const stallFirst = (stallMs: number) => (request: { url: string }, context: { count: number }) =>
  context.count === 1
    ? { delayMs: stallMs, body: { url: request.url, copy: 'stalled' } }
    : { body: { url: request.url, copy: 'fast' } }

describe('hedged reads', () => {
  it('duplicate wins over stall', async () => {
    const server = await serve(stallFirst(2_000))
    const events: HttpEvent[] = []
    const client = clientFor(server, {
      hedge: { delayMs: 100 },
      onEvent: (event) => events.push(event),
    })
    const startedAt = Date.now()

    const result = await client.get('/animals/7')

    expect(result).toEqual({ url: '/animals/7', copy: 'fast' })
    expect(Date.now() - startedAt).toBeLessThan(1_000)
    expect(client.stats()).toMatchObject({ hedgesSent: 1, hedgesWon: 1, attempts: 2, retries: {} })
    expect(events.map((event) => [event.type, event.hedge])).toEqual([
      ['attempt', false],
      ['hedge', true],
      ['attempt', true],
      ['success', true],
    ])
  })

  it('adaptive delay hedges before samples', async () => {
    const server = await serve(stallFirst(2_000))
    const client = clientFor(server, { hedge: { initialDelayMs: 100 } })

    await client.get('/animals/7')

    expect(client.stats()).toMatchObject({ hedgesSent: 1, hedgesWon: 1, hedgeDelayMs: 100 })
  })

  it('idempotent write hedged', async () => {
    const server = await serve(stallFirst(2_000))
    const client = clientFor(server, { hedge: { delayMs: 100 } })

    await expect(client.post('/lookup', { ids: [1] }, { idempotent: true })).resolves.toMatchObject(
      {
        copy: 'fast',
      },
    )
    expect(server.requests.map((request) => request.body)).toEqual(['{"ids":[1]}', '{"ids":[1]}'])
  })

  it('primary failure leaves hedge running', async () => {
    let served = 0
    const server = await serve(() => {
      served++
      if (served === 1) return { delayMs: 300, status: 503, body: 'Sorry!' }
      return { delayMs: 400, body: { copy: 'hedge' } }
    })
    const client = clientFor(server, { hedge: { delayMs: 50 } })

    await expect(client.get('/animals/7')).resolves.toEqual({ copy: 'hedge' })
    expect(server.requests).toHaveLength(2)
    expect(client.stats().retries).toEqual({})
  })

  it('failed hedge replaced once', async () => {
    let served = 0
    const server = await serve(() => {
      served++
      if (served === 1) return { delayMs: 2_000, body: { copy: 'stalled' } }
      if (served === 2) return { status: 503, body: 'Sorry!' }
      return { body: { copy: 'replacement' } }
    })
    const client = clientFor(server, { hedge: { delayMs: 50 } })
    const startedAt = Date.now()

    await expect(client.get('/animals/7')).resolves.toEqual({ copy: 'replacement' })

    expect(Date.now() - startedAt).toBeLessThan(1_000)
    expect(server.requests).toHaveLength(3)
    expect(client.stats()).toMatchObject({ hedgesSent: 2, hedgesWon: 1, retries: {} })
  })

  it('failed hedge not replaced twice', async () => {
    let served = 0
    const server = await serve(() => {
      served++
      if (served === 1) return { delayMs: 400, body: { copy: 'stalled' } }
      return { status: 503, body: 'Sorry!' }
    })
    const client = clientFor(server, { hedge: { delayMs: 50 } })

    await expect(client.get('/animals/7')).resolves.toEqual({ copy: 'stalled' })

    expect(server.requests).toHaveLength(3)
    expect(client.stats().hedgesSent).toBe(2)
  })

  it('client hedge off waits', async () => {
    const server = await serve(stallFirst(500))
    const client = clientFor(server, { hedge: false })
    const startedAt = Date.now()

    await expect(client.get('/animals/7')).resolves.toMatchObject({ copy: 'stalled' })

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(450)
    expect(server.requests).toHaveLength(1)
    expect(client.stats().hedgesSent).toBe(0)
  })

  it('request hedge off waits', async () => {
    const server = await serve(stallFirst(500))
    const client = clientFor(server, { hedge: { delayMs: 50 } })

    await expect(client.get('/animals/7', { hedge: false })).resolves.toMatchObject({
      copy: 'stalled',
    })
    expect(server.requests).toHaveLength(1)
  })

  it('request hedge delay overrides', async () => {
    const server = await serve(stallFirst(2_000))
    const client = clientFor(server, { hedge: false })

    await expect(client.get('/animals/7', { hedge: 50 })).resolves.toMatchObject({ copy: 'fast' })
    expect(client.stats().hedgesWon).toBe(1)
  })

  it('plain POST never hedged', async () => {
    const server = await serve({
      'POST /home': { delayMs: 500, body: { message: 'Helped 1 find home' } },
    })
    const client = clientFor(server, { hedge: { delayMs: 20 } })

    await client.post('/home', [{ id: 1 }])

    expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(1)
    expect(client.stats().hedgesSent).toBe(0)
  })
})

describe('concurrency', () => {
  it('limit holds with hedges', async () => {
    const server = await serve(stallFirst(150))
    const client = clientFor(server, { concurrency: 3, hedge: { delayMs: 30 } })

    const paths = Array.from({ length: 12 }, (_, index) => `/animals/${index}`)
    await Promise.all(paths.map((path) => client.get(path)))

    expect(server.maxInFlight).toBeLessThanOrEqual(3)
    expect(server.maxInFlight).toBe(3)
    expect(client.stats().hedgesSent).toBeGreaterThan(0)
  })

  it('hedge jumps the queue', async () => {
    const server = await serve((request, { count }) => {
      if (request.url === '/a') return { delayMs: count === 1 ? 1_000 : 0, body: { count } }
      return { delayMs: 200, body: { count } }
    })
    const client = clientFor(server, { concurrency: 2, hedge: false })

    // /a takes one slot and /b the other; /c and the hedge of /a wait for /b to finish.
    const a = client.get('/a', { hedge: 50 })
    const others = [client.get('/b'), client.get('/c')]
    await Promise.all([a, ...others])

    expect(server.requests.map((request) => request.url)).toEqual(['/a', '/b', '/a', '/c'])
  })
})

describe('latency tracker', () => {
  const options = {
    sampleSize: 100,
    percentile: 95,
    minSamples: 20,
    minDelayMs: 50,
    maxDelayMs: 2_000,
    initialDelayMs: 2_000,
  }

  it('initial delay before samples', () => {
    const tracker = createLatencyTracker(options)
    for (let sample = 0; sample < 19; sample++) tracker.record(10)

    expect(tracker.delayMs()).toBe(2_000)
  })

  it('follows the percentile', () => {
    const tracker = createLatencyTracker(options)
    for (let sample = 1; sample <= 100; sample++) tracker.record(sample * 10)

    expect(tracker.delayMs()).toBe(950)
  })

  it.each([
    ['floor', 1, 50],
    ['ceiling', 10_000, 2_000],
  ])('clamped to %s', (_bound, latency, expected) => {
    const tracker = createLatencyTracker(options)
    for (let sample = 0; sample < 20; sample++) tracker.record(latency)

    expect(tracker.delayMs()).toBe(expected)
  })

  it('ring drops oldest samples', () => {
    const tracker = createLatencyTracker(options)
    for (let sample = 0; sample < 100; sample++) tracker.record(1_500)
    for (let sample = 0; sample < 100; sample++) tracker.record(100)

    expect(tracker.size).toBe(100)
    expect(tracker.delayMs()).toBe(100)
  })
})

describe('hedge delays', () => {
  const hedgeOptions = (hedge: HttpClientOptions['hedge']) =>
    resolveHttpClientOptions({ hedge }).hedge

  it('per-label trackers kept apart', () => {
    const delays = createHedgeDelays(hedgeOptions({ perLabel: true, minSamples: 1 }))
    delays.record('listing', 100)
    delays.record('detail', 1_000)

    expect(delays.delayFor({ repeatable: true, hedge: undefined, label: 'listing' })).toBe(100)
    expect(delays.delayFor({ repeatable: true, hedge: undefined, label: 'detail' })).toBe(1_000)
    expect(delays.delayFor({ repeatable: true, hedge: undefined, label: 'new' })).toBe(2_000)
    expect(delays.current()).toBe(1_000)
  })

  it.each<[string, boolean | number | undefined, boolean, number | undefined]>([
    ['plain write', undefined, false, undefined],
    ['request opts out', false, true, undefined],
    ['request delay', 70, true, 70],
    ['client fixed delay', undefined, true, 300],
  ])('%s', (_case, hedge, repeatable, expected) => {
    const delays = createHedgeDelays(hedgeOptions({ delayMs: 300 }))

    expect(delays.delayFor({ repeatable, hedge, label: undefined })).toBe(expected)
  })

  it('client off, request on', () => {
    const delays = createHedgeDelays(hedgeOptions(false))

    expect(
      delays.delayFor({ repeatable: true, hedge: undefined, label: undefined }),
    ).toBeUndefined()
    expect(delays.delayFor({ repeatable: true, hedge: true, label: undefined })).toBe(2_000)
    expect(delays.current()).toBeUndefined()
  })
})
