import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Groups the samples of a V8 `.cpuprofile` by the code that ran them, so that the page shows
 * which layer spends the ETL's CPU. Each sample counts for the module of its innermost frame,
 * and native frames without a URL (a socket write, a SQLite call) count for the caller that has
 * one.
 */
const GROUPS = [
  ['fetch in Node (undici)', (url) => url.startsWith('node:internal/deps/undici')],
  ['ofetch', (url) => url.includes('/ofetch/')],
  ['p-queue and p-retry', (url) => url.includes('/p-queue/') || url.includes('/p-retry/')],
  ['@fauna-etl/http', (url) => url.includes('packages/http/')],
  // Node 20 marks every new AbortSignal transferable (js_transferable), a cost of its own.
  [
    'AbortController and EventTarget',
    (url) => /node:internal\/(abort_controller|event_target|worker\/js_transferable)/.test(url),
  ],
  [
    'sockets, streams and EventEmitter',
    (url) => /node:(net|events|buffer|internal\/(streams|stream_base|webstreams))/.test(url),
  ],
  [
    'promise jobs and timers',
    (url) => /node:(timers|internal\/(timers|process\/task_queues|process\/promises))/.test(url),
  ],
  [
    'SQLite state store',
    (url) => url.includes('better-sqlite3') || url.includes('packages/state/'),
  ],
  ['zod validation', (url) => url.includes('/zod/') || url.includes('packages/transforms/')],
  ['@fauna-etl/source-rest', (url) => url.includes('packages/source-rest/')],
  ['@fauna-etl/engine', (url) => url.includes('packages/engine/')],
  ['logging (pino)', (url) => url.includes('/pino')],
  ['@fauna-etl/cli and the app', (url) => /packages\/(cli|animals-pipeline)\/|apps\//.test(url)],
]

/** Reads the one profile that `node --cpu-prof --cpu-prof-dir=directory` wrote. */
export function readCpuProfile(directory) {
  const name = readdirSync(directory).find((file) => file.endsWith('.cpuprofile'))
  if (!name) throw new Error(`No .cpuprofile file in ${directory}; did node run with --cpu-prof?`)
  return JSON.parse(readFileSync(join(directory, name), 'utf8'))
}

/** Returns `[{ group, ms, share }]`, largest first, over the whole profile. */
export function summarizeCpuProfile(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const parents = new Map()
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node.id)

  const totals = new Map()
  let totalUs = 0
  profile.samples.forEach((id, index) => {
    const us = profile.timeDeltas[index] ?? 0
    totalUs += us
    const group = groupOf(id, nodes, parents)
    totals.set(group, (totals.get(group) ?? 0) + us)
  })

  return [...totals]
    .map(([group, us]) => ({ group, ms: us / 1000, share: us / totalUs }))
    .sort((a, b) => b.ms - a.ms)
}

function groupOf(id, nodes, parents) {
  let current = id
  while (current !== undefined) {
    const { functionName, url } = nodes.get(current).callFrame
    if (functionName === '(garbage collector)') return 'garbage collection'
    if (functionName === '(idle)') return 'idle (waiting for I/O)'
    if (url) return GROUPS.find(([, matches]) => matches(url))?.[0] ?? 'other Node internals'
    current = parents.get(current)
  }
  return 'other native code'
}
