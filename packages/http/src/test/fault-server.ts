import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the fault server does with one request. */
export interface FaultResponse {
  /** Response status. @default 200 */
  status?: number
  /**
   * Response body. A string is sent as is, with no content type unless `headers` sets one; any
   * other value is sent as JSON with `content-type: application/json`. @default no body
   */
  body?: unknown
  headers?: Record<string, string>
  /** Wait before responding (or resetting), in ms. @default 0 */
  delayMs?: number
  /** Resets the connection instead of responding. @default false */
  reset?: boolean
  /**
   * Sends the status and a `content-length` for the whole body, then only its first bytes, then
   * closes the connection. `true` sends half of the body and a number sends that many bytes.
   * @default false
   */
  truncate?: boolean | number
}

/** A request as the fault server received it. */
export interface RecordedRequest {
  method: string
  /** Path and query, as sent. */
  url: string
  headers: IncomingHttpHeaders
  /** Body as text; empty for a request without one. */
  body: string
}

export interface FaultContext {
  /** 1-based number of this request among the requests to the same path (query ignored). */
  count: number
}

export type FaultHandler = (
  request: RecordedRequest,
  context: FaultContext,
) => FaultResponse | Promise<FaultResponse>

/**
 * Responses per request target, served in order; once a list is used up, its last entry repeats.
 * A key is `"METHOD /path?query"`, `"/path?query"`, `"METHOD /path"`, `"/path"` or `"*"`, tried in
 * that order. A request that matches no key gets 404.
 */
export type FaultScript = Record<string, FaultResponse | FaultResponse[]>

export interface FaultServer {
  /** Base URL, as `http://127.0.0.1:PORT`. */
  url: string
  /** Every request received, in arrival order. */
  requests: RecordedRequest[]
  /** Requests received whose response has not finished and whose connection is open. */
  readonly inFlight: number
  /** Highest `inFlight` seen since the start. */
  readonly maxInFlight: number
  /** Stops the server, dropping open connections and pending delays. */
  close(): Promise<void>
}

/**
 * Starts a `node:http` server on 127.0.0.1 with a free port that responds through `handler`, or
 * through a script of responses per path.
 */
export async function startFaultServer(handler: FaultHandler | FaultScript): Promise<FaultServer> {
  const respond = typeof handler === 'function' ? handler : scriptResponses(handler)
  const requests: RecordedRequest[] = []
  const countsByPath = new Map<string, number>()
  const timers = new Set<ReturnType<typeof setTimeout>>()
  let inFlight = 0
  let maxInFlight = 0

  const server = createServer((req, res) => {
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    res.on('close', () => {
      inFlight--
    })

    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(request)
      const path = pathOf(request.url)
      const count = (countsByPath.get(path) ?? 0) + 1
      countsByPath.set(path, count)

      let fault: FaultResponse
      try {
        fault = await respond(request, { count })
      } catch (error) {
        fault = { status: 500, body: `fault handler failed: ${String(error)}` }
      }

      if (!fault.delayMs) {
        writeFault(res, fault)
        return
      }

      const timer = setTimeout(() => {
        timers.delete(timer)
        writeFault(res, fault)
      }, fault.delayMs)
      timers.add(timer)
      // A client that gives up during the delay closes the connection, so the response is dropped.
      res.on('close', () => {
        clearTimeout(timer)
        timers.delete(timer)
      })
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get inFlight() {
      return inFlight
    },
    get maxInFlight() {
      return maxInFlight
    },
    close() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

/** Turns a script of responses per path into a handler. */
export function scriptResponses(script: FaultScript): FaultHandler {
  const served = new Map<string, number>()

  return (request) => {
    const path = pathOf(request.url)
    const keys = [
      `${request.method} ${request.url}`,
      request.url,
      `${request.method} ${path}`,
      path,
      '*',
    ]
    const key = keys.find((candidate) => Object.hasOwn(script, candidate))
    if (key === undefined) return { status: 404, body: { detail: 'Not Found' } }

    const entry = script[key] as FaultResponse | FaultResponse[]
    const list = Array.isArray(entry) ? entry : [entry]
    const index = served.get(key) ?? 0
    served.set(key, index + 1)
    return list[Math.min(index, list.length - 1)] ?? { status: 404 }
  }
}

function writeFault(res: ServerResponse, fault: FaultResponse): void {
  if (res.destroyed) return

  if (fault.reset) {
    // An RST rather than a FIN, so the client sees ECONNRESET as from a crashed peer.
    res.socket?.resetAndDestroy()
    return
  }

  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(fault.headers ?? {})) {
    headers[name.toLowerCase()] = value
  }
  let payload = Buffer.alloc(0)
  if (typeof fault.body === 'string') {
    payload = Buffer.from(fault.body)
  } else if (fault.body !== undefined) {
    payload = Buffer.from(JSON.stringify(fault.body))
    headers['content-type'] ??= 'application/json'
  }
  headers['content-length'] = String(payload.length)
  res.writeHead(fault.status ?? 200, headers)

  if (!fault.truncate) {
    res.end(payload)
    return
  }

  const sent = fault.truncate === true ? Math.floor(payload.length / 2) : fault.truncate
  res.write(payload.subarray(0, Math.min(sent, payload.length - 1)), () => res.destroy())
}

function pathOf(url: string): string {
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}
