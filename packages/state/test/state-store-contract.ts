import { StateError } from '@fauna-etl/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StateScope, StateStore } from '../src/index.js'

export type StateStoreFactory = (options: { now: () => Date }) => StateStore

const scope: StateScope = { pipeline: 'animals', source: 'animals-api', target: 'home' }
const otherScope: StateScope = { pipeline: 'animals', source: 'animals-api', target: 'backup' }

const START = Date.parse('2024-05-01T10:00:00.000Z')

/**
 * Runs the behaviour that every `StateStore` shares. `createStore` returns a new, empty store
 * for each test, and the suite closes it afterwards.
 */
export function testStateStore(createStore: StateStoreFactory): void {
  let store: StateStore
  let clockMs: number

  const at = (offsetMs: number): string => new Date(START + offsetMs).toISOString()
  const advanceClock = (ms: number): void => {
    clockMs += ms
  }

  const planSentBatch = (batchId: string, ids: (string | number)[]): void => {
    store.planBatch(scope, { batchId, idempotencyKey: `key-${batchId}`, ids, payload: ids })
    store.markBatchSent(scope, batchId)
  }

  beforeEach(() => {
    clockMs = START
    store = createStore({ now: () => new Date(clockMs) })
  })

  afterEach(() => {
    store.close()
  })

  describe('runs', () => {
    it('first run has no previous', () => {
      const { run, previous } = store.beginRun(scope)

      expect(previous).toBeUndefined()
      expect(run).toEqual({
        runId: expect.any(Number),
        status: 'running',
        startedAt: at(0),
        finishedAt: null,
        summary: undefined,
      })
    })

    it('next run returns the finished one', () => {
      const first = store.beginRun(scope).run
      advanceClock(1000)
      store.finishRun(first.runId, 'complete-with-rejections', { loaded: 3, rejected: 1 })

      const { run, previous } = store.beginRun(scope)

      expect(run.runId).toBeGreaterThan(first.runId)
      expect(previous).toEqual({
        runId: first.runId,
        status: 'complete-with-rejections',
        startedAt: at(0),
        finishedAt: at(1000),
        summary: { loaded: 3, rejected: 1 },
      })
    })

    it('unfinished run stays running', () => {
      const first = store.beginRun(scope).run

      const { previous } = store.beginRun(scope)

      expect(previous?.runId).toBe(first.runId)
      expect(previous?.status).toBe('running')
    })

    it('previous run is per scope', () => {
      store.beginRun(otherScope)

      expect(store.beginRun(scope).previous).toBeUndefined()
    })

    it('finishing an unknown run throws', () => {
      expect(() => store.finishRun(999, 'complete')).toThrow(StateError)
    })

    it('finishing with running throws', () => {
      const { run } = store.beginRun(scope)

      expect(() => store.finishRun(run.runId, 'running')).toThrow(TypeError)
    })
  })

  describe('listing checkpoint', () => {
    it('is undefined at first', () => {
      expect(store.getListingCheckpoint(scope)).toBeUndefined()
    })

    it.each([
      ['page number', { position: 7, complete: false }],
      ['cursor', { position: 'eyJwYWdlIjo3fQ==', complete: false }],
      ['first page', { position: null, complete: false }],
      ['complete listing', { position: 12, complete: true }],
    ])('round-trips a %s', (_name, checkpoint) => {
      store.saveListingCheckpoint(scope, checkpoint)

      expect(store.getListingCheckpoint(scope)).toEqual(checkpoint)
    })

    it('keeps the last saved checkpoint', () => {
      store.saveListingCheckpoint(scope, { position: 2, complete: false })
      store.saveListingCheckpoint(scope, { position: 3, complete: false })

      expect(store.getListingCheckpoint(scope)).toEqual({ position: 3, complete: false })
    })

    it('is kept per scope', () => {
      store.saveListingCheckpoint(scope, { position: 2, complete: false })

      expect(store.getListingCheckpoint(otherScope)).toBeUndefined()
    })
  })

  describe('fetched ids', () => {
    it('fetched ids are not resolved', () => {
      store.markFetched(scope, [1, 2, 'c'])

      expect(store.resolvedIds(scope)).toEqual(new Set())
    })

    it('fetching again keeps ids resolved', () => {
      store.addDeadLetter(scope, { kind: 'detail', id: 5, reason: 'HTTP 500', payload: null })

      store.markFetched(scope, [5])

      expect(store.resolvedIds(scope)).toEqual(new Set(['5']))
    })

    it('rejects an object as id', () => {
      expect(() => store.markFetched(scope, [{ id: 1 } as never])).toThrow(TypeError)
    })
  })

  describe('batch ledger', () => {
    it('planned batch is listed as planned', () => {
      store.planBatch(scope, {
        batchId: 'b1',
        idempotencyKey: 'key-b1',
        ids: [1, 2],
        payload: [{ id: 1 }, { id: 2 }],
      })

      expect(store.listBatches(scope)).toEqual([
        {
          batchId: 'b1',
          idempotencyKey: 'key-b1',
          ids: [1, 2],
          payload: [{ id: 1 }, { id: 2 }],
          status: 'planned',
          inDoubt: false,
          updatedAt: at(0),
        },
      ])
    })

    it('sent batch is listed by status', () => {
      planSentBatch('b1', [1])
      store.planBatch(scope, { batchId: 'b2', idempotencyKey: 'key-b2', ids: [2], payload: [] })

      expect(store.listBatches(scope, 'sent').map((batch) => batch.batchId)).toEqual(['b1'])
      expect(store.listBatches(scope, 'planned').map((batch) => batch.batchId)).toEqual(['b2'])
    })

    it('acknowledged batch resolves its ids', () => {
      planSentBatch('b1', [1, 2, 'x'])

      store.markBatchAcknowledged(scope, 'b1')

      expect(store.listBatches(scope)[0]?.status).toBe('acknowledged')
      expect(store.resolvedIds(scope)).toEqual(new Set(['1', '2', 'x']))
    })

    it('acknowledging twice changes nothing', () => {
      planSentBatch('b1', [1])
      store.markBatchAcknowledged(scope, 'b1')
      advanceClock(1000)

      store.markBatchAcknowledged(scope, 'b1')

      expect(store.listBatches(scope)[0]?.updatedAt).toBe(at(0))
    })

    it('updates updatedAt on each mark', () => {
      store.planBatch(scope, { batchId: 'b1', idempotencyKey: 'k', ids: [1], payload: [] })
      advanceClock(500)

      store.markBatchSent(scope, 'b1')

      expect(store.listBatches(scope)[0]?.updatedAt).toBe(at(500))
    })

    it('failed batch leaves its ids unresolved', () => {
      planSentBatch('b1', [1, 2])

      store.markBatchFailed(scope, 'b1', 'HTTP 400: invalid record')

      expect(store.listBatches(scope, 'failed').map((batch) => batch.batchId)).toEqual(['b1'])
      expect(store.resolvedIds(scope)).toEqual(new Set())
    })

    it('failed batch can be sent again', () => {
      planSentBatch('b1', [1])
      store.markBatchFailed(scope, 'b1', 'HTTP 503')

      store.markBatchSent(scope, 'b1')
      store.markBatchAcknowledged(scope, 'b1')

      expect(store.resolvedIds(scope)).toEqual(new Set(['1']))
    })

    it('in-doubt batch stays sent', () => {
      planSentBatch('b1', [1])

      store.markBatchInDoubt(scope, 'b1')

      expect(store.listBatches(scope, 'sent')).toMatchObject([
        { batchId: 'b1', status: 'sent', inDoubt: true },
      ])
    })

    it('keeps inDoubt after acknowledgement', () => {
      planSentBatch('b1', [1])
      store.markBatchInDoubt(scope, 'b1')

      store.markBatchAcknowledged(scope, 'b1')

      expect(store.listBatches(scope)[0]).toMatchObject({ status: 'acknowledged', inDoubt: true })
    })

    it('lists batches in planning order', () => {
      for (const batchId of ['b3', 'b1', 'b2']) {
        store.planBatch(scope, { batchId, idempotencyKey: batchId, ids: [], payload: [] })
      }

      expect(store.listBatches(scope).map((batch) => batch.batchId)).toEqual(['b3', 'b1', 'b2'])
    })

    it('batches are kept per scope', () => {
      planSentBatch('b1', [1])
      store.markBatchAcknowledged(scope, 'b1')

      expect(store.listBatches(otherScope)).toEqual([])
      expect(store.resolvedIds(otherScope)).toEqual(new Set())
    })

    it('rejects a duplicate batch id', () => {
      store.planBatch(scope, { batchId: 'b1', idempotencyKey: 'k1', ids: [1], payload: [] })

      expect(() =>
        store.planBatch(scope, { batchId: 'b1', idempotencyKey: 'k2', ids: [2], payload: [] }),
      ).toThrow(StateError)
    })

    it('rejects a payload that is not JSON', () => {
      const plan = () =>
        store.planBatch(scope, { batchId: 'b1', idempotencyKey: 'k', ids: [1], payload: [1n] })

      expect(plan).toThrow(TypeError)
      expect(store.listBatches(scope)).toEqual([])
    })

    it('returns copies of the payload', () => {
      store.planBatch(scope, { batchId: 'b1', idempotencyKey: 'k', ids: [1], payload: [{ a: 1 }] })

      const listed = store.listBatches(scope)[0]?.payload as { a: number }[]
      listed[0]!.a = 2

      expect(store.listBatches(scope)[0]?.payload).toEqual([{ a: 1 }])
    })

    // Each case: the marks applied first, then the mark that must throw.
    it.each([
      ['sent, unknown batch', [], 'markBatchSent'],
      ['acknowledged, planned batch', [], 'markBatchAcknowledged'],
      ['in doubt, planned batch', [], 'markBatchInDoubt'],
      ['sent, acknowledged batch', ['markBatchSent', 'markBatchAcknowledged'], 'markBatchSent'],
      ['failed, acknowledged batch', ['markBatchSent', 'markBatchAcknowledged'], 'markBatchFailed'],
      ['in doubt, failed batch', ['markBatchFailed'], 'markBatchInDoubt'],
    ] as const)('rejects marking %s', (name, marks, rejectedMark) => {
      const batchId = name.includes('unknown') ? 'missing' : 'b1'
      store.planBatch(scope, { batchId: 'b1', idempotencyKey: 'k', ids: [1], payload: [] })
      for (const mark of marks) {
        store[mark](scope, 'b1', 'reason')
      }

      expect(() => store[rejectedMark](scope, batchId, 'reason')).toThrow(StateError)
    })
  })

  describe('dead letters', () => {
    it('stores a letter and resolves its id', () => {
      const origin = { url: 'http://127.0.0.1/animals/v1/animals/7', id: 7 }

      const deadLetterId = store.addDeadLetter(scope, {
        kind: 'detail',
        id: 7,
        reason: 'HTTP 404',
        payload: { detail: 'not found' },
        origin,
      })

      expect(store.listDeadLetters(scope)).toEqual([
        {
          deadLetterId,
          kind: 'detail',
          id: 7,
          reason: 'HTTP 404',
          payload: { detail: 'not found' },
          origin,
          createdAt: at(0),
          replayedAt: null,
        },
      ])
      expect(store.resolvedIds(scope)).toEqual(new Set(['7']))
    })

    it('letter without id resolves nothing', () => {
      store.addDeadLetter(scope, { kind: 'listing', reason: 'page 3 failed', payload: null })

      expect(store.listDeadLetters(scope)[0]).not.toHaveProperty('id')
      expect(store.resolvedIds(scope)).toEqual(new Set())
    })

    it('replayed letters are hidden by default', () => {
      const first = store.addDeadLetter(scope, { kind: 'record', id: 'a', reason: 'r', payload: 1 })
      const second = store.addDeadLetter(scope, {
        kind: 'record',
        id: 'b',
        reason: 'r',
        payload: 2,
      })
      advanceClock(1000)

      store.markDeadLetterReplayed([first])

      expect(store.listDeadLetters(scope).map((letter) => letter.deadLetterId)).toEqual([second])
      expect(store.listDeadLetters(scope, { includeReplayed: true })).toMatchObject([
        { deadLetterId: first, replayedAt: at(1000) },
        { deadLetterId: second, replayedAt: null },
      ])
    })

    it('keeps the first replay time', () => {
      const letter = store.addDeadLetter(scope, { kind: 'record', reason: 'r', payload: 1 })
      store.markDeadLetterReplayed([letter])
      advanceClock(1000)

      store.markDeadLetterReplayed([letter])

      const [listed] = store.listDeadLetters(scope, { includeReplayed: true })
      expect(listed?.replayedAt).toBe(at(0))
    })

    it('unknown letter id marks nothing', () => {
      const letter = store.addDeadLetter(scope, { kind: 'record', reason: 'r', payload: 1 })

      expect(() => store.markDeadLetterReplayed([letter, letter + 100])).toThrow(StateError)
      expect(store.listDeadLetters(scope)).toHaveLength(1)
    })

    it('letters are kept per scope', () => {
      store.addDeadLetter(scope, { kind: 'record', id: 1, reason: 'r', payload: 1 })

      expect(store.listDeadLetters(otherScope)).toEqual([])
    })
  })

  describe('releasing dead letters', () => {
    it('unresolves ids and rewinds the listing', () => {
      store.saveListingCheckpoint(scope, { position: 9, complete: true })
      store.markFetched(scope, [7, 8])
      const letter = store.addDeadLetter(scope, { kind: 'detail', id: 7, reason: 'r', payload: 0 })
      store.addDeadLetter(scope, { kind: 'detail', id: 8, reason: 'r', payload: 0 })

      store.releaseDeadLetters(scope, [letter])

      expect(store.resolvedIds(scope)).toEqual(new Set(['8']))
      expect(store.getListingCheckpoint(scope)).toEqual({ position: null, complete: false })
      expect(store.listDeadLetters(scope).map((listed) => listed.id)).toEqual([8])
    })

    it('rejects a letter of another scope', () => {
      store.saveListingCheckpoint(scope, { position: 9, complete: true })
      const letter = store.addDeadLetter(otherScope, { kind: 'record', reason: 'r', payload: 0 })

      expect(() => store.releaseDeadLetters(scope, [letter])).toThrow(StateError)
      expect(store.getListingCheckpoint(scope)).toEqual({ position: 9, complete: true })
      expect(store.listDeadLetters(otherScope)).toHaveLength(1)
    })

    it('empty list changes nothing', () => {
      store.saveListingCheckpoint(scope, { position: 9, complete: true })

      store.releaseDeadLetters(scope, [])

      expect(store.getListingCheckpoint(scope)).toEqual({ position: 9, complete: true })
    })
  })

  describe('numeric and string ids', () => {
    it('batch ids keep their type', () => {
      store.planBatch(scope, {
        batchId: 'b1',
        idempotencyKey: 'k',
        ids: [1, '1', 'x'],
        payload: [],
      })

      expect(store.listBatches(scope)[0]?.ids).toEqual([1, '1', 'x'])
    })

    it('resolved ids are strings', () => {
      planSentBatch('b1', [42, '43'])
      store.markBatchAcknowledged(scope, 'b1')

      expect([...store.resolvedIds(scope)]).toEqual(expect.arrayContaining(['42', '43']))
      expect(store.resolvedIds(scope).has('42')).toBe(true)
    })

    it('dead letter id keeps its type', () => {
      store.addDeadLetter(scope, { kind: 'record', id: 3, reason: 'r', payload: 0 })
      store.addDeadLetter(scope, { kind: 'record', id: '4', reason: 'r', payload: 0 })

      expect(store.listDeadLetters(scope).map((letter) => letter.id)).toEqual([3, '4'])
    })

    it('3 and "3" are one id', () => {
      store.addDeadLetter(scope, { kind: 'record', id: 3, reason: 'r', payload: 0 })
      store.addDeadLetter(scope, { kind: 'record', id: '3', reason: 'r', payload: 0 })

      expect(store.resolvedIds(scope)).toEqual(new Set(['3']))
    })
  })

  describe('reset', () => {
    const fillScope = (target: StateScope): void => {
      store.beginRun(target)
      store.beginRun(target)
      store.saveListingCheckpoint(target, { position: 4, complete: false })
      store.markFetched(target, [1, 2, 3])
      store.planBatch(target, { batchId: 'b1', idempotencyKey: 'k', ids: [1, 2], payload: [] })
      store.markBatchSent(target, 'b1')
      store.markBatchAcknowledged(target, 'b1')
      store.addDeadLetter(target, { kind: 'detail', id: 3, reason: 'r', payload: 0 })
      store.addDeadLetter(target, { kind: 'listing', reason: 'r', payload: 0 })
    }

    it('reports what it discarded', () => {
      fillScope(scope)

      expect(store.reset(scope)).toEqual({ runs: 2, batches: 1, items: 3, deadLetters: 2 })
    })

    it('leaves the scope empty', () => {
      fillScope(scope)

      store.reset(scope)

      expect(store.beginRun(scope).previous).toBeUndefined()
      expect(store.getListingCheckpoint(scope)).toBeUndefined()
      expect(store.resolvedIds(scope)).toEqual(new Set())
      expect(store.listBatches(scope)).toEqual([])
      expect(store.listDeadLetters(scope, { includeReplayed: true })).toEqual([])
    })

    it('keeps other scopes', () => {
      fillScope(scope)
      fillScope(otherScope)

      store.reset(scope)

      expect(store.beginRun(otherScope).previous).toBeDefined()
      expect(store.getListingCheckpoint(otherScope)).toEqual({ position: 4, complete: false })
      expect(store.resolvedIds(otherScope)).toEqual(new Set(['1', '2', '3']))
      expect(store.listBatches(otherScope)).toHaveLength(1)
      expect(store.listDeadLetters(otherScope)).toHaveLength(2)
    })

    it('unknown scope reports zero', () => {
      expect(store.reset(scope)).toEqual({ runs: 0, batches: 0, items: 0, deadLetters: 0 })
    })

    it('never reuses run ids', () => {
      const { run } = store.beginRun(scope)
      store.reset(scope)

      expect(store.beginRun(scope).run.runId).toBeGreaterThan(run.runId)
    })
  })

  describe('arguments and lifecycle', () => {
    it.each([
      ['empty pipeline', { pipeline: '', source: 's', target: 't' }],
      ['missing target', { pipeline: 'p', source: 's' }],
      ['null scope', null],
    ])('rejects %s', (_name, badScope) => {
      expect(() => store.resolvedIds(badScope as StateScope)).toThrow(TypeError)
    })

    it('closed store throws StateError', () => {
      store.close()

      expect(() => store.resolvedIds(scope)).toThrow(StateError)
    })

    it('closing twice is allowed', () => {
      store.close()

      expect(() => store.close()).not.toThrow()
    })
  })
}
