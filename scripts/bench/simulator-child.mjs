// Runs the animals simulator in a process of its own, so that it does not share an event loop
// with the ETL or the load generator. The parent forks this file with an IPC channel, sends the
// simulator options as the first message, and then requests snapshots and the close.
import { startAnimalsSimulator } from '@fauna-etl/animals-simulator'

const DETAIL_ROUTE = 'GET /animals/v1/animals/{animal_id}'
// How often the detail request count is read to find when the last detail request arrived.
const SAMPLE_INTERVAL_MS = 100

process.once('message', async (options) => {
  const { timeline, ...simulatorOptions } = options
  /** Chaos events and handled POSTs in arrival order, with epoch ms, when `timeline` is set. */
  const events = []
  const simulator = await startAnimalsSimulator({
    ...simulatorOptions,
    host: '127.0.0.1',
    port: 0,
    onEvent: timeline ? (event) => events.push(toTimelineEntry(event)) : undefined,
  })

  let detailRequests = 0
  let lastDetailAt
  const sampler = timeline
    ? setInterval(() => {
        const count = simulator.report().requests[DETAIL_ROUTE] ?? 0
        if (count !== detailRequests) lastDetailAt = Date.now()
        detailRequests = count
      }, SAMPLE_INTERVAL_MS)
    : undefined

  process.on('message', async (message) => {
    if (message.type === 'snapshot') {
      const usage = process.resourceUsage()
      process.send({
        type: 'snapshot',
        report: simulator.report(),
        events: events.splice(0),
        lastDetailAt,
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
        maxRssKb: usage.maxRSS,
      })
      return
    }

    if (message.type === 'close') {
      clearInterval(sampler)
      await simulator.close()
      process.disconnect()
    }
  })

  process.send({
    type: 'ready',
    url: simulator.url,
    seed: simulator.seed,
    totalPages: simulator.totalPages,
    totalAnimals: simulator.totalAnimals,
  })
})

function toTimelineEntry(event) {
  const at = Date.now()
  if (event.type === 'home') return { at, type: 'home', status: event.status, posted: event.posted }
  return { at, type: event.type, method: event.method, path: event.path, ms: event.ms }
}
