export interface LatencyTrackerOptions {
  /** Latencies kept; once full, each new sample replaces the oldest. */
  sampleSize: number
  /** Percentile from 1 to 100 that the delay follows. */
  percentile: number
  /** Samples needed before the delay adapts. */
  minSamples: number
  /** Floor and ceiling of the delay, in ms. */
  minDelayMs: number
  maxDelayMs: number
  /** Delay returned before `minSamples` samples, in ms. */
  initialDelayMs: number
}

export interface LatencyTracker {
  /** Adds the latency of one successful attempt, in ms. */
  record(latencyMs: number): void
  /** The hedge delay in ms: the percentile of recent latencies, clamped to floor and ceiling. */
  delayMs(): number
  /** Number of samples held, at most `sampleSize`. */
  readonly size: number
}

/** Creates a ring buffer of recent latencies that turns them into a hedge delay. */
export function createLatencyTracker(options: LatencyTrackerOptions): LatencyTracker {
  const samples = new Float64Array(options.sampleSize)
  let count = 0
  let next = 0
  // Sorting up to `sampleSize` numbers per request is cheap, but most requests arrive between
  // two samples, so the result is kept until the next sample.
  let cached: number | undefined

  return {
    record(latencyMs) {
      samples[next] = latencyMs
      next = (next + 1) % samples.length
      count = Math.min(count + 1, samples.length)
      cached = undefined
    },

    delayMs() {
      if (count < options.minSamples) return options.initialDelayMs
      cached ??= clamp(percentileOf(samples.subarray(0, count), options.percentile), options)
      return cached
    },

    get size() {
      return count
    },
  }
}

/** Computes the nearest-rank percentile: the smallest sample with `percentile` % at or below it. */
function percentileOf(values: Float64Array, percentile: number): number {
  const sorted = Float64Array.from(values).sort()
  const rank = Math.ceil((percentile / 100) * sorted.length)
  return sorted[Math.max(0, rank - 1)] ?? 0
}

function clamp(value: number, bounds: { minDelayMs: number; maxDelayMs: number }): number {
  return Math.min(bounds.maxDelayMs, Math.max(bounds.minDelayMs, value))
}
