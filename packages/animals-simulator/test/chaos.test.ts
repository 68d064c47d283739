import { describe, expect, it, onTestFinished } from 'vitest'
import { type AnimalsSimulatorOptions, startAnimalsSimulator } from '../src/index.js'
import { correctAnimal, postHome } from './helpers.js'

async function start(options: AnimalsSimulatorOptions) {
  const simulator = await startAnimalsSimulator({ pages: 10, ...options })
  onTestFinished(() => simulator.close())
  return simulator
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('chaos errors', () => {
  it('answers 5xx with the body Sorry!', async () => {
    const simulator = await start({ seed: 1, chaosRate: 1, chaosErrorShare: 1 })

    const responses = await Promise.all(
      Array.from({ length: 40 }, () => fetch(`${simulator.url}/animals/v1/animals?page=1`)),
    )
    const statuses = new Set(responses.map((response) => response.status))
    const bodies = new Set(await Promise.all(responses.map((response) => response.text())))

    expect([...statuses].sort()).toEqual([500, 502, 503, 504])
    expect([...bodies]).toEqual(['Sorry!'])
    expect(responses.every((response) => response.headers.get('content-type') === null)).toBe(true)
    expect(simulator.report().chaos).toEqual({ errors: 40, pauses: 0 })
  })

  it('skips the handler of a failed POST', async () => {
    const simulator = await start({ seed: 1, chaosRate: 1, chaosErrorShare: 1 })

    const response = await postHome(simulator.url, [correctAnimal(simulator.dataset, 0)])

    expect(await response.text()).toBe('Sorry!')
    expect(simulator.report().loaded).toBe(0)
    expect(simulator.report().postRequests).toBe(0)
  })

  it.each(['/', '/_simulator/report'])('spares %s', async (path) => {
    const simulator = await start({ seed: 1, chaosRate: 1, chaosErrorShare: 1 })

    const response = await fetch(`${simulator.url}${path}`)

    expect(response.status).toBe(200)
    expect(simulator.report().chaos.errors).toBe(0)
  })

  it('disturbs about chaosRate of requests', async () => {
    const simulator = await start({ seed: 4, chaosRate: 0.2, pauseScale: 0 })

    for (let request = 0; request < 300; request++) {
      await fetch(`${simulator.url}/animals/v1/animals/1`)
    }
    const { errors, pauses } = simulator.report().chaos

    expect(errors + pauses).toBeGreaterThan(30)
    expect(errors + pauses).toBeLessThan(90)
    expect(errors).toBeGreaterThan(10)
    expect(pauses).toBeGreaterThan(10)
  }, 30_000)

  it('repeats decisions for the same seed', async () => {
    const statusesFor = async (seed: number) => {
      const simulator = await start({ seed, chaosRate: 0.5, pauseScale: 0 })
      const statuses: number[] = []
      for (let request = 0; request < 30; request++) {
        statuses.push((await fetch(`${simulator.url}/animals/v1/animals/1`)).status)
      }
      return statuses
    }

    expect(await statusesFor(21)).toEqual(await statusesFor(21))
  })
})

describe('chaos pauses', () => {
  it('delays the answer by 5 to 15 scaled seconds', async () => {
    const simulator = await start({ seed: 2, chaosRate: 1, chaosErrorShare: 0, pauseScale: 0.01 })

    const started = performance.now()
    const response = await fetch(`${simulator.url}/animals/v1/animals/3`)
    const elapsed = performance.now() - started

    expect(response.status).toBe(200)
    expect(elapsed).toBeGreaterThanOrEqual(45)
    expect(elapsed).toBeLessThan(1000)
    expect(simulator.report().chaos).toEqual({ errors: 0, pauses: 1 })
  })

  it('runs the handler after the pause', async () => {
    const simulator = await start({
      seed: 2,
      chaosRate: 1,
      chaosErrorShare: 0,
      pauseScale: 0.02,
      verify: true,
    })

    const request = postHome(simulator.url, [correctAnimal(simulator.dataset, 4)])
    await new Promise((resolve) => setTimeout(resolve, 30))
    const loadedDuringPause = simulator.report().loaded
    const response = await request

    expect(loadedDuringPause).toBe(0)
    expect(response.status).toBe(200)
    expect(simulator.report().loaded).toBe(1)
  })

  it('processes a POST whose client hung up', async () => {
    const controller = new AbortController()
    // Hanging up once the pause has started, rather than after a fixed delay, keeps the test
    // independent of how fast a loaded machine delivers the body.
    const simulator = await start({
      seed: 2,
      chaosRate: 1,
      chaosErrorShare: 0,
      pauseScale: 0.02,
      verify: true,
      onEvent: (event) => {
        if (event.type === 'chaos-pause') controller.abort()
      },
    })

    const request = fetch(`${simulator.url}/animals/v1/home`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([correctAnimal(simulator.dataset, 4)]),
      signal: controller.signal,
    })

    await expect(request).rejects.toThrow()
    expect(simulator.report().loaded).toBe(0)
    await waitFor(() => simulator.report().loaded === 1, 1000)
    expect(simulator.report().loaded).toBe(1)
  })

  it('closes promptly during a pause', async () => {
    const simulator = await startAnimalsSimulator({ pages: 1, chaosRate: 1, chaosErrorShare: 0 })
    const request = fetch(`${simulator.url}/animals/v1/animals/0`)
    await new Promise((resolve) => setTimeout(resolve, 20))

    const started = performance.now()
    await simulator.close()

    expect(performance.now() - started).toBeLessThan(500)
    await expect(request).rejects.toThrow()
  })
})

describe('detailLatencyMs', () => {
  it('delays detail requests', async () => {
    const simulator = await start({ chaosRate: 0, detailLatencyMs: 60 })

    const started = performance.now()
    await fetch(`${simulator.url}/animals/v1/animals/0`)

    expect(performance.now() - started).toBeGreaterThanOrEqual(55)
  })
})
