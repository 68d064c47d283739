import { createRequire } from 'node:module'
import autocannon from 'autocannon'

const { version } = createRequire(import.meta.url)('autocannon/package.json')

/**
 * Measures how many detail requests per second the simulator serves, with autocannon keeping
 * `connections` requests in flight for `durationSeconds`. Ids cycle through the whole dataset, so
 * every response is a different animal, as in an ETL run. Autocannon runs in this process, so
 * it competes for the CPU with the simulator process.
 */
export async function measureDetailCapacity({ url, totalAnimals, connections, durationSeconds }) {
  let nextId = 0
  const result = await autocannon({
    url,
    connections,
    duration: durationSeconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const id = nextId
          nextId = (nextId + 1) % totalAnimals
          return { ...request, path: `/animals/v1/animals/${id}` }
        },
      },
    ],
  })

  const ok = result['2xx']
  return {
    version,
    connections,
    durationSeconds: result.duration,
    requests: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    requestsPerSecond: ok / result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  }
}
