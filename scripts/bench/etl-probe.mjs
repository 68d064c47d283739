// Preloaded into the ETL process with `node --import`, so the measured process is the real
// runner. At exit it writes to BENCH_PROBE_FILE, as JSON, the peak RSS that the kernel recorded
// (`process.resourceUsage().maxRSS`), the CPU time, and samples of `process.memoryUsage()` that
// tell the V8 heap apart from the rest of the RSS.
import { writeFileSync } from 'node:fs'

const SAMPLE_INTERVAL_MS = 1_000
// biome-ignore lint/suspicious/noUndeclaredEnvVars: run-etl.mjs sets it for the ETL process; no turbo task reads it.
const file = process.env.BENCH_PROBE_FILE
const startedAt = performance.now()

/** One `[seconds since start, rss, heapTotal, heapUsed, external + arrayBuffers]` row per sample, in MB. */
const samples = []
const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0 }

function sample() {
  const memory = process.memoryUsage()
  const row = {
    rss: memory.rss,
    heapTotal: memory.heapTotal,
    heapUsed: memory.heapUsed,
    external: memory.external + memory.arrayBuffers,
  }
  for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], row[key])
  samples.push([
    Math.round((performance.now() - startedAt) / 100) / 10,
    ...Object.values(row).map(toMegabytes),
  ])
}

if (file) {
  setInterval(sample, SAMPLE_INTERVAL_MS).unref()

  process.on('exit', () => {
    sample()
    const usage = process.resourceUsage()
    const report = {
      maxRssKb: usage.maxRSS,
      userCpuMs: usage.userCPUTime / 1000,
      systemCpuMs: usage.systemCPUTime / 1000,
      voluntaryContextSwitches: usage.voluntaryContextSwitches,
      involuntaryContextSwitches: usage.involuntaryContextSwitches,
      fsWrite: usage.fsWrite,
      peakMb: Object.fromEntries(
        Object.entries(peak).map(([key, bytes]) => [key, toMegabytes(bytes)]),
      ),
      samples,
    }
    writeFileSync(file, JSON.stringify(report))
  })
}

function toMegabytes(bytes) {
  return Math.round(bytes / 1e5) / 10
}
