import { number, percent, seconds, table } from './markdown.mjs'

const RSS_TARGET_MB = 150
const CHAOS_TAX_TARGET = 1.1
const SCALE_RATE_TARGET = 0.9
const CAPACITY_SHARE_TARGET = 0.7

/** Renders the measurements of `runMainBench` as the page's main block. */
export function renderMain(
  results,
  { seed, pages, concurrency, machine, command, startedAt, endedAt },
) {
  const { calm, chaotic, noHedge, keyed, baseline, scale, capacity } = results
  const chaosRuns = [...calm, ...chaotic, noHedge, keyed]
  const chaosTax = mean(chaotic, wall) / mean(calm, wall)
  const first = scale[0]
  const last = scale.at(-1)
  const rateRatio = last.recordsPerSecond / first.recordsPerSecond
  const largestRss = Math.max(...[...chaosRuns, ...scale].map((run) => run.peakRssMb))
  const capacityShare = last.detailRequestsPerSecond / capacity.requestsPerSecond

  return `
## Run of ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC

${machineText(machine)} The whole benchmark took ${seconds(endedAt - startedAt, 0)}.

\`\`\`sh
${command}
\`\`\`

Every ETL run is \`node apps/animals-etl/dist/main.js --api-url URL --state-dir TEMP --fresh
--log-format json\` with the runner's defaults (HTTP concurrency ${concurrency}) plus the flags in
its label, against a simulator started for that run alone (seed ${seed}, verification on) in its
own process. Peak RSS is the ETL process's \`maxRSS\` as the kernel records it, in MB of 10^6
bytes. "Verified" means exit code 0 and a simulator report with no missing, duplicate, unknown
or wrong animal.

## 1. Default dataset: the chaos tax

${number(pages)} pages (${number(calm[0].totalAnimals)} animals), ${calm.length} runs with chaos off and
${chaotic.length} with the default chaos, in turns. With chaos, each request has a 2/101 chance of
being disturbed. Half of those fail at once with a 5xx, and the other half pause for 5 to 15 s
before the server handles them. "Fetch phase" is the time from the start of the ETL process to the
simulator's last detail request (sampled every 100 ms), and "tail" the time from there to the end
of the run.

${runTable(chaosRuns)}

Chaos tax (mean wall time with chaos / mean wall time without): **${number(chaosTax, 2)}**.

${tailText(chaotic, calm)}

## 2. What hedging buys

The chaos run once more with \`--hedge off\`, so a paused read holds its slot until the pause or
the read timeout ends. And once with \`--idempotency-key\`, which makes each POST carry a key that
the simulator deduplicates, so the HTTP client may hedge POSTs too. The
original challenge server ignores the key, so the runner sends none by default.

${table(
  [
    'run',
    'wall time',
    'compared with the mean default chaos run',
    'hedges',
    'read pauses',
    'POST pauses',
    'tail',
  ],
  [...chaotic, noHedge, keyed].map((run) => [
    run.label,
    seconds(run.wallMs),
    `${number(run.wallMs / mean(chaotic, wall), 2)}×`,
    number(run.http?.hedges),
    number(run.timeline.readPauses),
    number(run.timeline.postPauses.length),
    seconds(run.timeline.tailMs),
  ]),
)}

Chaos decisions follow the order in which requests reach the simulator, which differs between
runs, so each run meets different pauses: compare the pause counts before the wall times.

## 3. Scale series

Chaos off and no added detail latency, so the ETL and the simulator run as fast as the 2 cores
let them. CPU share is CPU time over wall time: 100 % is one core kept busy, and V8's garbage
collection threads can take a process above 100 %.

${table(
  [
    'animals',
    'wall time',
    'records/s',
    'ETL CPU',
    'ETL CPU per record',
    'simulator CPU',
    'peak RSS',
    'peak V8 heap',
    'verified',
  ],
  scale.map((run) => [
    number(run.totalAnimals),
    seconds(run.wallMs),
    number(run.recordsPerSecond),
    percent(run.etlCpuShare),
    `${number((run.etlCpuMs / run.totalAnimals) * 1000)} µs`,
    percent(run.simulatorCpuShare),
    `${number(run.peakRssMb)} MB`,
    `${number(run.probe?.peakMb.heapTotal)} MB`,
    run.verified ? 'yes' : `**no** (exit ${run.exitCode})`,
  ]),
)}
${results.skippedSizes.length > 0 ? `\nSkipped because of BENCH_MAX_ANIMALS: ${results.skippedSizes.map((size) => number(size)).join(', ')} animals.\n` : ''}
Rate at ${number(last.totalAnimals)} animals / rate at ${number(first.totalAnimals)}: **${number(rateRatio, 2)}**.

${memoryText(last, baseline)}

## 4. The simulator's capacity

autocannon ${capacity.version ?? ''} sent \`GET /animals/v1/animals/{id}\` over ${capacity.connections}
connections (the ETL's HTTP concurrency) for ${number(capacity.durationSeconds, 0)} s, ids cycling
through the dataset, to a simulator in its own process with chaos off. autocannon runs in the
benchmark's process, so on 2 cores the load generator and the simulator compete for the CPU, as
the ETL and the simulator do in the runs above.

${table(
  ['requests/s', 'latency p50', 'latency p99', 'non-2xx', 'errors', 'simulator CPU'],
  [
    [
      number(capacity.requestsPerSecond),
      `${number(capacity.latencyMs.p50)} ms`,
      `${number(capacity.latencyMs.p99)} ms`,
      number(capacity.non2xx),
      number(capacity.errors),
      percent(capacity.simulatorCpuMs / 1000 / capacity.durationSeconds),
    ],
  ],
)}

${table(
  ['ETL run', 'detail requests/s', 'share of the capacity'],
  scale.map((run) => [
    `${number(run.totalAnimals)} animals`,
    number(run.detailRequestsPerSecond),
    percent(run.detailRequestsPerSecond / capacity.requestsPerSecond),
  ]),
)}

## Targets

${table(
  ['target', 'measured', 'result', 'what limits it'],
  [
    [
      `chaos tax ≤ ${number(CHAOS_TAX_TARGET, 2)}`,
      number(chaosTax, 2),
      verdict(
        chaosTax <= CHAOS_TAX_TARGET,
        `${percent(Math.abs(chaosTax - CHAOS_TAX_TARGET) / CHAOS_TAX_TARGET)} ${chaosTax <= CHAOS_TAX_TARGET ? 'under' : 'over'} the target`,
      ),
      chaosLimit(chaotic, calm),
    ],
    [
      `rate at ${number(last.totalAnimals)} within 10 % of the rate at ${number(first.totalAnimals)}`,
      number(rateRatio, 2),
      verdict(
        rateRatio >= SCALE_RATE_TARGET,
        `${percent(Math.abs(rateRatio - 1))} ${rateRatio >= 1 ? 'faster' : 'slower'}`,
      ),
      `ETL CPU at ${percent(last.etlCpuShare)} of a core at ${number(last.totalAnimals)} animals; a short run also pays the start-up, ${seconds(baseline.wallMs)} for a run of one page`,
    ],
    [
      `peak RSS ≤ ${RSS_TARGET_MB} MB at every size`,
      `${number(largestRss)} MB`,
      verdict(
        largestRss <= RSS_TARGET_MB,
        `${number(Math.abs(largestRss - RSS_TARGET_MB))} MB ${largestRss <= RSS_TARGET_MB ? 'under' : 'over'}`,
      ),
      `V8 heap of up to ${number(Math.max(...scale.map((run) => run.probe?.peakMb.heapTotal ?? 0)))} MB (see section 3)`,
    ],
    [
      `ETL detail rate ≥ ${percent(CAPACITY_SHARE_TARGET)} of the simulator's capacity`,
      percent(capacityShare),
      verdict(
        capacityShare >= CAPACITY_SHARE_TARGET,
        `${number((CAPACITY_SHARE_TARGET - capacityShare) * 100)} points ${capacityShare >= CAPACITY_SHARE_TARGET ? 'over' : 'under'}`,
      ),
      `the ETL's CPU: ${percent(last.etlCpuShare)} of a core, ${number((last.etlCpuMs / last.totalAnimals) * 1000)} µs per record against ${number((last.simulatorCpuMs / (last.http?.requests ?? 1)) * 1000)} µs per request in the simulator`,
    ],
  ],
)}
`
}

function machineText(machine) {
  return (
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${number(machine.memoryGb, 1)} GB of memory, ` +
    `${machine.platform}, Node.js ${machine.node}. Load average (1 min) ${number(machine.loadBefore, 2)} ` +
    `at the start and ${number(machine.loadAfter, 2)} at the end: other work on the machine shares the 2 cores.`
  )
}

function runTable(runs) {
  return table(
    [
      'run',
      'wall time',
      'records/s',
      'requests',
      'retries',
      'hedges',
      'chaos errors',
      'read pauses',
      'POST pauses',
      'reads paused twice',
      'fetch phase',
      'tail',
      'peak RSS',
      'verified',
    ],
    runs.map((run) => [
      run.label,
      seconds(run.wallMs),
      number(run.recordsPerSecond),
      number(run.http?.requests),
      number(run.http?.retries),
      number(run.http?.hedges),
      number(run.timeline.errors),
      number(run.timeline.readPauses),
      number(run.timeline.postPauses.length),
      number(run.timeline.doublePausedReads),
      seconds(run.timeline.fetchEndMs),
      seconds(run.timeline.tailMs),
      `${number(run.peakRssMb)} MB`,
      run.verified ? 'yes' : `**no** (exit ${run.exitCode})`,
    ]),
  )
}

function tailText(chaotic, calm) {
  const fetchCost = mean(chaotic, fetchEnd) - mean(calm, fetchEnd)
  const tailCost = mean(chaotic, tail) - mean(calm, tail)
  const lines = [
    `The chaos runs took ${seconds(mean(chaotic, wall) - mean(calm, wall))} longer on average. ` +
      `Fetching ended ${later(fetchCost, 'later', 'earlier')} than without chaos, because ` +
      'paused reads wait for their hedge and failed ones for a retry, and the tail after the ' +
      `last detail request took ${later(tailCost, 'longer', 'less')}.`,
  ]

  const doublePaused = sum(chaotic, (run) => run.timeline.doublePausedReads)
  if (doublePaused > 0) {
    lines.push(
      `${number(doublePaused)} detail ${doublePaused === 1 ? 'read was' : 'reads were'} paused ` +
        'twice, the first copy and its hedge, so each waited for the end of a pause or for the read timeout (`--timeout-ms`) before a ' +
        'retry.',
    )
  }

  const pauses = chaotic.flatMap((run) => run.timeline.postPauses.map((pause) => ({ run, pause })))
  if (pauses.length === 0) {
    lines.push(
      'No POST was paused in these runs, so their tails are only the last batches and the checkpoint.',
    )
  } else {
    lines.push('', 'POSTs paused in the chaos runs, in ms from the start of the ETL process:', '')
    lines.push(
      table(
        ['run', 'POST received', 'pause', 'pause ended', 'relative to the last detail request'],
        pauses.map(({ run, pause }) => [
          run.label,
          number(pause.startMs),
          seconds(pause.ms, 0),
          number(pause.endMs),
          pause.endMs > run.timeline.fetchEndMs
            ? `ended ${seconds(pause.endMs - run.timeline.fetchEndMs)} after it`
            : `ended ${seconds(run.timeline.fetchEndMs - pause.endMs)} before it (overlapped with fetching)`,
        ]),
      ),
    )
  }

  const posts = Math.ceil(chaotic[0].totalAnimals / 100)
  lines.push(
    '',
    'A POST is not idempotent for this target, so the client can neither hedge it nor give up ' +
      'on it: a write that timed out may still be applied, and sending it again would load its ' +
      'animals twice. The engine therefore posts each full batch while fetching goes on (up to ' +
      '`--sink-concurrency` batches at once), so a pause in the middle of a long run costs ' +
      'nothing. A pause that starts in the last 5 to 15 s of fetching, or hits the last, partial ' +
      'batch, cannot overlap with anything and becomes the tail. Each POST is paused with ' +
      `probability 1/101, so with ${number(posts)} POSTs a run has a ` +
      `${percent(1 - (100 / 101) ** posts)} chance that some POST is paused. A run of this ` +
      'dataset fetches for only a few seconds, shorter than the shortest pause, so any paused ' +
      'POST outlasts the fetching and sets the end of the run.',
  )
  return lines.join('\n')
}

function chaosLimit(chaotic, calm) {
  const tailCost = mean(chaotic, tail) - mean(calm, tail)
  const fetchCost = mean(chaotic, fetchEnd) - mean(calm, fetchEnd)
  const endedOnPost = chaotic.filter((run) => run.timeline.endedOnPausedPost)
  if (tailCost >= fetchCost && endedOnPost.length > 0) {
    return (
      `the tail: ${endedOnPost.length} of ${chaotic.length} chaos runs ended on a POST paused for ` +
      `${endedOnPost.map((run) => seconds(run.timeline.lastPostPause.ms, 0)).join(', ')}, which ` +
      `cannot be hedged or abandoned (mean tail ${seconds(mean(chaotic, tail))})`
    )
  }
  const doublePaused = sum(chaotic, (run) => run.timeline.doublePausedReads)
  const cause =
    doublePaused > 0
      ? `${number(doublePaused)} reads whose first copy and hedge were both paused waited for a pause or the read timeout`
      : 'paused reads wait for their hedge, failed ones for a retry'
  return `fetching took ${seconds(fetchCost)} longer on average: ${cause}`
}

function memoryText(run, baseline) {
  const peak = run.probe?.peakMb
  if (!peak) return ''
  return (
    `Memory at ${number(run.totalAnimals)} animals: peak RSS ${number(run.peakRssMb)} MB, of which ` +
    `the V8 heap reserved up to ${number(peak.heapTotal)} MB while live objects peaked at ` +
    `${number(peak.heapUsed)} MB; buffers outside the heap peaked at ${number(peak.external)} MB. ` +
    'The rest is code, the SQLite page cache and the Node.js runtime. A run of one page ' +
    `(${number(baseline.totalAnimals)} animals) already peaks at ${number(baseline.peakRssMb)} MB ` +
    `and takes ${seconds(baseline.wallMs)}: that is the cost of starting the runner and loading ` +
    'its modules (pino, zod, undici, better-sqlite3).'
  )
}

const wall = (run) => run.wallMs
const fetchEnd = (run) => run.timeline.fetchEndMs
const tail = (run) => run.timeline.tailMs

function sum(runs, pick) {
  return runs.reduce((total, run) => total + pick(run), 0)
}

function mean(runs, pick) {
  return sum(runs, pick) / runs.length
}

/** Phrases a signed difference in ms, such as "1.2 s later" or "0.3 s earlier". */
function later(ms, more, less) {
  return `${seconds(Math.abs(ms))} ${ms >= 0 ? more : less}`
}

function verdict(met, howMuch) {
  return `${met ? 'met' : '**missed**'}, ${howMuch}`
}
