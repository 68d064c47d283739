import { analyzeTimeline } from './analyze-timeline.mjs'
import { measureDetailCapacity } from './measure-capacity.mjs'
import { runScenario } from './run-scenario.mjs'
import { startSimulatorProcess } from './simulator-process.mjs'

/** Dataset sizes of the scale series, in animals (10 per page). */
export const SCALE_SIZES = [10_000, 100_000, 1_000_000]
const CAPACITY_SECONDS = 10
/** Runs with and without chaos, taken in turns, because one run's pauses are a matter of luck. */
const CHAOS_REPEATS = 3

/**
 * Runs the default benchmark: the default dataset with chaos off and on, the chaos run without
 * hedging and with idempotency keys, the scale series, and the simulator's detail capacity.
 * Every ETL run uses the runner's defaults except the flags named in its label.
 */
export async function runMainBench({ seed, pages, maxAnimals, concurrency, log }) {
  const chaos = { seed, pages, pauseScale: 1 }
  const step = async (label, scenario) => {
    log(`${label} ...`)
    const result = await runScenario(scenario)
    log(`${label}: ${(result.wallMs / 1000).toFixed(1)} s, exit code ${result.exitCode}`)
    return { label, ...result }
  }

  const calm = []
  const chaotic = []
  for (let index = 1; index <= CHAOS_REPEATS; index++) {
    calm.push(
      await step(`chaos off, run ${index}`, {
        simulator: { seed, pages, chaosRate: 0 },
        timeline: true,
      }),
    )
    chaotic.push(await step(`default chaos, run ${index}`, { simulator: chaos, timeline: true }))
  }
  const noHedge = await step('default chaos, --hedge off', {
    simulator: chaos,
    flags: ['--hedge', 'off'],
    timeline: true,
  })
  const keyed = await step('default chaos, --idempotency-key', {
    simulator: chaos,
    flags: ['--idempotency-key'],
    timeline: true,
  })
  for (const run of [...calm, ...chaotic, noHedge, keyed]) run.timeline = analyzeTimeline(run)

  const baseline = await step('10 animals (start-up baseline)', {
    simulator: { seed, pages: 1, chaosRate: 0 },
  })
  const scale = []
  for (const animals of SCALE_SIZES.filter((size) => size <= maxAnimals)) {
    scale.push(
      await step(`${animals.toLocaleString('en-US')} animals, chaos off`, {
        simulator: { seed, pages: animals / 10, chaosRate: 0, detailLatencyMs: 0 },
      }),
    )
  }

  log(`detail capacity of the simulator, ${concurrency} connections, ${CAPACITY_SECONDS} s ...`)
  const server = await startSimulatorProcess({ seed, pages: 10_000, chaosRate: 0 })
  let capacity
  try {
    capacity = await measureDetailCapacity({
      url: server.url,
      totalAnimals: server.totalAnimals,
      connections: concurrency,
      durationSeconds: CAPACITY_SECONDS,
    })
    capacity.simulatorCpuMs = (await server.snapshot()).cpuMs
  } finally {
    await server.close()
  }
  log(`detail capacity: ${Math.round(capacity.requestsPerSecond)} requests/s`)

  return {
    calm,
    chaotic,
    noHedge,
    keyed,
    baseline,
    scale,
    capacity,
    skippedSizes: SCALE_SIZES.filter((size) => size > maxAnimals),
  }
}
