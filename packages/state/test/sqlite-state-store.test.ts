import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { StateError } from '@fauna-etl/core'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createSqliteStateStore, type StateScope } from '../src/index.js'
import { SCHEMA_VERSION } from '../src/sqlite-schema.js'
import { testStateStore } from './state-store-contract.js'

const root = mkdtempSync(join(tmpdir(), 'fauna-state-'))
let directoryCount = 0
const newDirectory = (): string => {
  directoryCount += 1
  return join(root, `store-${directoryCount}`)
}

const scope: StateScope = { pipeline: 'animals', source: 'animals-api', target: 'home' }

afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

describe('createSqliteStateStore', () => {
  testStateStore(({ now }) => createSqliteStateStore({ directory: newDirectory(), now }))

  describe('transaction', () => {
    it('commits writes together', () => {
      const store = createSqliteStateStore({ directory: newDirectory() })
      store.planBatch(scope, { batchId: 'b1', idempotencyKey: 'k', ids: [1, 2], payload: [{}, {}] })
      store.markBatchSent(scope, 'b1')

      store.transaction(() => {
        store.markBatchFailed(scope, 'b1', 'retries ran out')
        store.addDeadLetter(scope, { kind: 'batch', id: 1, reason: 'retries ran out', payload: {} })
        store.addDeadLetter(scope, { kind: 'batch', id: 2, reason: 'retries ran out', payload: {} })
      })

      expect(store.listBatches(scope, 'failed')).toHaveLength(1)
      expect([...store.resolvedIds(scope)].sort()).toEqual(['1', '2'])
      store.close()
    })

    it('rolls every write back on a throw', () => {
      const store = createSqliteStateStore({ directory: newDirectory() })
      store.planBatch(scope, { batchId: 'b1', idempotencyKey: 'k', ids: [1], payload: [{}] })
      store.markBatchSent(scope, 'b1')

      expect(() =>
        store.transaction(() => {
          store.markBatchFailed(scope, 'b1', 'retries ran out')
          store.addDeadLetter(scope, {
            kind: 'batch',
            id: 1,
            reason: 'retries ran out',
            payload: {},
          })
          throw new Error('crash between the writes')
        }),
      ).toThrow('crash between the writes')

      expect(store.listBatches(scope, 'sent')).toHaveLength(1)
      expect(store.listDeadLetters(scope)).toHaveLength(0)
      expect(store.resolvedIds(scope).size).toBe(0)
      store.close()
    })
  })

  describe('state file', () => {
    it('keeps state after reopening', () => {
      const directory = newDirectory()
      const first = createSqliteStateStore({ directory })
      const { run } = first.beginRun(scope)
      first.saveListingCheckpoint(scope, { position: 5, complete: false })
      first.planBatch(scope, { batchId: 'b1', idempotencyKey: 'k', ids: [1, 'a'], payload: [] })
      first.markBatchSent(scope, 'b1')
      first.markBatchAcknowledged(scope, 'b1')
      first.addDeadLetter(scope, { kind: 'detail', id: 2, reason: 'HTTP 404', payload: null })
      first.close()

      const reopened = createSqliteStateStore({ directory })

      expect(reopened.beginRun(scope).previous?.runId).toBe(run.runId)
      expect(reopened.getListingCheckpoint(scope)).toEqual({ position: 5, complete: false })
      expect(reopened.resolvedIds(scope)).toEqual(new Set(['1', 'a', '2']))
      expect(reopened.listBatches(scope, 'acknowledged')[0]?.ids).toEqual([1, 'a'])
      expect(reopened.listDeadLetters(scope)).toHaveLength(1)
      reopened.close()
    })

    it('creates missing directories', () => {
      const directory = join(newDirectory(), 'nested', 'state')

      createSqliteStateStore({ directory, fileName: 'run.sqlite' }).close()

      const db = new Database(join(directory, 'run.sqlite'), { fileMustExist: true })
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      db.close()
    })

    it('rejects a directory under a file', () => {
      const file = join(newDirectory(), 'not-a-directory')
      mkdirSync(join(file, '..'), { recursive: true })
      writeFileSync(file, 'plain file')
      const directory = join(file, 'state')

      const open = () => createSqliteStateStore({ directory })

      expect(open).toThrow(StateError)
      expect(open).toThrow(directory)
      expect(open).toThrow('--state-dir')
    })

    // root ignores the permission bits, so this case only runs as another user.
    it.skipIf(process.getuid?.() === 0)('rejects a read-only directory', () => {
      const directory = newDirectory()
      mkdirSync(directory)
      chmodSync(directory, 0o500)

      const open = () => createSqliteStateStore({ directory })

      try {
        expect(open).toThrow(StateError)
        expect(open).toThrow(join(directory, 'fauna-state.sqlite'))
      } finally {
        chmodSync(directory, 0o700)
      }
    })

    it('rejects a newer schema', () => {
      const directory = newDirectory()
      createSqliteStateStore({ directory }).close()
      const path = join(directory, 'fauna-state.sqlite')
      const db = new Database(path)
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
      db.close()

      const open = () => createSqliteStateStore({ directory })

      expect(open).toThrow(StateError)
      expect(open).toThrow(`schema version ${SCHEMA_VERSION + 1}`)
      expect(open).toThrow(path)
    })

    it('rejects a file that is not SQLite', () => {
      const directory = newDirectory()
      mkdirSync(directory)
      const path = join(directory, 'fauna-state.sqlite')
      writeFileSync(path, 'x'.repeat(4096))

      const open = () => createSqliteStateStore({ directory })

      expect(open).toThrow(StateError)
      expect(open).toThrow(path)
    })

    it('rejects a directory as the file', () => {
      const directory = newDirectory()
      mkdirSync(join(directory, 'fauna-state.sqlite'), { recursive: true })

      expect(() => createSqliteStateStore({ directory })).toThrow(StateError)
    })
  })

  describe('options', () => {
    it.each([
      ['empty directory', { directory: '' }],
      ['numeric directory', { directory: 5 }],
      ['fileName with a path', { directory: root, fileName: 'sub/state.sqlite' }],
      ['empty fileName', { directory: root, fileName: '' }],
      ['now not a function', { directory: root, now: 'today' }],
    ])('rejects %s', (_name, options) => {
      expect(() => createSqliteStateStore(options as never)).toThrow(TypeError)
    })
  })

  describe('many resolved ids', () => {
    it('returns one million ids', { timeout: 120_000 }, () => {
      const store = createSqliteStateStore({ directory: newDirectory() })
      const batchSize = 100_000
      for (let batch = 0; batch < 10; batch++) {
        const ids = Array.from({ length: batchSize }, (_, index) => batch * batchSize + index)
        const batchId = `b${batch}`
        store.planBatch(scope, { batchId, idempotencyKey: batchId, ids, payload: [] })
        store.markBatchSent(scope, batchId)
        store.markBatchAcknowledged(scope, batchId)
      }

      const resolved = store.resolvedIds(scope)

      expect(resolved.size).toBe(1_000_000)
      expect(resolved.has('999999')).toBe(true)
      store.close()
    })
  })
})
