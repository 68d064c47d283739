import { describe, expect, it } from 'vitest'
import { type AnimalsSimulatorOptions, startAnimalsSimulator } from '../src/index.js'

describe('startAnimalsSimulator', () => {
  it('serves the same animals for a seed', async () => {
    const now = Date.UTC(2024, 0, 1)
    const first = await startAnimalsSimulator({ seed: 12, now, chaosRate: 0 })
    const second = await startAnimalsSimulator({ seed: 12, now, chaosRate: 0 })

    try {
      const read = async (url: string) => (await fetch(`${url}/animals/v1/animals?page=3`)).text()

      expect(second.totalPages).toBe(first.totalPages)
      expect(await read(second.url)).toBe(await read(first.url))
    } finally {
      await Promise.all([first.close(), second.close()])
    }
  })

  it('exposes its address and size', async () => {
    const simulator = await startAnimalsSimulator({ pages: 7 })

    try {
      expect(simulator.url).toBe(`http://127.0.0.1:${simulator.port}`)
      expect(simulator.port).toBeGreaterThan(0)
      expect(simulator.totalPages).toBe(7)
      expect(simulator.totalAnimals).toBe(70)
      expect(Number.isInteger(simulator.seed)).toBe(true)
    } finally {
      await simulator.close()
    }
  })

  it('draws 500 to 600 pages by default', async () => {
    const simulator = await startAnimalsSimulator()

    try {
      expect(simulator.totalPages).toBeGreaterThanOrEqual(500)
      expect(simulator.totalPages).toBeLessThanOrEqual(600)
    } finally {
      await simulator.close()
    }
  })

  it('closes twice without error', async () => {
    const simulator = await startAnimalsSimulator({ pages: 1 })

    await simulator.close()

    await expect(simulator.close()).resolves.toBeUndefined()
  })

  it('rejects a port in use', async () => {
    const simulator = await startAnimalsSimulator({ pages: 1 })

    try {
      await expect(startAnimalsSimulator({ port: simulator.port })).rejects.toThrow(
        `Failed to listen on 127.0.0.1:${simulator.port}`,
      )
    } finally {
      await simulator.close()
    }
  })

  it.each([
    [{ seed: 2 ** 32 }, 'Expected option "seed" to be an integer from 0 to 4294967295'],
    [{ pages: 0 }, 'Expected option "pages" to be an integer from 1 to 1000000'],
    [{ chaosRate: 1.5 }, 'Expected option "chaosRate" to be a number from 0 to 1'],
    [{ chaosErrorShare: -1 }, 'Expected option "chaosErrorShare"'],
    [{ pauseScale: Number.NaN }, 'Expected option "pauseScale"'],
    [{ verify: 'yes' }, 'Expected option "verify" to be a boolean, received "yes" (string)'],
    [{ detailLatencyMs: -5 }, 'Expected option "detailLatencyMs"'],
    [{ maxBatchSize: 0 }, 'Expected option "maxBatchSize"'],
    [{ rejectIds: [1.5] }, 'Expected option "rejectIds" to be an array of integers'],
    [{ idempotency: 1 }, 'Expected option "idempotency" to be a boolean'],
    [{ port: 70_000 }, 'Expected option "port" to be an integer from 0 to 65535'],
    [{ host: '' }, 'Expected option "host" to be a non-empty string'],
    [{ now: 0 }, 'Expected option "now"'],
    [{ pageSize: 5 }, 'Unknown option "pageSize"'],
  ])('rejects option %j', async (options, message) => {
    await expect(startAnimalsSimulator(options as AnimalsSimulatorOptions)).rejects.toThrow(message)
  })

  it('throws TypeError for an invalid option', async () => {
    await expect(startAnimalsSimulator({ pages: -1 })).rejects.toBeInstanceOf(TypeError)
  })
})
