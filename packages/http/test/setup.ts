import { afterEach } from 'vitest'
import { createHttpClient, type HttpClientOptions } from '../src/index.js'
import {
  type FaultHandler,
  type FaultScript,
  type FaultServer,
  startFaultServer,
} from '../src/test/index.js'

const servers: FaultServer[] = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

/** Starts a fault server that is closed after the current test. */
export async function serve(handler: FaultHandler | FaultScript): Promise<FaultServer> {
  const server = await startFaultServer(handler)
  servers.push(server)
  return server
}

/**
 * Creates a client aimed at `server`, with millisecond backoff and hedging off unless `options`
 * sets them.
 */
export function clientFor(server: FaultServer, options: HttpClientOptions = {}) {
  return createHttpClient({
    baseURL: server.url,
    hedge: false,
    ...options,
    retry: { minDelayMs: 1, maxDelayMs: 5, ...options.retry },
  })
}

export const SORRY = 'Sorry!'
