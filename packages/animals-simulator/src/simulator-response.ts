/** A response a route produces, before it is written to the socket. */
export interface SimulatorResponse {
  status: number
  /** `undefined` sends no `content-type` header, like the original's chaos errors. */
  contentType: string | undefined
  body: string
  headers?: Record<string, string>
}

const JSON_TYPE = 'application/json'

export function jsonResponse(status: number, value: unknown): SimulatorResponse {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(value) }
}

/** The response of an unhandled exception in the original server (Starlette's default). */
export const INTERNAL_SERVER_ERROR: SimulatorResponse = {
  status: 500,
  contentType: 'text/plain; charset=utf-8',
  body: 'Internal Server Error',
}
