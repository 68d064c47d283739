#!/usr/bin/env node
// Benchmarks the animals ETL against the bundled simulator and writes docs/benchmarks.md.
// `pnpm bench` builds first; run this file directly only after `pnpm build`.
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { defaultConfig } from '../packages/cli/dist/index.js'
import { runMainBench, SCALE_SIZES } from './bench/main-bench.mjs'
import { writePage } from './bench/markdown.mjs'
import { renderProfile, runProfileBench } from './bench/profile-bench.mjs'
import { renderMain } from './bench/render-main.mjs'
import { renderSweep, runSweepBench } from './bench/sweep-bench.mjs'

const HELP = `Usage: node scripts/bench.mjs [--sweep | --profile] [--out FILE]

Without a mode: the default dataset with and without chaos, hedging off, idempotency keys,
the scale series and the simulator's capacity (about 15 minutes on 2 cores).
  --sweep     tune the defaults: HTTP, page and sink concurrency, hedge delay, read timeout
  --profile   CPU profile and fsync count of one ETL run
  --out FILE  page to update (default docs/benchmarks.md); each mode rewrites only its block

Environment:
  BENCH_MAX_ANIMALS  largest dataset of the scale series (default 1000000)
  BENCH_SEED         seed of the simulator (default 7)
  BENCH_PAGES        pages of the default dataset (default 550)
  BENCH_SWEEP_REPEATS  runs per value in the chaos sweeps (default 3)
`

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const BLOCK_ORDER = ['main', 'sweep', 'profile']

const { values } = parseArgs({
  options: {
    sweep: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    out: { type: 'string', default: `${ROOT}docs/benchmarks.md` },
    help: { type: 'boolean', default: false },
  },
})
if (values.help) {
  process.stdout.write(HELP)
  process.exit(0)
}

const settings = {
  seed: readIntegerEnv('BENCH_SEED', 7),
  pages: readIntegerEnv('BENCH_PAGES', 550),
  maxAnimals: readIntegerEnv('BENCH_MAX_ANIMALS', SCALE_SIZES.at(-1)),
  repeats: readIntegerEnv('BENCH_SWEEP_REPEATS', 3),
  concurrency: defaultConfig({ apiUrl: '', maxBatchSize: 100, idempotencyKey: false }).concurrency,
  log: (message) =>
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`),
}
let mode = 'main'
if (values.sweep) mode = 'sweep'
else if (values.profile) mode = 'profile'
const command = mode === 'main' ? 'pnpm bench' : `pnpm build && node scripts/bench.mjs --${mode}`
const startedAt = new Date()
const loadBefore = loadavg()[0]

let content
if (mode === 'main') {
  const results = await runMainBench(settings)
  content = renderMain(results, {
    ...settings,
    command,
    startedAt,
    endedAt: new Date(),
    machine: describeMachine(loadBefore),
  })
} else if (mode === 'sweep') {
  const results = await runSweepBench(settings)
  content = renderSweep(results, {
    ...settings,
    command,
    startedAt,
    endedAt: new Date(),
    machine: describeMachine(loadBefore),
  })
} else {
  const results = await runProfileBench(settings)
  content = renderProfile(results, {
    ...settings,
    command,
    startedAt,
    endedAt: new Date(),
    machine: describeMachine(loadBefore),
  })
}

writePage(values.out, { header: pageHeader(), order: BLOCK_ORDER, name: mode, content })
settings.log(`wrote ${values.out}`)

function describeMachine(loadAtStart) {
  const processors = cpus()
  return {
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown processor',
    memoryGb: totalmem() / 1e9,
    freeMemoryGb: freemem() / 1e9,
    platform: `${platform()} ${release()}`,
    node: process.versions.node,
    loadBefore: loadAtStart,
    loadAfter: loadavg()[0],
  }
}

function readIntegerEnv(name, fallback) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < 1) {
    process.stderr.write(`${name} must be a positive integer, got ${JSON.stringify(raw)}\n`)
    process.exit(2)
  }
  return value
}

function pageHeader() {
  return `# Benchmarks

How fast the animals ETL loads the simulator's animals, what the simulator's chaos costs, and how
the ETL's time and memory grow with the dataset. Everything below the title of each run was
written by \`scripts/bench.mjs\` from the measurements of that one run. The numbers are single
measurements, not averages, and this 2-core machine is shared with other work, so compare the
ratios within one run rather than absolute times across runs.

\`\`\`sh
pnpm bench                                      # sections 1 to 4, 10 to 20 minutes on 2 cores
BENCH_MAX_ANIMALS=100000 pnpm bench             # without the 1,000,000-animal run, about 5 minutes
pnpm build && node scripts/bench.mjs --sweep    # tuning sweep behind the defaults, about 20 minutes
pnpm build && node scripts/bench.mjs --profile  # where the ETL's CPU time goes, about 1 minute
\`\`\`

Each mode rewrites only its own part of this page. The simulator always runs in a child process
of its own, and the ETL in another, so neither shares an event loop with the other or with the
load generator. On 2 cores they still compete for the CPU, and so does anything else running.

## Defaults and why

The runner's defaults (\`--help\` lists them) were chosen from the tuning sweep below:

- \`--concurrency 32\` (HTTP requests in flight, which is also the number of detail requests in
  flight). With the simulator answering at once the ETL is CPU-bound, and 8 to 64 differ by less
  than this machine's noise. With 20 ms per detail request, a concurrency of n caps the rate at
  n / 20 ms (400 requests/s for 8, 800 for 16), so 8 and 16 are slower, while 32 and 64 reach the
  ETL's CPU limit. 32 keeps that margin with fewer sockets and less memory than 64.
- \`--page-concurrency 4\`. Listing pages are a tenth of the requests, and 1 to 8 pages at once
  changed the fetch phase by less than the noise between runs.
- \`--sink-concurrency 8\` (it was 4). A POST that the server pauses holds its slot for 5 to 15 s
  and cannot be hedged, because the target does not deduplicate, and reading stalls once every
  slot is held: with 1 or 2 slots the sweep's fetch phase grew by several seconds. On the default
  dataset about one POST in two runs is paused, so 4 slots rarely fill; on a long run paused POSTs
  overlap (at 1,000,000 animals, about 100 paused POSTs of 10 s on average within some 15 minutes
  keep about one slot held at any time), and 8 slots make a full stall far less likely than 4 at no
  measured cost.
- \`--hedge auto\` (the 95th percentile of recent latencies, from 50 ms to 2 s). It matched a fixed
  100 ms delay and beat 500 ms and 2 s; without hedging the chaos run is several times slower.
- \`--timeout-ms 3000\` (it was 10000). The server's pauses last 5 to 15 s. A detail read whose
  first copy and hedge are both paused happens in about half the runs of the default dataset
  (about 55 paused reads, each hedge paused with probability 1/101), and it held the end of
  fetching until its pause or the timeout ended. 3 s is below the shortest pause and far above the
  normal response time (the 99th percentile in section 4).

## Bottlenecks found

- **CPU per request in the ETL.** The ETL uses one core fully well before the simulator does. The
  profile block below splits its CPU time: Node's built-in \`fetch\` (undici), the sockets and
  streams under it, AbortController bookkeeping and garbage collection take most of it, and the
  HTTP client's own layers (ofetch, p-queue, p-retry, timeouts, hedging) add about two thirds of
  the cost of \`fetch\` on top of it. Per request, \`node:http\` costs about a third of \`fetch\`.
  This is what keeps the ETL far below the simulator's capacity. Replacing the transport under
  \`@fauna-etl/http\` (for example with \`node:http\` or undici's \`request\`) and creating one
  AbortController per attempt instead of three would be the first steps.
- **Memory.** Loading the runner's modules costs about 115 MB before the first request (the start-up
  baseline in section 3). Then V8 lets its heap grow to about twice the live objects, because
  nothing limits it, and the REST source remembers every listed id (up to 1,000,000, about 21 MB as
  a \`Set\` of numbers) to spot ids repeated across pages. A resumed run also loads every resolved
  id into a \`Set\` of strings first.
- **fsync.** The SQLite state store syncs each ledger step (about 44 fsync calls per 1,000
  records). On this machine's virtual disk they take tens of microseconds each; on a disk whose
  flushes take milliseconds they would add that much per call, on the event loop.
- **Paused POSTs.** See section 1: a POST paused near the end of fetching becomes the tail of the
  run, and nothing but an idempotent target (\`--idempotency-key\`, section 2) can remove it.
- **Fixed along the way.** When the duplicate of a paused read failed with a 5xx, the HTTP client
  waited for the paused first copy until its timeout. A failed duplicate is now replaced once,
  at once (\`packages/http/src/hedge.ts\`).
`
}
