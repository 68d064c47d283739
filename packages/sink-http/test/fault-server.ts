import { once } from 'node:events'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

export interface FaultResponse {
  status: number
  /** Sent as JSON unless `text` is set. */
  json?: unknown
  text?: string
  contentType?: string
}

export interface FaultServer {
  url: string
  requests: RecordedRequest[]
  close(): Promise<void>
}

/** Starts a loopback server on a free port that records each request and responds with `respond`. */
export async function startFaultServer(
  respond: (request: RecordedRequest) => FaultResponse,
): Promise<FaultServer> {
  const requests: RecordedRequest[] = []
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = []
    for await (const chunk of incoming) chunks.push(chunk as Buffer)
    const request: RecordedRequest = {
      method: incoming.method ?? 'GET',
      url: incoming.url ?? '/',
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    }
    requests.push(request)

    const response = respond(request)
    const isText = response.text !== undefined
    outgoing.writeHead(response.status, {
      'content-type': response.contentType ?? (isText ? 'text/plain' : 'application/json'),
    })
    outgoing.end(isText ? response.text : JSON.stringify(response.json))
  })

  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}
