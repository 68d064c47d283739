import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BatchStatus, createSqliteStateStore, type StateScope } from '../src/index.js'

const fixture = fileURLToPath(new URL('./fixtures/write-batches.mjs', import.meta.url))
const builtPackage = fileURLToPath(new URL('../dist/index.js', import.meta.url))

const scope: StateScope = { pipeline: 'kill-test', source: 'loop', target: 'file' }
const BATCH_STATUSES: BatchStatus[] = ['planned', 'sent', 'acknowledged', 'failed']
const ROUNDS = 5

const root = mkdtempSync(join(tmpdir(), 'fauna-state-kill-'))

beforeAll(() => {
  // The child process imports the built package, which the turbo test task builds first.
  if (!existsSync(builtPackage)) {
    throw new Error(`${builtPackage} is missing. Run "pnpm build" in packages/state first`)
  }
})

afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

/** Starts the writer and resolves once the store in the child is open. */
async function startWriter(directory: string, round: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [fixture, directory, String(round)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk) => {
    stderr += chunk
  })

  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve()
    })
    child.on('exit', (code) => reject(new Error(`writer exited with ${code} early: ${stderr}`)))
  })
  await ready

  return child
}

async function killAfter(child: ChildProcess, delayMs: number): Promise<NodeJS.Signals | null> {
  await new Promise((resolve) => setTimeout(resolve, delayMs))
  const exited = once(child, 'exit')
  child.kill('SIGKILL')
  const [, signal] = (await exited) as [number | null, NodeJS.Signals | null]

  return signal
}

describe('SQLite store killed with SIGKILL', () => {
  it('stays consistent after each kill', { timeout: 60_000 }, async () => {
    const directory = join(root, 'state')
    const path = join(directory, 'fauna-state.sqlite')

    for (let round = 0; round < ROUNDS; round++) {
      const delayMs = 100 + Math.floor(Math.random() * 300)
      const child = await startWriter(directory, round)

      const signal = await killAfter(child, delayMs)

      const context = `round ${round}, killed after ${delayMs} ms`
      expect(signal, context).toBe('SIGKILL')

      const db = new Database(path)
      expect(db.pragma('integrity_check', { simple: true }), context).toBe('ok')
      const statuses = db.prepare('SELECT DISTINCT status FROM batches').pluck().all()
      db.close()
      for (const status of statuses) {
        expect(BATCH_STATUSES, context).toContain(status)
      }

      const store = createSqliteStateStore({ directory })
      const resolved = store.resolvedIds(scope)
      const acknowledged = store.listBatches(scope, 'acknowledged')
      const roundBatches = store
        .listBatches(scope)
        .filter((batch) => batch.batchId.startsWith(`r${round}-`))
      store.close()

      expect(roundBatches.length, context).toBeGreaterThan(0)
      for (const batch of acknowledged) {
        const unresolved = batch.ids.filter((id) => !resolved.has(String(id)))
        expect(unresolved, `${context}, batch ${batch.batchId}`).toEqual([])
      }
    }
  })
})
