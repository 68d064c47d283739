/** A response computed by a route handler, before it is written to the socket. */
export interface SimulatorResponse {
  status: number
  /** JSON value to serialize, or the exact text of a `text/plain` body when `text` is set. */
  body: unknown
  text?: boolean
  headers?: Record<string, string>
}

export function jsonResponse(status: number, body: unknown): SimulatorResponse {
  return { status, body }
}

export function textResponse(status: number, body: string): SimulatorResponse {
  return { status, body, text: true }
}
