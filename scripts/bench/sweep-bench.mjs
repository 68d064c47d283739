import { defaultConfig } from '../../packages/cli/dist/index.js'
import { analyzeTimeline } from './analyze-timeline.mjs'
import { number, percent, seconds, table } from './markdown.mjs'
import { runScenario } from './run-scenario.mjs'

const THROUGHPUT_PAGES = 1_000
const SLOW_DETAIL_MS = 20
const CONCURRENCIES = [8, 16, 32, 64]
const PAGE_CONCURRENCIES = [1, 2, 4, 8]
const SINK_CONCURRENCIES = [1, 2, 4, 8, 16]
const HEDGES = ['auto', '100', '500', '2000', 'off']
const READ_TIMEOUTS_MS = [10_000, 5_000, 3_000]

/**
 * Runs the tuning sweep behind the runner's defaults. Without chaos it measures throughput at
 * each HTTP concurrency, with the simulator as fast as it goes and with a slower detail
 * endpoint. With the default chaos it varies one setting at a time from the defaults, `repeats`
 * times each, because the pauses a run meets depend on the order of its requests.
 */
export async function runSweepBench({ seed, pages, repeats, log }) {
  const sweeps = []
  const sweep = async (title, flagName, values, simulator, times) => {
    const rows = []
    for (const value of values) {
      const runs = []
      for (let index = 0; index < times; index++) {
        log(`${title}: ${flagName} ${value}, run ${index + 1} of ${times} ...`)
        // The simulator draws chaos for the nth request it receives, and runs send requests in
        // nearly the same order, so repeats with one seed would meet nearly the same pauses.
        const run = await runScenario({
          simulator: { seed: seed + index, ...simulator },
          flags: [`--${flagName}`, String(value)],
          timeline: true,
        })
        run.timeline = analyzeTimeline(run)
        runs.push(run)
      }
      rows.push({ value: String(value), runs })
    }
    sweeps.push({ title, flagName, rows, simulator })
  }

  const fast = { pages: THROUGHPUT_PAGES, chaosRate: 0 }
  const slow = { ...fast, detailLatencyMs: SLOW_DETAIL_MS }
  const chaos = { pages, pauseScale: 1 }
  await sweep('HTTP concurrency, chaos off', 'concurrency', CONCURRENCIES, fast, 1)
  await sweep(
    `HTTP concurrency, chaos off, ${SLOW_DETAIL_MS} ms per detail`,
    'concurrency',
    CONCURRENCIES,
    slow,
    1,
  )
  await sweep('HTTP concurrency, default chaos', 'concurrency', CONCURRENCIES, chaos, repeats)
  await sweep(
    'page concurrency, default chaos',
    'page-concurrency',
    PAGE_CONCURRENCIES,
    chaos,
    repeats,
  )
  await sweep(
    'sink concurrency, default chaos',
    'sink-concurrency',
    SINK_CONCURRENCIES,
    chaos,
    repeats,
  )
  await sweep('hedge delay, default chaos', 'hedge', HEDGES, chaos, repeats)
  // A read paused twice happens in about half the runs, so this sweep needs more runs to show.
  await sweep('read timeout, default chaos', 'timeout-ms', READ_TIMEOUTS_MS, chaos, repeats * 2)
  return { sweeps, repeats }
}

export function renderSweep(results, { seed, pages, machine, command, startedAt, endedAt }) {
  const defaults = defaultConfig({ apiUrl: '', maxBatchSize: 100, idempotencyKey: false })
  const defaultOf = {
    concurrency: String(defaults.concurrency),
    'page-concurrency': String(defaults.pageConcurrency),
    'sink-concurrency': String(defaults.sinkConcurrency),
    hedge: String(defaults.hedge),
    'timeout-ms': String(defaults.timeoutMs),
  }

  const sections = results.sweeps.map((sweep) => {
    const chaos = sweep.simulator.chaosRate !== 0
    const animals = (sweep.simulator.pages ?? pages) * 10
    const mean = (runs, pick) => runs.reduce((sum, run) => sum + pick(run), 0) / runs.length
    const rows = sweep.rows.map(({ value, runs }) => {
      const label = value === defaultOf[sweep.flagName] ? `**${value}** (default)` : value
      const verified = runs.every((run) => run.verified) ? 'yes' : '**no**'
      if (!chaos) {
        const [run] = runs
        return [
          label,
          seconds(run.wallMs),
          number(run.recordsPerSecond),
          percent(run.etlCpuShare),
          `${number(run.peakRssMb)} MB`,
          verified,
        ]
      }
      return [
        label,
        runs.map((run) => seconds(run.wallMs)).join(', '),
        seconds(mean(runs, (run) => run.timeline.fetchEndMs)),
        seconds(mean(runs, (run) => run.timeline.tailMs)),
        number(
          mean(runs, (run) => run.timeline.postPauses.length),
          1,
        ),
        number(mean(runs, (run) => run.http?.hedges ?? 0)),
        number(
          mean(runs, (run) => run.timeline.doublePausedReads),
          1,
        ),
        `${number(Math.max(...runs.map((run) => run.peakRssMb)))} MB`,
        verified,
      ]
    })
    const headers = chaos
      ? [
          `--${sweep.flagName}`,
          'wall time of each run',
          'fetch phase (mean)',
          'tail (mean)',
          'POST pauses (mean)',
          'hedges (mean)',
          'reads paused twice (mean)',
          'peak RSS',
          'verified',
        ]
      : [`--${sweep.flagName}`, 'wall time', 'records/s', 'ETL CPU', 'peak RSS', 'verified']
    const runsPerValue = sweep.rows[0].runs.length
    return `### ${sweep.title}\n\n${number(animals)} animals${chaos ? `, ${runsPerValue} runs per value` : ''}.\n\n${table(headers, rows)}`
  })

  return `
## Tuning sweep (${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)

Machine: ${machine.cpus} × ${machine.cpuModel}, Node.js ${machine.node}, load average
${number(machine.loadBefore, 2)} at the start and ${number(machine.loadAfter, 2)} at the end. The sweep
took ${seconds(endedAt - startedAt, 0)}. Each run changes one flag from the defaults, and bold
values are the runner's defaults when the sweep ran. The nth run of every value uses seed
${seed} + n − 1, so repeats meet different pauses while the values are compared on the same seeds.
With chaos, "fetch phase" ends at the simulator's last detail request and "tail" is the rest of
the run, which a paused POST can stretch by up to 15 s whatever the settings.

\`\`\`sh
${command}
\`\`\`

${sections.join('\n\n')}
`
}
