import type { SimulatorEvent } from '@fauna-etl/animals-simulator'
import { describe, expect, it } from 'vitest'
import { openState, scopeFor, spawnEtl, useSimulator, useTempDir } from './etl-harness.js'

// Runs killed with SIGKILL before the runner may finish. Half of them die right after the
// simulator applied one of their POSTs, and the others after a random 100 to 800 ms.
const KILLED_RUNS = 12
const MAX_RUNS = 40
// A run that neither ends nor gets killed by then has hung.
const RUN_TIMEOUT_MS = 20_000

type HomeEvent = Extract<SimulatorEvent, { type: 'home' }>

/** Creates a Mulberry32 PRNG, so that a failure message can name the seed of its kill schedule. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

interface CrashLoopResult {
  exitCodes: number[]
  kills: number
  killsAfterPost: number
  lastOutput: string
}

/**
 * Starts the runner again and again on the same state folder, killing the first
 * `KILLED_RUNS` runs, until one ends by itself with exit code 0 or 3.
 */
async function runUntilDone(
  args: string[],
  random: () => number,
  onHome: { listener?: (event: HomeEvent) => void },
  context: string,
): Promise<CrashLoopResult> {
  const exitCodes: number[] = []
  let kills = 0
  let killsAfterPost = 0

  for (let attempt = 0; attempt < MAX_RUNS; attempt++) {
    const run = spawnEtl(args)
    let plan: 'after-post' | 'timed' | 'none' = 'none'
    if (attempt < KILLED_RUNS) plan = attempt % 2 === 0 ? 'after-post' : 'timed'
    let killTimer: NodeJS.Timeout | undefined

    if (plan === 'after-post') {
      // The simulator emits the event after applying the POST and before it responds, so the
      // runner dies without the acknowledgement and the batch stays in doubt.
      let postsLeft = 1 + Math.floor(random() * 2)
      onHome.listener = () => {
        postsLeft -= 1
        if (postsLeft > 0) return
        run.child.kill('SIGKILL')
        onHome.listener = undefined
      }
    } else if (plan === 'timed') {
      killTimer = setTimeout(() => run.child.kill('SIGKILL'), 100 + Math.floor(random() * 700))
    }
    let hung = false
    const watchdog = setTimeout(() => {
      hung = true
      run.child.kill('SIGKILL')
    }, RUN_TIMEOUT_MS)

    const exit = await run.exited
    clearTimeout(killTimer)
    clearTimeout(watchdog)
    onHome.listener = undefined

    if (hung) {
      throw new Error(
        `run ${attempt + 1} did not end within ${RUN_TIMEOUT_MS} ms (${context}); its stdout:\n${run.stdout()}`,
      )
    }
    if (exit.signal === 'SIGKILL') {
      kills += 1
      if (plan === 'after-post') killsAfterPost += 1
      continue
    }

    exitCodes.push(exit.code ?? -1)
    if (exit.code === 0 || exit.code === 3) {
      return { exitCodes, kills, killsAfterPost, lastOutput: run.stdout() + run.stderr() }
    }
  }

  throw new Error(
    `the runner did not exit with 0 or 3 within ${MAX_RUNS} runs (${context}); exit codes of the runs that ended by themselves: ${exitCodes.join(', ')}`,
  )
}

/** Starts a verifying simulator with chaos on and records every POST it fails as a duplicate. */
async function startCrashSimulator(
  seed: number,
  options: { pages?: number; chaosRate?: number } = {},
) {
  const onHome: { listener?: (event: HomeEvent) => void } = {}
  const duplicateIds: number[] = []
  // 200 pages of 10 animals are 20 full batches; pauses of 100 to 300 ms instead of 5 to 15 s.
  const simulator = await useSimulator({
    seed,
    pages: 200,
    pauseScale: 0.02,
    verify: true,
    ...options,
    onEvent: (event) => {
      if (event.type !== 'home') return
      if (event.conflict?.reason === 'duplicate') duplicateIds.push(event.conflict.id)
      onHome.listener?.(event)
    },
  })
  return { simulator, onHome, duplicateIds }
}

describe('animals-etl killed with SIGKILL', () => {
  it('loads exactly once with idempotency keys', async () => {
    const seed = Date.now() % 2 ** 32
    const context = `kill schedule seed ${seed}`
    const { simulator, onHome } = await startCrashSimulator(41)
    const stateDir = useTempDir()
    const args = ['--api-url', simulator.url, '--state-dir', stateDir, '--log-level', 'error']

    const result = await runUntilDone(
      [...args, '--idempotency-key'],
      createRandom(seed),
      onHome,
      context,
    )

    const report = simulator.report()
    const batches = openState(stateDir).listBatches(scopeFor(simulator.url))
    expect(result.exitCodes.at(-1), result.lastOutput).toBe(0)
    expect(result.kills, context).toBeGreaterThanOrEqual(10)
    expect(result.killsAfterPost, context).toBeGreaterThanOrEqual(3)
    expect(report.missing.count, context).toBe(0)
    expect(report.duplicates.count, context).toBe(0)
    expect(report.unknownIds.count, context).toBe(0)
    expect(report.wrongValues.count, context).toBe(0)
    expect(report.chaos.errors + report.chaos.pauses).toBeGreaterThan(0)
    expect(report.idempotentReplays, context).toBeGreaterThan(0)
    expect(batches.some((batch) => batch.inDoubt)).toBe(true)
  }, 90_000)

  it('duplicates only in-doubt ids when resending', async () => {
    const seed = Date.now() % 2 ** 32
    const context = `kill schedule seed ${seed}`
    const { simulator, onHome, duplicateIds } = await startCrashSimulator(42)
    const stateDir = useTempDir()
    // Resending an applied batch fails with 500 on its first id for good, so 4 attempts
    // dead-letter it quickly instead of retrying it for minutes.
    const args = [
      ...['--api-url', simulator.url, '--state-dir', stateDir, '--log-level', 'error'],
      ...['--in-doubt', 'resend', '--max-attempts', '4'],
    ]

    const result = await runUntilDone(args, createRandom(seed), onHome, context)

    const report = simulator.report()
    const store = openState(stateDir)
    const scope = scopeFor(simulator.url)
    const inDoubtIds = new Set(
      store
        .listBatches(scope)
        .filter((batch) => batch.inDoubt)
        .flatMap((batch) => batch.ids.map(Number)),
    )
    const deadLetterIds = store.listDeadLetters(scope).map((letter) => Number(letter.id))
    expect(result.kills, context).toBeGreaterThanOrEqual(10)
    expect(result.killsAfterPost, context).toBeGreaterThanOrEqual(3)
    expect(report.chaos.errors + report.chaos.pauses).toBeGreaterThan(0)
    expect(report.unknownIds.count, context).toBe(0)
    expect(report.wrongValues.count, context).toBe(0)
    // In verification mode each duplicate delivery fails its POST, so the events list all of
    // them, while the report lists only the first 20.
    expect(report.duplicates.count, context).toBe(duplicateIds.length)
    expect(duplicateIds.length, context).toBeGreaterThan(0)
    expect(
      duplicateIds.filter((id) => !inDoubtIds.has(id)),
      context,
    ).toEqual([])
    expect(
      report.duplicates.ids.filter((id) => !inDoubtIds.has(id)),
      context,
    ).toEqual([])
    expect(report.missing.count, context).toBe(0)
    expect(
      deadLetterIds.filter((id) => !inDoubtIds.has(id)),
      context,
    ).toEqual([])
  }, 90_000)

  // A failed batch is marked failed and its records dead-lettered in one transaction. Were they
  // separate, a kill in between would leave records that are neither resolved nor in a pending
  // batch: the next run would post them again with new records, the verifying target would fail
  // that batch on its first duplicate, and the new records would never be loaded.
  it('keeps records killed mid-dead-letter', async () => {
    const { simulator, onHome } = await startCrashSimulator(43, { pages: 30, chaosRate: 0 })
    const stateDir = useTempDir()
    const store = openState(stateDir)
    const scope = scopeFor(simulator.url)
    const args = [
      ...['--api-url', simulator.url, '--state-dir', stateDir, '--log-level', 'error'],
      ...['--in-doubt', 'resend', '--max-attempts', '4', '--sink-concurrency', '1'],
    ]

    // The first run dies right after its first POST is applied, so that batch is in doubt.
    const first = spawnEtl(args)
    onHome.listener = () => first.child.kill('SIGKILL')
    await first.exited

    // The second run resends it, gets 500 for the duplicate on each of its 4 attempts, and is
    // killed once the first of the batch's dead letters is on disk.
    const second = spawnEtl(args)
    let failedAttempts = 0
    let poll: NodeJS.Timeout | undefined
    onHome.listener = (event) => {
      if (event.conflict === undefined) return
      failedAttempts += 1
      if (failedAttempts < 4) return
      poll = setInterval(() => {
        if (store.listDeadLetters(scope).length === 0) return
        second.child.kill('SIGKILL')
        clearInterval(poll)
      }, 1)
    }
    const secondExit = await second.exited
    clearInterval(poll)
    onHome.listener = undefined
    const lettersAtKill = store.listDeadLetters(scope).length

    const third = spawnEtl(args)
    const thirdExit = await third.exited

    const report = simulator.report()
    expect(secondExit.signal).toBe('SIGKILL')
    expect([0, 100]).toContain(lettersAtKill)
    expect([0, 1, 3], third.stdout()).toContain(thirdExit.code)
    expect(report.duplicates.count).toBeGreaterThanOrEqual(4)
    expect(report.missing.count).toBe(0)
  }, 60_000)
})
