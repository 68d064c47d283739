import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { runCli } from '@fauna-etl/cli'
import { type PlantsSimulator, startPlantsSimulator } from '@fauna-etl/plants-simulator'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { plantsApp } from '../src/plants-app.js'

const PLANTS = 1_200

/** Runs the command line as `plants-etl` would, with its output kept in memory. */
async function runPlantsEtl(argv: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const chunks: string[] = []
  stdout.on('data', (chunk) => chunks.push(String(chunk)))
  stderr.resume()

  const result = await runCli(plantsApp, {
    argv,
    env,
    cwd: process.cwd(),
    stdout,
    stderr,
    handleSignals: false,
  })
  return { ...result, output: chunks.join('') }
}

describe('plants-etl under chaos', () => {
  let simulator: PlantsSimulator
  let stateDir: string

  beforeEach(async () => {
    // One request in five fails at once or pauses for 50 to 150 ms before it runs.
    simulator = await startPlantsSimulator({
      seed: 17,
      plants: PLANTS,
      chaosRate: 0.2,
      pauseScale: 0.01,
      verify: true,
    })
    stateDir = await mkdtemp(join(tmpdir(), 'plants-etl-test-'))
  })

  afterEach(async () => {
    await simulator.close()
    await rm(stateDir, { recursive: true, force: true })
  })

  it.each([
    ['without idempotency keys', []],
    ['with idempotency keys', ['--idempotency-key']],
  ])('loads every plant %s', async (_case, flags) => {
    const { exitCode, summary } = await runPlantsEtl(
      ['--state-dir', stateDir, '--log-level', 'error', ...flags],
      { PLANTS_API_URL: simulator.url },
    )
    const report = simulator.report()

    expect(exitCode).toBe(0)
    expect(summary?.outcome).toBe('complete')
    expect(summary?.loaded).toBe(PLANTS)
    expect(report.loaded).toBe(PLANTS)
    expect(report.missing.count).toBe(0)
    expect(report.duplicates.count).toBe(0)
    expect(report.unknown.count).toBe(0)
    expect(report.wrongValues).toEqual({ count: 0, examples: [] })
    expect(report.chaos.failures + report.chaos.pauses).toBeGreaterThan(0)
  })

  it('loads nothing on a second run', async () => {
    const argv = ['--api-url', simulator.url, '--state-dir', stateDir, '--log-level', 'error']
    await runPlantsEtl(argv)
    const postsBefore = simulator.report().requests['POST /garden/v1/beds']

    const second = await runPlantsEtl(argv)

    expect(second.exitCode).toBe(0)
    expect(second.summary?.outcome).toBe('nothing-to-do')
    expect(simulator.report().requests['POST /garden/v1/beds']).toBe(postsBefore)
    expect(simulator.report().duplicates.count).toBe(0)
  })
})
