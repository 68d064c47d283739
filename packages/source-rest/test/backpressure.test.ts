import { afterEach, describe, expect, it } from 'vitest'
import { countRequests, createAnimalsSource, startAnimalsFake } from './animals-fake.js'
import type { FaultServer } from './fault-server.js'
import { createTestClient } from './test-client.js'

let server: FaultServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits until `count()` has not changed for `quietMs`, or fails after `maxMs`. */
async function waitForQuiet(count: () => number, quietMs = 200, maxMs = 5_000): Promise<number> {
  const startedAt = Date.now()
  let last = count()
  let quietSince = Date.now()
  while (Date.now() - quietSince < quietMs) {
    if (Date.now() - startedAt > maxMs) throw new Error(`requests still growing after ${maxMs} ms`)
    await pause(20)
    if (count() !== last) {
      last = count()
      quietSince = Date.now()
    }
  }
  return last
}

describe('createRestSource backpressure', () => {
  it('bounds requests for a stalled consumer', async () => {
    // 2,000 pages would mean 22,000 requests if nothing held the source back.
    server = await startAnimalsFake({ totalPages: 2_000 })
    const counted = countRequests(createTestClient(server.url))
    const source = createAnimalsSource(server.url, {
      client: counted.client,
      concurrency: 4,
      window: 8,
      detailConcurrency: 16,
      bufferSize: 64,
    })
    const iterator = source.read()[Symbol.asyncIterator]()

    await iterator.next()
    const stalledCount = await waitForQuiet(counted.count)
    await pause(200)
    const laterCount = counted.count()
    await iterator.return?.()

    const pages = server.requests.filter((path) => path.includes('?page=')).length
    expect(laterCount).toBe(stalledCount)
    // 64 buffered events and 16 detail requests in flight, plus the pages they came from and
    // the 8 pages of the window.
    expect(stalledCount).toBeLessThan(120)
    expect(pages).toBeLessThanOrEqual(20)
  })

  it('resumes when the consumer pulls again', async () => {
    server = await startAnimalsFake({ totalPages: 2_000 })
    const iterator = createAnimalsSource(server.url).read()[Symbol.asyncIterator]()
    await iterator.next()
    await pause(200)
    const stalledCount = server.requests.length

    for (let pulled = 0; pulled < 200; pulled++) await iterator.next()
    await iterator.return?.()

    expect(server.requests.length).toBeGreaterThan(stalledCount)
  })
})
