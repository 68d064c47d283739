import http from 'node:http'
import { createHttpClient } from '../../packages/http/dist/index.js'

const WARM_UP_REQUESTS = 1_000

/**
 * Measures the CPU time that this process spends per detail request with each HTTP layer the
 * ETL stacks up: `node:http`, Node's built-in `fetch`, and the `@fauna-etl/http` client on top
 * of it (ofetch, p-queue, p-retry, timeouts, hedging). Each variant sends `requests` GETs with
 * `concurrency` in flight, after a warm-up, and parses each body as JSON.
 */
export async function compareHttpClients({ url, totalAnimals, requests, concurrency }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const client = createHttpClient({ baseURL: url, concurrency })
  const unhedged = createHttpClient({ baseURL: url, concurrency, hedge: false })

  const variants = [
    ['node:http with a keep-alive agent', (path) => getWithNodeHttp(`${url}${path}`, agent)],
    [
      'fetch (built into Node)',
      async (path) => JSON.parse(await (await fetch(`${url}${path}`)).text()),
    ],
    ['@fauna-etl/http, hedging off', (path) => unhedged.get(path)],
    ['@fauna-etl/http, defaults (hedging on)', (path) => client.get(path)],
  ]

  const results = []
  for (const [name, get] of variants) {
    await runRequests(get, WARM_UP_REQUESTS, concurrency, totalAnimals)
    const startedAt = performance.now()
    const cpu = process.cpuUsage()
    await runRequests(get, requests, concurrency, totalAnimals)
    const used = process.cpuUsage(cpu)
    const wallMs = performance.now() - startedAt
    results.push({
      name,
      requestsPerSecond: requests / (wallMs / 1000),
      cpuUsPerRequest: (used.user + used.system) / requests,
    })
  }
  agent.destroy()
  return results
}

async function runRequests(get, count, concurrency, totalAnimals) {
  let next = 0
  const worker = async () => {
    while (next < count) {
      const id = next++ % totalAnimals
      await get(`/animals/v1/animals/${id}`)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

function getWithNodeHttp(url, agent) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk) => {
          body += chunk
        })
        response.on('end', () => resolve(JSON.parse(body)))
        response.on('error', reject)
      })
      .on('error', reject)
  })
}
