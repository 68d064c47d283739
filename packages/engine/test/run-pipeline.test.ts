import { createMemoryStateStore, type StateScope } from '@fauna-etl/state'
import { describe, expect, it } from 'vitest'
import { type PipelineDefinition, replayDeadLetters, runPipeline } from '../src/index.js'
import {
  createListSource,
  createMemorySink,
  type Item,
  indexesFromDetail,
  type MemorySinkOptions,
  makeItems,
} from './fixtures.js'

const scope: StateScope = { pipeline: 'items', source: 'list', target: 'memory' }

function setup(
  count: number,
  sinkOptions: MemorySinkOptions = {},
  sourceOptions: Parameters<typeof createListSource>[1] = {},
) {
  const items = makeItems(count)
  const source = createListSource(items, sourceOptions)
  const sink = createMemorySink(sinkOptions)
  const definition: PipelineDefinition<Item, Item> = {
    name: 'items',
    source,
    transform: (item) => ({ ...item, name: item.name.toUpperCase() }),
    sink,
    rejectedIndexes: indexesFromDetail,
  }
  return { items, source, sink, definition, store: createMemoryStateStore() }
}

function loadedIds(sink: { loaded: Item[] }): number[] {
  return sink.loaded.map((item) => item.id).sort((a, b) => a - b)
}

describe('runPipeline', () => {
  it('loads every record, last partial batch included', async () => {
    const { sink, definition, store } = setup(95)

    const summary = await runPipeline(definition, { store, scope })

    expect(summary.outcome).toBe('complete')
    expect(loadedIds(sink)).toEqual(makeItems(95).map((item) => item.id))
    expect(sink.writes.map((write) => write.size)).toContain(5)
    expect(summary.loaded).toBe(95)
    expect(summary.batches).toBe(10)
  })

  it('applies the transform', async () => {
    const { sink, definition, store } = setup(3)

    await runPipeline(definition, { store, scope })

    expect(sink.loaded[0]?.name).toBe('ITEM 0')
  })

  it('sends nothing on a second run', async () => {
    const { sink, definition, store } = setup(30)
    await runPipeline(definition, { store, scope })
    const writesBefore = sink.writes.length

    const summary = await runPipeline(definition, { store, scope })

    expect(summary.outcome).toBe('nothing-to-do')
    expect(sink.writes.length).toBe(writesBefore)
  })

  it('resumes after an interrupted run without duplicates', async () => {
    const { sink, source, definition, store } = setup(200, { delayMs: 2 })
    const stop = new AbortController()
    const interrupted = runPipeline(definition, {
      store,
      scope,
      signal: stop.signal,
      onEvent: (event) => {
        if (event.type === 'batch-acknowledged' && sink.loaded.length >= 60) stop.abort()
      },
    })
    const first = await interrupted
    const fetchedInFirstRun = source.fetched.length

    const second = await runPipeline(definition, { store, scope })

    expect(first.outcome).toBe('interrupted')
    expect(second.outcome).toBe('complete')
    expect(second.resumed).toBe(true)
    expect(loadedIds(sink)).toEqual(makeItems(200).map((item) => item.id))
    expect(source.fetched.length - fetchedInFirstRun).toBeLessThan(200)
  })

  it('finishes in-flight writes on a stop', async () => {
    const { sink, definition, store } = setup(200, { delayMs: 150 })
    const stop = new AbortController()

    const summary = await runPipeline(definition, {
      store,
      scope,
      signal: stop.signal,
      onEvent: (event) => {
        if (event.type === 'batch-sent' && !stop.signal.aborted) stop.abort()
      },
    })

    expect(summary.outcome).toBe('interrupted')
    expect(sink.loaded.length).toBeGreaterThan(0)
    expect(store.listBatches(scope, 'sent')).toEqual([])
    expect(summary.loaded).toBe(sink.loaded.length)
  })

  it('quarantines records a 422 names and loads the rest', async () => {
    const { sink, definition, store } = setup(40, { rejectIds: [3, 17] })

    const summary = await runPipeline(definition, { store, scope })

    expect(summary.outcome).toBe('complete-with-rejections')
    expect(summary.notLoaded.map((item) => item.id).sort()).toEqual([17, 3])
    expect(loadedIds(sink)).toHaveLength(38)
    expect(
      store
        .listDeadLetters(scope)
        .map((letter) => letter.id)
        .sort(),
    ).toEqual([17, 3])
  })

  it('bisects a 422 that names no records', async () => {
    const { sink, definition, store } = setup(40, { rejectIds: [5], namesRejected: false })

    const summary = await runPipeline(definition, { store, scope })

    expect(summary.notLoaded.map((item) => item.id)).toEqual([5])
    expect(loadedIds(sink)).toHaveLength(39)
  })

  it('lowers the batch size when the target asks', async () => {
    const { sink, definition, store } = setup(50, { acceptsAtMost: 4 })
    const reductions: number[] = []

    const summary = await runPipeline(definition, {
      store,
      scope,
      onEvent: (event) => {
        if (event.type === 'batch-size-reduced') reductions.push(event.to)
      },
    })

    expect(summary.outcome).toBe('complete')
    expect(loadedIds(sink)).toHaveLength(50)
    expect(reductions).toEqual([4])
    expect(summary.batchSize).toBe(4)
  })

  it('dead-letters a batch whose retries ran out', async () => {
    const { sink, definition, store } = setup(30, { failIds: [12] })

    const summary = await runPipeline(definition, { store, scope })

    expect(summary.outcome).toBe('failed')
    expect(summary.notLoaded).toHaveLength(10)
    expect(summary.notLoaded.every((item) => item.kind === 'failed')).toBe(true)
    expect(loadedIds(sink)).toHaveLength(20)
  })

  it('reports dead letters again on a later run', async () => {
    const { definition, store } = setup(30, { failIds: [12] })
    await runPipeline(definition, { store, scope })

    const summary = await runPipeline(definition, { store, scope })

    expect(summary.outcome).toBe('complete-with-rejections')
    expect(summary.notLoaded).toHaveLength(10)
  })

  it('stops reading when the target keeps failing', async () => {
    const { sink, source, definition, store } = setup(300, {
      failIds: makeItems(300).map((item) => item.id),
    })

    const summary = await runPipeline(definition, { store, scope, maxConsecutiveFailedBatches: 3 })

    expect(summary.outcome).toBe('failed')
    expect(summary.stoppedEarly).toContain('failed 3 batches in a row')
    expect(sink.writes.length).toBeLessThan(10)
    expect(source.fetched.length).toBeLessThan(300)
  })

  it('leaves unread records for the next run after an early stop', async () => {
    const { definition, store } = setup(300, { failIds: makeItems(300).map((item) => item.id) })
    const first = await runPipeline(definition, { store, scope, maxConsecutiveFailedBatches: 3 })
    const healthySink = createMemorySink()

    const second = await runPipeline({ ...definition, sink: healthySink }, { store, scope })

    expect(second.outcome).toBe('complete')
    expect(healthySink.loaded.length + first.notLoaded.length).toBe(300)
  })

  it('replays dead-lettered records', async () => {
    const { sink, definition, store } = setup(30, { failIds: [12] })
    await runPipeline(definition, { store, scope })
    const healthySink = createMemorySink()

    const replay = await replayDeadLetters({ store, scope, sink: healthySink })

    expect(replay.resent).toBe(10)
    expect(replay.loaded).toBe(10)
    expect([...loadedIds(sink), ...loadedIds(healthySink)].sort((a, b) => a - b)).toEqual(
      makeItems(30).map((item) => item.id),
    )
    expect(store.listDeadLetters(scope)).toHaveLength(0)
  })

  it('quarantines records the source rejects', async () => {
    const { sink, definition, store } = setup(20, {}, { rejectIds: [7] })

    const summary = await runPipeline(definition, { store, scope })

    expect(summary.outcome).toBe('complete-with-rejections')
    expect(summary.rejected).toBe(1)
    expect(loadedIds(sink)).toHaveLength(19)
  })

  it('quarantines records the transform rejects', async () => {
    const { sink, definition, store } = setup(20)
    definition.transform = (item) => {
      if (item.id === 4) throw new Error('cannot convert item 4')
      return item
    }

    const summary = await runPipeline(definition, { store, scope })

    expect(summary.notLoaded).toEqual([expect.objectContaining({ id: 4, kind: 'rejected' })])
    expect(loadedIds(sink)).toHaveLength(19)
  })

  it('finishes the listing despite a repeated id', async () => {
    const { sink, definition, store } = setup(
      30,
      {},
      {
        extra: (page) =>
          page === 2
            ? [{ type: 'anomaly', code: 'duplicate-id', message: 'id 5 again', page: 2, ids: [15] }]
            : [],
      },
    )

    const summary = await runPipeline(definition, { store, scope })

    expect(summary.outcome).toBe('complete')
    expect(store.getListingCheckpoint(scope)?.complete).toBe(true)
    expect(loadedIds(sink)).toHaveLength(30)
  })
})

describe('in-doubt batches', () => {
  function leaveBatchInDoubt(store: ReturnType<typeof createMemoryStateStore>) {
    store.beginRun(scope)
    store.planBatch(scope, {
      batchId: '0-1',
      idempotencyKey: 'key-1',
      ids: [0, 1],
      payload: [
        { id: 0, name: 'a' },
        { id: 1, name: 'b' },
      ],
    })
    store.markBatchSent(scope, '0-1')
  }

  it('resends with the same key to an idempotent sink', async () => {
    const { sink, definition, store } = setup(5, { idempotent: true })
    leaveBatchInDoubt(store)

    const summary = await runPipeline(definition, { store, scope })

    expect(summary.inDoubt).toEqual([expect.objectContaining({ batchId: '0-1', action: 'resent' })])
    expect(sink.writes[0]?.key).toBe('key-1')
    expect(loadedIds(sink)).toEqual([0, 1, 2, 3, 4])
  })

  it('skips by default for a non-idempotent sink', async () => {
    const { sink, definition, store } = setup(5)
    leaveBatchInDoubt(store)

    const summary = await runPipeline(definition, { store, scope })

    expect(summary.inDoubt).toEqual([expect.objectContaining({ action: 'skipped', ids: [0, 1] })])
    expect(loadedIds(sink)).toEqual([2, 3, 4])
    expect(summary.outcome).toBe('complete-with-rejections')
    expect(store.listDeadLetters(scope).map((letter) => letter.id)).toEqual([0, 1])
  })

  it('resends when the policy says so', async () => {
    const { sink, definition, store } = setup(5)
    leaveBatchInDoubt(store)

    await runPipeline(definition, { store, scope, inDoubt: 'resend' })

    expect(loadedIds(sink)).toEqual([0, 1, 2, 3, 4])
  })

  it('fails before any read when the policy says so', async () => {
    const { sink, source, definition, store } = setup(5)
    leaveBatchInDoubt(store)

    const summary = await runPipeline(definition, { store, scope, inDoubt: 'fail' })

    expect(summary.outcome).toBe('failed')
    expect(sink.writes).toHaveLength(0)
    expect(source.fetched).toHaveLength(0)
  })
})
