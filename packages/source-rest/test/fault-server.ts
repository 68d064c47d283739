import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FaultResponse {
  status?: number
  /** Sent as JSON unless `text` is set. */
  json?: unknown
  text?: string
  contentType?: string
  /** Sends the first half of the body, then cuts the connection. */
  truncate?: boolean
  /** Waits this long before responding, in milliseconds. */
  delayMs?: number
}

export interface FaultServer {
  url: string
  /** Path and query of every request, in arrival order. */
  requests: string[]
  /** Highest number of requests of one group (see `groupOf`) that were open at the same time. */
  maxOpen(group: string): number
  close(): Promise<void>
}

/**
 * Starts a loopback server on a free port that responds to each request with `respond(path)`.
 * `groupOf` names the group that a request counts in for `maxOpen`.
 */
export async function startFaultServer(
  respond: (path: string) => FaultResponse,
  groupOf: (path: string) => string = () => 'all',
): Promise<FaultServer> {
  const requests: string[] = []
  const open = new Map<string, { now: number; max: number }>()

  const server = createServer(async (incoming, outgoing) => {
    const path = incoming.url ?? '/'
    requests.push(path)
    const group = groupOf(path)
    const counter = open.get(group) ?? { now: 0, max: 0 }
    open.set(group, counter)
    counter.now++
    counter.max = Math.max(counter.max, counter.now)

    const response = respond(path)
    if (response.delayMs !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, response.delayMs))
    }
    counter.now--
    if (outgoing.destroyed) return

    const isText = response.text !== undefined
    const body = isText ? (response.text as string) : JSON.stringify(response.json)
    outgoing.writeHead(response.status ?? 200, {
      'content-type': response.contentType ?? (isText ? 'text/plain' : 'application/json'),
      'content-length': Buffer.byteLength(body),
    })
    if (response.truncate) {
      outgoing.write(body.slice(0, Math.floor(body.length / 2)))
      outgoing.socket?.destroy()
      return
    }
    outgoing.end(body)
  })

  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxOpen: (group) => open.get(group)?.max ?? 0,
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}
