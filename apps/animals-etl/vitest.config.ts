import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // The end-to-end, shutdown and crash tests run the whole job against a real simulator, and
    // a crash test restarts the runner a dozen times, so the default 5 s is too short.
    testTimeout: 60_000,
    hookTimeout: 20_000,
    // Those tests time stops and kills by the wall clock, so files run one at a time and do not
    // compete with each other for the CPU.
    fileParallelism: false,
  },
})
