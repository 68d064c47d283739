import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compareHttpClients } from './compare-http-clients.mjs'
import { readCpuProfile, summarizeCpuProfile } from './cpu-profile.mjs'
import { number, percent, seconds, table } from './markdown.mjs'
import { runScenario } from './run-scenario.mjs'
import { startSimulatorProcess } from './simulator-process.mjs'

const PROFILE_PAGES = 2_000
const HTTP_COMPARISON_REQUESTS = 10_000

/**
 * Profiles one ETL run with chaos off (`node --cpu-prof`), counts its fsync calls with strace
 * when strace is installed, and measures the CPU cost per request of each HTTP layer.
 */
export async function runProfileBench({ seed, concurrency, log }) {
  const directory = mkdtempSync(join(tmpdir(), 'fauna-bench-profile-'))
  const straceFile = join(directory, 'strace.txt')
  const hasStrace = spawnSync('strace', ['-V']).status === 0

  try {
    log(
      `profiling a run of ${number(PROFILE_PAGES * 10)} animals${hasStrace ? ' under strace' : ''} ...`,
    )
    const run = await runScenario({
      simulator: { seed, pages: PROFILE_PAGES, chaosRate: 0 },
      etl: {
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${directory}`],
        // Only fsync and fdatasync stop the process (seccomp-bpf), so strace barely slows it.
        wrap: hasStrace
          ? ['strace', '-f', '-c', '--seccomp-bpf', '-e', 'trace=fsync,fdatasync', '-o', straceFile]
          : [],
      },
    })
    const groups = summarizeCpuProfile(readCpuProfile(directory))
    const syncs = hasStrace ? readSyncCalls(straceFile) : undefined

    log(`comparing HTTP layers, ${number(HTTP_COMPARISON_REQUESTS)} requests each ...`)
    const server = await startSimulatorProcess({ seed, pages: 10_000, chaosRate: 0 })
    let layers
    try {
      layers = await compareHttpClients({
        url: server.url,
        totalAnimals: server.totalAnimals,
        requests: HTTP_COMPARISON_REQUESTS,
        concurrency,
      })
    } finally {
      await server.close()
    }
    return { run, groups, syncs, layers, concurrency }
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

/** Reads the fsync and fdatasync rows of an `strace -c` summary. */
function readSyncCalls(file) {
  let calls = 0
  let seconds = 0
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const columns = line.trim().split(/\s+/)
    const name = columns.at(-1)
    if (name !== 'fsync' && name !== 'fdatasync') continue
    // Columns: % time, seconds, usecs/call, calls, [errors,] syscall.
    seconds += Number(columns[1])
    calls += Number(columns[3])
  }
  return { calls, seconds }
}

export function renderProfile(results, { machine, command, startedAt }) {
  const { run, groups, syncs, layers, concurrency } = results
  const records = run.summary?.loaded ?? 0
  const syncText = syncs
    ? `The state store called fsync ${number(syncs.calls)} times, ${number((syncs.calls / records) * 1000, 1)} per ` +
      `1,000 records, for ${seconds(syncs.seconds * 1000, 2)} in total (strace's time inside the calls). ` +
      'SQLite runs with `synchronous = FULL` and one transaction per ledger step: each batch of ' +
      '100 records is marked fetched, planned, sent and acknowledged, and the listing checkpoint ' +
      'is saved at most every 250 ms. The calls block the event loop, so a disk with slow ' +
      'flushes (a few ms each, unlike this virtual disk) would slow the run by that much per call.'
    : 'strace is not installed, so fsync calls were not counted.'

  return `
## Where the ETL's CPU goes (${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)

Machine: ${machine.cpus} × ${machine.cpuModel}, Node.js ${machine.node}, load average ${number(machine.loadBefore, 2)}.

\`\`\`sh
${command}
\`\`\`

One run of ${number(run.totalAnimals)} animals, chaos off, under \`node --cpu-prof\`:
${seconds(run.wallMs)}, ${number(run.recordsPerSecond)} records/s, ETL CPU ${percent(run.etlCpuShare)} of a
core (V8's garbage collection threads can take it above 100 %), ${number((run.etlCpuMs / run.totalAnimals) * 1000)} µs of CPU per record. Profile samples by
the module whose code ran (native calls count for their caller):

${table(
  ['module', 'time', 'share'],
  groups.map((group) => [group.group, `${number(group.ms)} ms`, percent(group.share, 1)]),
)}

${syncText}

CPU time per detail request in the benchmark's own process, ${number(HTTP_COMPARISON_REQUESTS)}
requests with ${concurrency} in flight after a warm-up, against a simulator in its own process:

${table(
  ['HTTP layer', 'requests/s', 'CPU per request'],
  layers.map((layer) => [
    layer.name,
    number(layer.requestsPerSecond),
    `${number(layer.cpuUsPerRequest)} µs`,
  ]),
)}
`
}
