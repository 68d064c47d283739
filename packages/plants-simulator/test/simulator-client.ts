import type { PlantsSimulator } from '../src/index.js'

export interface JsonReply {
  status: number
  body: unknown
  headers: Headers
}

/** Sends a request to the simulator and parses the body as JSON when it is JSON. */
export async function request(
  simulator: PlantsSimulator,
  path: string,
  init: {
    method?: string
    body?: unknown
    rawBody?: string
    headers?: Record<string, string>
  } = {},
): Promise<JsonReply> {
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body))
  const response = await fetch(simulator.url + path, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...init.headers },
    body,
  })
  const text = await response.text()
  const isJson = response.headers.get('content-type')?.startsWith('application/json') ?? false

  return {
    status: response.status,
    body: isJson ? JSON.parse(text) : text,
    headers: response.headers,
  }
}

export function postBeds(
  simulator: PlantsSimulator,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonReply> {
  return request(simulator, '/garden/v1/beds', { method: 'POST', body, headers })
}
