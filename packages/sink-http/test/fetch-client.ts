import {
  type HttpClient,
  HttpError,
  NetworkError,
  type RequestOptions,
  ValidationError,
} from '@fauna-etl/core'

/**
 * Creates a minimal `HttpClient` on global fetch without retries: 422 → `ValidationError` with the
 * server's `detail`, other non-2xx → `HttpError` with the parsed body.
 */
export function createFetchClient(baseURL: string): HttpClient {
  async function send(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions = {},
  ): Promise<never> {
    const url = new URL(path, baseURL).href
    const init: RequestInit = { method, headers: { ...options.headers } }
    if (options.signal !== undefined) init.signal = options.signal
    if (body !== undefined) {
      init.body = JSON.stringify(body)
      init.headers = { 'content-type': 'application/json', ...options.headers }
    }

    const response = await fetch(url, init)
    const text = await response.text()
    const isJson = response.headers.get('content-type')?.includes('json') ?? false
    let parsed: unknown = text
    if (isJson) {
      try {
        parsed = JSON.parse(text)
      } catch (cause) {
        throw new NetworkError(`${method} ${url} sent invalid JSON`, { method, url, cause })
      }
    }

    if (response.status === 422) {
      throw new ValidationError(`${method} ${url} answered 422`, {
        detail: (parsed as { detail?: unknown }).detail,
        request: { method, url },
        status: 422,
      })
    }
    if (!response.ok) {
      throw new HttpError(`${method} ${url} answered ${response.status}`, {
        method,
        url,
        status: response.status,
        body: parsed,
      })
    }
    if (!isJson) {
      throw new NetworkError(`${method} ${url} sent no JSON`, { method, url })
    }
    return parsed as never
  }

  return {
    get: (path, options) => send('GET', path, undefined, options),
    post: (path, body, options) => send('POST', path, body, options),
  }
}
