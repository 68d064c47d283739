import { describe, expect, it } from 'vitest'
import { createHttpClient, type HttpClientOptions } from '../src/index.js'

describe('client options', () => {
  it.each<[string, HttpClientOptions, string]>([
    ['concurrency zero', { concurrency: 0 }, 'Expected `concurrency` to be an integer from 1 to'],
    ['concurrency fraction', { concurrency: 1.5 }, 'got 1.5 (number)'],
    [
      'timeout zero',
      { timeoutMs: 0 },
      'Expected `timeoutMs` to be a number of ms from 1 to 2147483647, got 0 (number)',
    ],
    ['timeout as string', { timeoutMs: '10' as unknown as number }, 'got "10" (string)'],
    ['write timeout NaN', { writeTimeoutMs: Number.NaN }, 'Expected `writeTimeoutMs`'],
    ['relative baseURL', { baseURL: '/animals' }, 'Expected `baseURL` to be an absolute URL'],
    [
      'fetch not a function',
      { fetch: 1 as unknown as typeof fetch },
      'Expected `fetch` to be a function',
    ],
    [
      'header not a string',
      { headers: { 'x-id': 1 as unknown as string } },
      'Expected `headers.x-id` to be a string',
    ],
    [
      'zero attempts',
      { retry: { maxAttempts: 0 } },
      'Expected `retry.maxAttempts` to be an integer from 1 to Infinity',
    ],
    [
      'factor below 1',
      { retry: { factor: 0.5 } },
      'Expected `retry.factor` to be a number from 1 to 1000',
    ],
    ['negative delay', { retry: { minDelayMs: -1 } }, 'Expected `retry.minDelayMs`'],
    [
      'min above max delay',
      { retry: { minDelayMs: 500, maxDelayMs: 100 } },
      'to be at most `retry.maxDelayMs` (100)',
    ],
    [
      'percentile zero',
      { hedge: { percentile: 0 } },
      'Expected `hedge.percentile` to be a number from 1 to 100',
    ],
    [
      'hedge floor above ceiling',
      { hedge: { minDelayMs: 3_000 } },
      'to be at most `hedge.maxDelayMs` (2000)',
    ],
    [
      'hedge true',
      { hedge: true as unknown as false },
      'Expected `hedge` to be false or an object',
    ],
    [
      'minSamples above sampleSize',
      { hedge: { sampleSize: 10, minSamples: 11 } },
      'Expected `hedge.minSamples` to be an integer from 1 to 10',
    ],
  ])('%s rejected', (_case, options, message) => {
    expect(() => createHttpClient(options)).toThrow(TypeError)
    expect(() => createHttpClient(options)).toThrow(message)
  })

  it.each<[string, HttpClientOptions]>([
    ['defaults', {}],
    ['unbounded concurrency', { concurrency: Number.POSITIVE_INFINITY }],
    ['unbounded attempts', { retry: { maxAttempts: Number.POSITIVE_INFINITY } }],
    ['hedging off', { hedge: false }],
  ])('%s accepted', (_case, options) => {
    expect(() => createHttpClient(options)).not.toThrow()
  })

  it('default hedge delay is the ceiling', () => {
    expect(createHttpClient().stats().hedgeDelayMs).toBe(2_000)
    expect(createHttpClient({ hedge: false }).stats().hedgeDelayMs).toBeUndefined()
  })
})

describe('request options', () => {
  const client = createHttpClient({ baseURL: 'http://127.0.0.1:1' })

  it.each<[string, Parameters<typeof client.get>[1], string]>([
    ['negative hedge delay', { hedge: -1 }, 'Expected `hedge` to be a number of ms'],
    ['zero timeout', { timeoutMs: 0 }, 'Expected `timeoutMs` to be a number of ms from 1'],
    [
      'signal not a signal',
      { signal: {} as AbortSignal },
      'Expected `signal` to be an AbortSignal',
    ],
    ['label not a string', { label: 7 as unknown as string }, 'Expected `label` to be a string'],
  ])('%s rejected', async (_case, options, message) => {
    await expect(client.get('/animals', options)).rejects.toThrow(TypeError)
    await expect(client.get('/animals', options)).rejects.toThrow(message)
  })

  it('relative URL needs baseURL', async () => {
    await expect(createHttpClient().get('/animals')).rejects.toThrow(
      'Expected an absolute request URL, got "/animals"',
    )
  })
})
