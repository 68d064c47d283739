import { describe, expect, it } from 'vitest'
import { openState, runEtl, scopeFor, useSimulator, useTempDir } from './etl-harness.js'

// Pauses of 25 to 75 ms instead of 5 to 15 s keep each run at a few seconds.
const FAST_PAUSES = 0.005

/** Flags of every in-process run: the simulator, a state folder and quiet logs. */
function baseArgs(url: string, stateDir: string): string[] {
  return ['--api-url', url, '--state-dir', stateDir, '--log-level', 'error']
}

describe('animals-etl under chaos', () => {
  it.each([
    { name: 'defaults', flags: [], hedges: /hedged requests\s+\d+\n/ },
    { name: 'idempotency keys', flags: ['--idempotency-key'], hedges: /hedged requests\s+\d+\n/ },
    { name: 'hedging off', flags: ['--hedge', 'off'], hedges: /hedged requests\s+0\n/ },
  ])('loads everything with $name', async ({ flags, hedges }) => {
    const simulator = await useSimulator({
      seed: 21,
      pages: 60,
      chaosRate: 0.2,
      pauseScale: FAST_PAUSES,
      verify: true,
    })
    const stateDir = useTempDir()

    const run = await runEtl([...baseArgs(simulator.url, stateDir), ...flags])

    const report = simulator.report()
    expect(run.exitCode, run.stdout + run.stderr).toBe(0)
    expect(report.missing.count).toBe(0)
    expect(report.duplicates.count).toBe(0)
    expect(report.unknownIds.count).toBe(0)
    expect(report.wrongValues.count).toBe(0)
    expect(report.loaded).toBe(report.expectedIds)
    expect(report.chaos.errors).toBeGreaterThan(0)
    expect(run.stdout).toMatch(/complete, every listed record loaded/)
    expect(run.stdout).toMatch(/records listed\s+600\n/)
    expect(run.stdout).toMatch(hedges)
    expect(run.stdout).toMatch(/retries\s+[1-9]/)
  })
})

describe('animals-etl second run', () => {
  it('sends no POST after a complete run', async () => {
    const simulator = await useSimulator({ seed: 23, pages: 20, pauseScale: FAST_PAUSES })
    const stateDir = useTempDir()
    const first = await runEtl(baseArgs(simulator.url, stateDir))
    const before = simulator.report()

    const second = await runEtl(baseArgs(simulator.url, stateDir))

    const after = simulator.report()
    expect(first.exitCode).toBe(0)
    expect(second.exitCode).toBe(0)
    expect(second.summary?.outcome).toBe('nothing-to-do')
    expect(second.stdout).toMatch(/nothing left to load/)
    expect(after.requests['POST /animals/v1/home']).toBe(before.requests['POST /animals/v1/home'])
    expect(after.postRequests).toBe(before.postRequests)
    expect(after.requests['GET /animals/v1/animals']).toBe(
      before.requests['GET /animals/v1/animals'],
    )
    expect(after.duplicates.count).toBe(0)
  })
})

describe('animals-etl sink rejections', () => {
  it('dead-letters the rejected ids', async () => {
    const rejectIds = [7, 150, 333]
    const simulator = await useSimulator({
      seed: 24,
      pages: 40,
      pauseScale: FAST_PAUSES,
      verify: true,
      rejectIds,
    })
    const stateDir = useTempDir()

    const run = await runEtl(baseArgs(simulator.url, stateDir))

    const report = simulator.report()
    expect(run.exitCode, run.stdout + run.stderr).toBe(3)
    expect(report.missing.count).toBe(rejectIds.length)
    expect(report.missing.firstIds).toEqual(rejectIds)
    expect(report.duplicates.count).toBe(0)
    expect(report.loaded).toBe(report.expectedIds - rejectIds.length)
    for (const id of rejectIds) expect(run.stdout).toContain(`id ${id} [rejected]`)

    const letters = openState(stateDir).listDeadLetters(scopeFor(simulator.url))
    const letterIds = letters.map((letter) => Number(letter.id)).sort((a, b) => a - b)
    expect(letterIds).toEqual(rejectIds)
    expect(letters.every((letter) => letter.kind === 'batch')).toBe(true)
  })

  it('lowers the batch size to the target limit', async () => {
    const simulator = await useSimulator({
      seed: 25,
      pages: 30,
      pauseScale: FAST_PAUSES,
      verify: true,
      maxBatchSize: 30,
    })
    const stateDir = useTempDir()

    const run = await runEtl(baseArgs(simulator.url, stateDir))

    const report = simulator.report()
    expect(run.exitCode, run.stdout + run.stderr).toBe(0)
    expect(report.missing.count).toBe(0)
    expect(report.duplicates.count).toBe(0)
    expect(report.batchesRejected).toBeGreaterThan(0)
    const reported = /batch size (\d+)\)/.exec(run.stdout)?.[1]
    expect(reported, run.stdout).toBeDefined()
    expect(Number(reported)).toBeLessThanOrEqual(30)
    expect(run.summary?.batchSize).toBeLessThanOrEqual(30)
  })
})
