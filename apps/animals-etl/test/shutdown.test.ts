import { describe, expect, it } from 'vitest'
import { delay, runEtl, spawnEtl, useSimulator, useTempDir } from './etl-harness.js'

describe('animals-etl graceful shutdown', () => {
  it.each([
    { signal: 'SIGTERM' as const, exitCode: 143 },
    { signal: 'SIGINT' as const, exitCode: 130 },
  ])('stops on $signal and resumes', async ({ signal, exitCode }) => {
    // 600 details of at least 50 ms each, 8 at a time, take about 4 s, so the signal at 1.5 s
    // lands in the middle of the run.
    let markPostApplied: () => void = () => {}
    const postApplied = new Promise<void>((resolve) => {
      markPostApplied = resolve
    })
    const simulator = await useSimulator({
      seed: 31,
      pages: 60,
      pauseScale: 0.01,
      verify: true,
      detailLatencyMs: 50,
      onEvent: (event) => {
        if (event.type === 'home') markPostApplied()
      },
    })
    const stateDir = useTempDir()
    const args = ['--api-url', simulator.url, '--state-dir', stateDir, '--log-level', 'error']
    const stopped = spawnEtl([...args, '--concurrency', '8'])

    // The signal waits for the first POST, so that the resumed run starts from a loaded batch.
    await delay(1500)
    await postApplied
    const stillRunning = stopped.child.exitCode === null
    stopped.child.kill(signal)
    const signalledAt = Date.now()
    const exit = await stopped.exited
    const stopMs = Date.now() - signalledAt

    expect(stillRunning, 'the run ended before the signal').toBe(true)
    expect(exit.code, stopped.stdout() + stopped.stderr()).toBe(exitCode)
    expect(stopMs).toBeLessThan(5000)
    expect(stopped.stderr()).toContain(`${signal} received, stopping`)
    expect(stopped.stdout()).toMatch(/Run 1: interrupted/)
    expect(stopped.stdout()).toMatch(/Stopped at listing position \d+\./)
    expect(stopped.stdout()).toContain('to resume from there')
    expect(simulator.report().missing.count).toBeGreaterThan(0)

    const resumed = await runEtl(args)

    const report = simulator.report()
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0)
    expect(resumed.summary?.resumed).toBe(true)
    expect(resumed.summary?.alreadyDone).toBeGreaterThanOrEqual(100)
    expect(resumed.summary?.inDoubt).toEqual([])
    expect(report.missing.count).toBe(0)
    expect(report.duplicates.count).toBe(0)
    expect(report.unknownIds.count).toBe(0)
    expect(report.wrongValues.count).toBe(0)
  })
})
