import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { computeBackoffDelay, createHttpClient } from '../src/index.js'

const BACKOFF = { minDelayMs: 100, maxDelayMs: 1_000, factor: 2 }

describe('computeBackoffDelay', () => {
  // Cap per retry: min(1000, 100 * 2^(n-1)).
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1_000],
    [12, 1_000],
  ])('retry %i capped at %i ms', (attempt, cap) => {
    expect(computeBackoffDelay(attempt, BACKOFF, () => 0)).toBe(0)
    expect(computeBackoffDelay(attempt, BACKOFF, () => 0.5)).toBe(cap / 2)
    expect(computeBackoffDelay(attempt, BACKOFF, () => 0.999_999)).toBe(cap)
  })

  it('draws stay within cap', () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const delay = computeBackoffDelay(attempt, BACKOFF)

      expect(delay).toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThanOrEqual(Math.min(1_000, 100 * 2 ** (attempt - 1)))
    }
  })
})

describe('retry timing', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  it('attempts wait for each delay', async () => {
    // The injected fetch replaces a server here because a real socket does not move with fake
    // timers. It fails three times, then succeeds.
    let calls = 0
    const fetch = async () => {
      calls++
      if (calls <= 3) return new Response('Sorry!', { status: 503 })
      return Response.json({ ok: true })
    }
    const client = createHttpClient({ fetch, random: () => 0.5, hedge: false, retry: BACKOFF })

    const result = client.get('http://127.0.0.1:3123/animals')
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toBe(1)

    // random() = 0.5 halves each cap: 50, 100, 200 ms.
    for (const [index, delayMs] of [50, 100, 200].entries()) {
      await vi.advanceTimersByTimeAsync(delayMs - 1)
      expect(calls).toBe(index + 1)

      await vi.advanceTimersByTimeAsync(1)
      expect(calls).toBe(index + 2)
    }
    await expect(result).resolves.toEqual({ ok: true })
  })

  it('Retry-After replaces backoff', async () => {
    let calls = 0
    const fetch = async () => {
      calls++
      if (calls === 1)
        return new Response('Sorry!', { status: 429, headers: { 'retry-after': '3' } })
      return Response.json({ ok: true })
    }
    const client = createHttpClient({ fetch, hedge: false, retry: BACKOFF })

    const result = client.get('http://127.0.0.1:3123/animals')
    await vi.advanceTimersByTimeAsync(2_999)
    expect(calls).toBe(1)

    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toBe(2)
    await expect(result).resolves.toEqual({ ok: true })
  })
})
