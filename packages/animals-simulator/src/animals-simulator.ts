import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { getAnimal, listAnimals } from './animal-routes.js'
import { type AnimalsDataset, CHAOS_STREAM, createAnimalsDataset } from './animals-dataset.js'
import { type ChaosDecision, createChaos } from './chaos.js'
import { createHomeRoute } from './home-route.js'
import { createIdempotencyStore } from './idempotency-store.js'
import { matchRoute, type RouteMatch } from './match-route.js'
import { buildDocsPage, buildOpenApiDocument } from './openapi-document.js'
import { createSeededRandom } from './seeded-random.js'
import {
  type AnimalsSimulatorOptions,
  type ResolvedSimulatorOptions,
  resolveSimulatorOptions,
} from './simulator-options.js'
import {
  INTERNAL_SERVER_ERROR,
  jsonResponse,
  type SimulatorResponse,
} from './simulator-response.js'
import { createSleeper } from './sleeper.js'
import { createVerificationLedger } from './verification-ledger.js'
import { createRequestStats, type VerificationReport } from './verification-report.js'

export interface AnimalsSimulator {
  /** Base URL without a trailing slash, such as `http://127.0.0.1:41234`. */
  readonly url: string
  readonly host: string
  readonly port: number
  /** The seed in use, random unless the `seed` option set it. */
  readonly seed: number
  readonly totalPages: number
  readonly totalAnimals: number
  /** The source data, to compute the values a correct load must deliver. */
  readonly dataset: AnimalsDataset
  /** Returns a snapshot of delivered ids, wrong values, request counts and chaos events. */
  report(): VerificationReport
  /** Stops listening, cancels pending pauses and destroys open connections. */
  close(): Promise<void>
}

// Far above a batch of 100 animals (about 20 KB); a bigger body is a client bug, not a load.
const MAX_BODY_BYTES = 16 * 1024 * 1024

type BodyResult = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' }

/**
 * Starts a simulator of the animals API on a real HTTP server. It responds like the original
 * server by default, chaos included, and adds a seed, a page count, chaos and latency controls,
 * idempotency keys and strict verification of loaded animals.
 */
export async function startAnimalsSimulator(
  options?: AnimalsSimulatorOptions,
): Promise<AnimalsSimulator> {
  const settings = resolveSimulatorOptions(options)
  const dataset = createAnimalsDataset({
    seed: settings.seed,
    pages: settings.pages,
    now: settings.now,
  })
  const ledger = createVerificationLedger(dataset, { failOnConflict: settings.verify })
  const stats = createRequestStats()
  const sleeper = createSleeper()
  const decideChaos = createChaos({
    rate: settings.chaosRate,
    errorShare: settings.chaosErrorShare,
    pauseScale: settings.pauseScale,
    random: createSeededRandom(settings.seed, CHAOS_STREAM),
  })
  const emit = settings.onEvent ?? (() => {})
  const handleHome = createHomeRoute({
    ledger,
    stats,
    idempotencyStore: settings.idempotency ? createIdempotencyStore() : undefined,
    maxBatchSize: settings.maxBatchSize,
    rejectIds: new Set(settings.rejectIds),
    emit,
  })
  const openApiBody = JSON.stringify(buildOpenApiDocument(settings))
  const docsPage = buildDocsPage(settings)
  let closed = false

  const report = (): VerificationReport => ({
    seed: dataset.seed,
    totalPages: dataset.totalPages,
    verify: settings.verify,
    ...ledger.report(),
    ...structuredClone(stats),
  })

  const runRoute = async (
    match: Extract<RouteMatch, { kind: 'route' }>,
    url: URL,
    request: IncomingMessage,
    body: string,
  ): Promise<SimulatorResponse> => {
    switch (match.name) {
      case 'GET /':
        return jsonResponse(200, 'Hello!')
      case 'GET /animals/v1/animals':
        return listAnimals(dataset, url.searchParams.getAll('page'))
      case 'GET /animals/v1/animals/{animal_id}':
        if (!(await sleeper.sleep(settings.detailLatencyMs))) return INTERNAL_SERVER_ERROR
        return getAnimal(dataset, match.params[0]!)
      case 'POST /animals/v1/home':
        return handleHome(body, headerValue(request, 'idempotency-key'))
      case 'GET /openapi.json':
        return { status: 200, contentType: 'application/json', body: openApiBody }
      case 'GET /docs':
        return { status: 200, contentType: 'text/html; charset=utf-8', body: docsPage }
      case 'GET /_simulator/report':
        return jsonResponse(200, report())
    }
  }

  const handleRequest = async (request: IncomingMessage, response: ServerResponse) => {
    // A client that hangs up only makes writes fail; the request still runs to its end.
    response.on('error', () => {})

    const url = new URL(request.url ?? '/', 'http://simulator.invalid')
    const path = decodePath(url.pathname)
    const method = request.method ?? 'GET'
    const match = matchRoute(method, path)
    const routeName = match.kind === 'route' ? match.name : 'other'
    stats.requests[routeName] = (stats.requests[routeName] ?? 0) + 1

    // The original never disturbs `/`; the report is a control endpoint, so it is spared too.
    const exempt = path === '/' || path.startsWith('/_simulator/')
    const chaos: ChaosDecision = exempt ? { kind: 'none' } : decideChaos()

    if (chaos.kind === 'error') {
      stats.chaos.errors++
      emit({ type: 'chaos-error', method, path, status: chaos.status })
      request.resume()
      send(response, { status: chaos.status, contentType: undefined, body: 'Sorry!' })
      return
    }

    // The body is read during the pause, so a client that gives up after sending it still has
    // its request processed, as in the original.
    const bodyResult = readBody(request)
    if (chaos.kind === 'pause') {
      stats.chaos.pauses++
      emit({ type: 'chaos-pause', method, path, ms: chaos.ms })
      if (!(await sleeper.sleep(chaos.ms))) return
    }

    const body = await bodyResult
    if (body.kind === 'aborted' || closed) return
    if (body.kind === 'too-large') {
      send(
        response,
        jsonResponse(413, { detail: `Request body larger than ${MAX_BODY_BYTES} bytes` }),
      )
      return
    }

    const reply = await buildResponse(match, url, request, body.text)
    if (!closed) send(response, reply)
  }

  const buildResponse = async (
    match: RouteMatch,
    url: URL,
    request: IncomingMessage,
    body: string,
  ): Promise<SimulatorResponse> => {
    switch (match.kind) {
      case 'route':
        return runRoute(match, url, request, body)
      case 'method-not-allowed':
        return {
          ...jsonResponse(405, { detail: 'Method Not Allowed' }),
          headers: { allow: match.allow.join(', ') },
        }
      case 'redirect':
        return {
          status: 307,
          contentType: undefined,
          body: '',
          headers: { location: `${url.pathname.slice(0, -1)}${url.search}` },
        }
      case 'not-found':
        return jsonResponse(404, { detail: 'Not Found' })
    }
  }

  const server = createServer((request, response) => {
    handleRequest(request, response).catch(() => send(response, INTERNAL_SERVER_ERROR))
  })
  const port = await listen(server, settings)
  const urlHost = settings.host.includes(':') ? `[${settings.host}]` : settings.host

  return {
    url: `http://${urlHost}:${port}`,
    host: settings.host,
    port,
    seed: dataset.seed,
    totalPages: dataset.totalPages,
    totalAnimals: dataset.totalAnimals,
    dataset,
    report,
    async close() {
      if (closed) return
      closed = true
      sleeper.cancelAll()

      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await stopped
    },
  }
}

function listen(server: Server, settings: ResolvedSimulatorOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      reject(
        new Error(
          `Failed to listen on ${settings.host}:${settings.port}: ${error.message}. Pick another port, or 0 for a free one.`,
          { cause: error },
        ),
      )
    })
    server.listen(settings.port, settings.host, () => {
      const address = server.address()
      resolve(typeof address === 'object' && address !== null ? address.port : settings.port)
    })
  })
}

async function readBody(request: IncomingMessage): Promise<BodyResult> {
  const chunks: Buffer[] = []
  let size = 0

  try {
    // Reading goes on past the limit, so the 413 can still be sent on the same connection.
    for await (const chunk of request) {
      size += (chunk as Buffer).length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer)
    }
  } catch {
    return { kind: 'aborted' }
  }

  if (size > MAX_BODY_BYTES) return { kind: 'too-large' }
  return { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }
}

function send(response: ServerResponse, reply: SimulatorResponse): void {
  if (response.headersSent || response.destroyed) return

  const headers: Record<string, string | number> = {
    'content-length': Buffer.byteLength(reply.body),
    ...reply.headers,
  }
  if (reply.contentType !== undefined) headers['content-type'] = reply.contentType

  response.writeHead(reply.status, headers)
  response.end(reply.body)
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname)
  } catch {
    return pathname
  }
}
