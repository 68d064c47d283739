import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createChaos } from './chaos.js'
import { DeliveryLedger, type DeliverySummary } from './delivery-ledger.js'
import { createIdempotencyStore } from './idempotency-store.js'
import { listPlants } from './list-plants-route.js'
import { createOpenApiDocument } from './openapi-document.js'
import { plantBeds } from './plant-beds-route.js'
import { createRandom, deriveSeed } from './random.js'
import { type PlantsSimulatorOptions, resolveSimulatorOptions } from './simulator-options.js'
import { jsonResponse, type SimulatorResponse, textResponse } from './simulator-response.js'

export interface PlantsSimulatorReport extends DeliverySummary {
  /**
   * Requests received per route, such as `"GET /plants/v2/plants"`, disturbed ones included.
   * Requests to unknown routes count under `"other"`.
   */
  requests: Record<string, number>
  chaos: {
    /** Requests that got a 5xx status at once, without running the handler. */
    failures: number
    failuresByStatus: Record<string, number>
    /** Requests paused before the handler ran. */
    pauses: number
  }
  /** POST responses replayed from the `Idempotency-Key` store instead of applied again. */
  idempotentReplays: number
}

export interface PlantsSimulator {
  /** Base URL without a trailing slash, for example `http://127.0.0.1:41234`. */
  url: string
  totalPlants: number
  /** Seed of the dataset, for computing expected values with `generatePlant`. */
  seed: number
  report(): PlantsSimulatorReport
  /** Stops listening, drops open connections and cancels paused requests. */
  close(): Promise<void>
}

const ROUTES = {
  health: 'GET /',
  listPlants: 'GET /plants/v2/plants',
  plantBeds: 'POST /garden/v1/beds',
  openApi: 'GET /openapi.json',
  report: 'GET /_simulator/report',
} as const

// The control routes stay undisturbed so that health checks and reports are reliable.
const UNDISTURBED_ROUTES = new Set<string>([ROUTES.health, ROUTES.report])
const ROUTE_KEYS = new Set<string>(Object.values(ROUTES))
const PATH_METHODS = new Map<string, string>(
  Object.values(ROUTES).map((key) => {
    const [method, path] = key.split(' ') as [string, string]
    return [path, method]
  }),
)

// Far above any valid batch (a plant takes roughly 100 bytes of JSON), but a bound on memory.
const MAX_BODY_BYTES = 8 * 1024 * 1024
const CHAOS_STREAM = 0xc4a05

/**
 * Starts the plants simulator, by default on 127.0.0.1 and a free port. It serves a
 * cursor-paginated source of plants, a garden beds target that checks what it receives, random
 * failures and pauses, and a delivery report. Throws a `TypeError` for an invalid option.
 */
export async function startPlantsSimulator(
  options: PlantsSimulatorOptions = {},
): Promise<PlantsSimulator> {
  const settings = resolveSimulatorOptions(options)
  const ledger = new DeliveryLedger(settings.plants)
  const idempotency = createIdempotencyStore()
  const nextChaos = createChaos({
    rate: settings.chaosRate,
    pauseScale: settings.pauseScale,
    random: createRandom(deriveSeed(settings.seed, CHAOS_STREAM)),
  })
  const openApiDocument = createOpenApiDocument({ maxBatchSize: settings.maxBatchSize })

  const requests: Record<string, number> = {}
  const chaosCounts = { failures: 0, failuresByStatus: {} as Record<string, number>, pauses: 0 }
  const pausedTimers = new Set<NodeJS.Timeout>()

  const report = (): PlantsSimulatorReport => ({
    ...ledger.summarize(),
    requests: { ...requests },
    chaos: { ...chaosCounts, failuresByStatus: { ...chaosCounts.failuresByStatus } },
    idempotentReplays: idempotency.replays,
  })

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        pausedTimers.delete(timer)
        resolve()
      }, ms)
      pausedTimers.add(timer)
    })

  const route = (
    routeKey: string,
    url: URL,
    rawBody: string,
    idempotencyKey: string | undefined,
  ) => {
    switch (routeKey) {
      case ROUTES.health:
        return jsonResponse(200, 'Hello!')
      case ROUTES.report:
        return jsonResponse(200, report())
      case ROUTES.openApi:
        return jsonResponse(200, openApiDocument)
      case ROUTES.listPlants:
        return listPlants(url.searchParams, { seed: settings.seed, total: settings.plants })
      case ROUTES.plantBeds: {
        const handle = () =>
          plantBeds(rawBody, {
            seed: settings.seed,
            total: settings.plants,
            maxBatchSize: settings.maxBatchSize,
            verify: settings.verify,
            ledger,
          })
        return settings.idempotency && idempotencyKey !== undefined
          ? idempotency.run(idempotencyKey, rawBody, handle)
          : handle()
      }
      default:
        return unknownRoute(routeKey, url)
    }
  }

  const handleRequest = async (request: IncomingMessage, response: ServerResponse) => {
    const method = request.method ?? 'GET'
    const url = new URL(request.url ?? '/', 'http://simulator.invalid')
    const routeKey = `${method} ${url.pathname}`
    const known = ROUTE_KEYS.has(routeKey)
    requests[known ? routeKey : 'other'] = (requests[known ? routeKey : 'other'] ?? 0) + 1

    const decision = UNDISTURBED_ROUTES.has(routeKey) ? { kind: 'none' as const } : nextChaos()
    if (decision.kind === 'fail') {
      chaosCounts.failures += 1
      chaosCounts.failuresByStatus[decision.status] =
        (chaosCounts.failuresByStatus[decision.status] ?? 0) + 1
      request.resume()
      send(response, textResponse(decision.status, 'Sorry!'))
      return
    }

    // The body is read before the pause, so a client that gives up during the pause does not
    // cancel the request: its batch is still planted afterwards.
    const body = await readBody(request)
    if (body.kind === 'aborted') return
    if (body.kind === 'too-large') {
      send(
        response,
        jsonResponse(413, { error: `body too large, at most ${MAX_BODY_BYTES} bytes` }),
      )
      return
    }

    if (decision.kind === 'pause') {
      chaosCounts.pauses += 1
      await pause(decision.ms)
    }

    const header = request.headers['idempotency-key']
    const idempotencyKey = Array.isArray(header) ? header[0] : header
    send(response, route(routeKey, url, body.text, idempotencyKey))
  }

  const server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      send(response, jsonResponse(500, { error: `simulator failure: ${String(error)}` }))
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject)
      resolve()
    })
  })

  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address

  return {
    url: `http://${host}:${address.port}`,
    totalPlants: settings.plants,
    seed: settings.seed,
    report,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of pausedTimers) clearTimeout(timer)
        pausedTimers.clear()
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

function unknownRoute(routeKey: string, url: URL): SimulatorResponse {
  const allowed = PATH_METHODS.get(url.pathname)
  if (allowed !== undefined) {
    return {
      ...jsonResponse(405, { error: `${routeKey} is not allowed; use ${allowed} ${url.pathname}` }),
      headers: { allow: allowed },
    }
  }

  return jsonResponse(404, {
    error: `no route for ${routeKey}; the routes are ${[...ROUTE_KEYS].join(', ')}`,
  })
}

type BodyResult = { kind: 'read'; text: string } | { kind: 'too-large' } | { kind: 'aborted' }

/** Reads the whole body as UTF-8, discarding it once it exceeds the size limit. */
function readBody(request: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0

    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    request.on('end', () => {
      resolve(
        size > MAX_BODY_BYTES
          ? { kind: 'too-large' }
          : { kind: 'read', text: Buffer.concat(chunks).toString('utf8') },
      )
    })
    request.on('error', () => resolve({ kind: 'aborted' }))
    request.on('close', () => {
      if (!request.complete) resolve({ kind: 'aborted' })
    })
  })
}

function send(response: ServerResponse, result: SimulatorResponse): void {
  if (response.headersSent || response.destroyed) return

  const payload = result.text ? String(result.body) : JSON.stringify(result.body)
  response.writeHead(result.status, {
    'content-type': result.text ? 'text/plain; charset=utf-8' : 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...result.headers,
  })
  response.end(payload)
}
