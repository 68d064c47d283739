import {
  BatchTooLargeError,
  HttpError,
  RetryExhaustedError,
  ValidationError,
} from '@fauna-etl/core'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpBatchSink, findRejectedIndexes } from '../src/index.js'
import { type FaultResponse, type FaultServer, startFaultServer } from './fault-server.js'
import { createTestClient } from './test-client.js'

const context = { batchId: 'batch-1', idempotencyKey: 'key-1' }
const animals = [
  { id: 0, name: 'Lion', friends: ['Red panda'], born_at: null },
  { id: 1, name: 'Tiger', friends: [], born_at: '2003-04-05T06:07:08.009Z' },
]

let server: FaultServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

async function startSink(response: FaultResponse, idempotencyKeyHeader?: string) {
  server = await startFaultServer(() => response)
  return createHttpBatchSink<(typeof animals)[number]>({
    name: 'animals-home',
    client: createTestClient(server.url),
    url: '/animals/v1/home',
    maxBatchSize: 100,
    idempotencyKeyHeader,
  })
}

describe('createHttpBatchSink write', () => {
  it('posts the records as JSON', async () => {
    const sink = await startSink({ status: 200, json: { message: 'Helped 2 find home' } })

    await sink.write(animals, context)

    expect(server?.requests.map((request) => [request.method, request.url])).toEqual([
      ['POST', '/animals/v1/home'],
    ])
    expect(JSON.parse(server?.requests[0]?.body ?? '')).toEqual(animals)
  })

  it('returns accepted count and response', async () => {
    const sink = await startSink({ status: 200, json: { message: 'Helped 2 find home' } })

    const result = await sink.write(animals, context)

    expect(result).toEqual({ accepted: 2, response: { message: 'Helped 2 find home' } })
  })

  it('sends the idempotency key header', async () => {
    const sink = await startSink({ status: 200, json: {} }, 'Idempotency-Key')

    await sink.write(animals, context)

    expect(sink.idempotent).toBe(true)
    expect(server?.requests[0]?.headers['idempotency-key']).toBe('key-1')
  })

  it('omits the header by default', async () => {
    const sink = await startSink({ status: 200, json: {} })

    await sink.write(animals, context)

    expect(sink.idempotent).toBe(false)
    expect(server?.requests[0]?.headers['idempotency-key']).toBeUndefined()
  })

  it('skips the request for no records', async () => {
    const sink = await startSink({ status: 200, json: {} })

    const result = await sink.write([], context)

    expect(result).toEqual({ accepted: 0 })
    expect(server?.requests).toHaveLength(0)
  })

  it('rejects an oversize batch unsent', async () => {
    const sink = await startSink({ status: 200, json: {} })
    const batch = Array.from({ length: 101 }, (_, id) => ({ ...animals[0]!, id }))

    await expect(sink.write(batch, context)).rejects.toThrow(TypeError)
    await expect(sink.write(batch, context)).rejects.toThrow(/101 records.*maxBatchSize 100/)
    expect(server?.requests).toHaveLength(0)
  })

  it('maps 400 "only 100" to BatchTooLargeError', async () => {
    const sink = await startSink({
      status: 400,
      json: { detail: 'Sorry, only 100 animals at a time' },
    })

    const write = sink.write(animals, context)

    await expect(write).rejects.toBeInstanceOf(BatchTooLargeError)
    await expect(write).rejects.toMatchObject({ maxBatchSize: 100 })
    await expect(write).rejects.toMatchObject({ batchSize: 2 })
    await expect(write).rejects.toHaveProperty('cause.status', 400)
  })

  it('maps 413 to BatchTooLargeError', async () => {
    const sink = await startSink({ status: 413, text: 'Payload Too Large' })

    const write = sink.write(animals, context)

    await expect(write).rejects.toBeInstanceOf(BatchTooLargeError)
    await expect(write).rejects.toMatchObject({ maxBatchSize: undefined })
  })

  it('keeps an unrelated 400 as HttpError', async () => {
    const sink = await startSink({ status: 400, json: { detail: 'Missing tenant' } })

    await expect(sink.write(animals, context)).rejects.toThrow(HttpError)
    await expect(sink.write(animals, context)).rejects.not.toThrow(BatchTooLargeError)
  })

  it('passes a 422 detail through', async () => {
    const detail = [
      { loc: ['body', 1, 'born_at'], msg: 'invalid datetime format', type: 'value_error' },
    ]
    const sink = await startSink({ status: 422, json: { detail } })

    const write = sink.write(animals, context)

    await expect(write).rejects.toBeInstanceOf(ValidationError)
    await expect(write).rejects.toMatchObject({ detail })
    const error: unknown = await write.then(undefined, (rejection: unknown) => rejection)
    expect(findRejectedIndexes((error as ValidationError).detail)).toEqual([1])
  })

  // A client may wrap a rejection that it did not retry, so the sink looks one level inside.
  it.each([
    [
      'a 400 size rejection',
      new HttpError('POST /home answered 400', {
        method: 'POST',
        url: '/home',
        status: 400,
        body: { detail: 'Sorry, only 100 animals at a time' },
      }),
      BatchTooLargeError,
    ],
    [
      'a 422 rejection',
      new ValidationError('POST /home answered 422', { status: 422 }),
      ValidationError,
    ],
  ])('unwraps retries around %s', async (_case, lastError, expected) => {
    const wrapped = new RetryExhaustedError('POST /home failed', {
      attempts: 1,
      elapsedMs: 5,
      limit: 'not-retryable',
      lastError,
    })
    const client = { get: () => Promise.reject(wrapped), post: () => Promise.reject(wrapped) }
    const sink = createHttpBatchSink({ name: 'home', client, url: '/home', maxBatchSize: 100 })

    await expect(sink.write(animals, context)).rejects.toBeInstanceOf(expected)
  })
})

describe('createHttpBatchSink options', () => {
  const client = createTestClient('http://127.0.0.1:1')
  const valid = { name: 'home', client, url: '/home', maxBatchSize: 100 }

  it.each([
    ['empty name', { name: '' }, /Option name/],
    ['client without post', { client: {} }, /Option client/],
    ['missing url', { url: undefined }, /Option url/],
    ['zero maxBatchSize', { maxBatchSize: 0 }, /Option maxBatchSize .* got 0/],
    ['fractional maxBatchSize', { maxBatchSize: 1.5 }, /Option maxBatchSize/],
    ['header with a space', { idempotencyKeyHeader: 'Idem Key' }, /Option idempotencyKeyHeader/],
    ['negative timeoutMs', { timeoutMs: -1 }, /Option timeoutMs/],
  ])('rejects %s', (_case, override, message) => {
    const options = { ...valid, ...override } as Parameters<typeof createHttpBatchSink>[0]

    expect(() => createHttpBatchSink(options)).toThrow(message)
  })

  it('declares its batch size', () => {
    expect(createHttpBatchSink(valid).maxBatchSize).toBe(100)
  })
})
