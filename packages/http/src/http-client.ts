import type { HttpClient } from '@fauna-etl/core'
import { HttpError } from '@fauna-etl/core'
import { createFetch } from 'ofetch'
import PQueue from 'p-queue'
import { createStatsRecorder, type HttpClientStats } from './client-stats.js'
import { failureKey, isRetryableFailure } from './errors.js'
import { type HedgeCopy, raceHedged } from './hedge.js'
import { createHedgeDelays } from './hedge-delays.js'
import { type HttpClientOptions, resolveHttpClientOptions } from './options.js'
import { type ResolvedRequestOptions, resolveRequestOptions } from './request-options.js'
import { resolveUrl } from './resolve-url.js'
import { runWithRetries } from './run-with-retries.js'
import { type AttemptResponse, sendRequest } from './send-request.js'
import { sleep } from './sleep.js'

export type FaunaHttpClient = HttpClient & {
  /** Returns a snapshot of the counters. */
  stats(): HttpClientStats
}

/** The winning copy of one attempt. */
interface CopyResult extends AttemptResponse {
  durationMs: number
}

/** Everything that stays the same across the attempts of one request. */
interface RequestPlan {
  method: 'GET' | 'POST'
  /** Absolute URL. */
  url: string
  body: unknown
  options: ResolvedRequestOptions
  /** Whether sending the request twice is harmless: reads and idempotent writes. */
  repeatable: boolean
}

/** Hedges get this queue priority, so a late duplicate is not stuck behind new requests. */
const HEDGE_PRIORITY = 1

/**
 * Creates a JSON-over-HTTP client with per-attempt timeouts, retries with full-jitter backoff,
 * hedged idempotent requests and a concurrency limit. Throws `TypeError` for an invalid option.
 */
export function createHttpClient(options: HttpClientOptions = {}): FaunaHttpClient {
  const config = resolveHttpClientOptions(options)
  const fetcher = createFetch({ fetch: config.fetch })
  const queue = new PQueue({ concurrency: config.concurrency })
  const hedgeDelays = createHedgeDelays(config.hedge)
  const stats = createStatsRecorder(config.onEvent)
  const { counters, emit } = stats

  /** Runs one copy of an attempt in a concurrency slot. */
  const enqueueCopy = (
    plan: RequestPlan,
    attempt: number,
    copy: HedgeCopy,
  ): Promise<CopyResult> => {
    // A cancelled copy leaves the queue at once if it is still waiting. A running copy is
    // stopped through its own signal and keeps its slot until its request has settled, so the
    // slot count stays an honest count of open requests.
    const dequeue = new AbortController()
    let running = false
    const onCancel = () => {
      if (!running) dequeue.abort(copy.signal.reason)
    }
    copy.signal.addEventListener('abort', onCancel, { once: true })

    const run = async (): Promise<CopyResult> => {
      running = true
      copy.signal.removeEventListener('abort', onCancel)
      copy.started()

      counters.attempts++
      emit({
        type: 'attempt',
        method: plan.method,
        url: plan.url,
        label: plan.options.label,
        attempt,
        hedge: copy.hedge,
      })
      const startedAt = performance.now()
      const response = await sendRequest(fetcher, {
        method: plan.method,
        url: plan.url,
        body: plan.body,
        headers: { ...config.headers, ...plan.options.headers },
        timeoutMs:
          plan.options.timeoutMs ?? (plan.repeatable ? config.timeoutMs : config.writeTimeoutMs),
        timeoutOption: plan.repeatable ? 'timeoutMs' : 'writeTimeoutMs',
        repeatable: plan.repeatable,
        signal: copy.signal,
        now: config.now,
      })
      return { ...response, durationMs: performance.now() - startedAt }
    }

    return queue.add(run, { priority: copy.hedge ? HEDGE_PRIORITY : 0, signal: dequeue.signal })
  }

  /** Sends one attempt, hedged when the request allows it; resolves to the winner's body. */
  const attemptOnce = async (plan: RequestPlan, attempt: number): Promise<unknown> => {
    const base = { method: plan.method, url: plan.url, label: plan.options.label, attempt }
    const delayMs = hedgeDelays.delayFor({
      repeatable: plan.repeatable,
      hedge: plan.options.hedge,
      label: plan.options.label,
    })

    const winner = await raceHedged((copy) => enqueueCopy(plan, attempt, copy), {
      delayMs,
      signal: plan.options.signal,
      onHedge: () => {
        counters.hedgesSent++
        emit({ type: 'hedge', ...base, hedge: true, delayMs: delayMs ?? 0 })
      },
      // A chaos 5xx on the duplicate must not leave a paused first copy to run into its timeout.
      shouldReplace: isRetryableFailure,
    })

    const { status, durationMs, data } = winner.value
    if (plan.repeatable) hedgeDelays.record(plan.options.label, durationMs)
    if (winner.hedge) counters.hedgesWon++
    emit({ type: 'success', ...base, hedge: winner.hedge, status, durationMs })
    return data
  }

  const execute = async (plan: RequestPlan): Promise<unknown> => {
    const request = { method: plan.method, url: plan.url }
    const base = { ...request, label: plan.options.label, hedge: false }
    const startedAt = config.now()
    let lastAttempt = 1

    try {
      const data = await runWithRetries(
        (attempt) => {
          lastAttempt = attempt
          return attemptOnce(plan, attempt)
        },
        {
          request,
          options: config.retry,
          random: config.random,
          now: config.now,
          sleep: config.sleep ?? sleep,
          signal: plan.options.signal,
          onRetry: ({ error, attempt, delayMs }) => {
            stats.countRetry(failureKey(error))
            const status = error instanceof HttpError ? error.status : undefined
            emit({ type: 'retry', ...base, attempt, status, error, delayMs })
          },
        },
      )
      counters.successes++
      return data
    } catch (error) {
      counters.giveUps++
      const failure = error instanceof Error ? error : new Error(String(error))
      const elapsedMs = config.now() - startedAt
      emit({ type: 'give-up', ...base, attempt: lastAttempt, error: failure, elapsedMs })
      throw error
    }
  }

  const send = async (
    method: 'GET' | 'POST',
    url: string,
    body: unknown,
    requestOptions: ResolvedRequestOptions,
  ): Promise<unknown> => {
    counters.requests++
    return execute({
      method,
      url: resolveUrl(config.baseURL, url),
      body,
      options: requestOptions,
      repeatable: method === 'GET' || requestOptions.idempotent,
    })
  }

  return {
    async get<T = unknown>(url: string, getOptions?: Parameters<HttpClient['get']>[1]) {
      const resolved = resolveRequestOptions(getOptions)
      return (await send('GET', url, undefined, resolved)) as T
    },

    async post<T = unknown>(
      url: string,
      body: unknown,
      postOptions?: Parameters<HttpClient['post']>[2],
    ) {
      const resolved = resolveRequestOptions(postOptions)
      return (await send('POST', url, body, resolved)) as T
    },

    stats() {
      return stats.snapshot({
        hedgeDelayMs: hedgeDelays.current(),
        inFlight: queue.pending,
        queued: queue.size,
      })
    },
  }
}
