import type { LoadedAnimal } from '@fauna-etl/animals-pipeline'
import {
  type AnimalDetail,
  createAnimalsDataset,
  type ListedAnimal,
  splitFriends,
} from '@fauna-etl/animals-simulator'
import {
  type FaultResponse,
  type FaultServer,
  type RecordedRequest,
  startFaultServer,
} from '@fauna-etl/http/test'
import { afterEach, describe, expect, it } from 'vitest'
import { openState, runEtl, scopeFor, useTempDir } from './etl-harness.js'

// 5 pages of 10 animals, ids 0 to 49.
const DATASET = createAnimalsDataset({ seed: 31, pages: 5 })
const ALL_IDS = Array.from({ length: DATASET.totalAnimals }, (_, id) => id)

// A run ends in about a second, so a run that loops on the listing fails on this timeout.
const RUN_TIMEOUT_MS = 15_000

interface ListingBody {
  page: number
  total_pages: number
  items: unknown[]
}

interface AnimalsApiFaults {
  /** Replaces the body of a listing page, unless it returns undefined. */
  listing?: (page: number, body: ListingBody) => unknown
  /** Replaces the response of a detail, unless it returns undefined. */
  detail?: (id: number, detail: AnimalDetail) => FaultResponse | undefined
}

interface AnimalsApi {
  server: FaultServer
  /** Every animal that `POST /animals/v1/home` received, in arrival order. */
  homed: LoadedAnimal[]
}

const servers: FaultServer[] = []

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
})

/** Serves the animals API from `DATASET` on a free loopback port, with `faults` applied. */
async function startAnimalsApi(faults: AnimalsApiFaults = {}): Promise<AnimalsApi> {
  const homed: LoadedAnimal[] = []

  const server = await startFaultServer((request) => {
    const url = new URL(request.url, 'http://127.0.0.1')

    if (request.method === 'POST' && url.pathname === '/animals/v1/home') {
      const animals = JSON.parse(request.body) as LoadedAnimal[]
      homed.push(...animals)
      return { body: { message: `Helped ${animals.length} find home` } }
    }

    if (request.method === 'GET' && url.pathname === '/animals/v1/animals') {
      const page = Number(url.searchParams.get('page') ?? '1')
      const body = { page, total_pages: DATASET.totalPages, items: DATASET.listing(page) }
      return { body: faults.listing?.(page, body) ?? body }
    }

    const detailId = detailIdOf(request)
    if (detailId !== undefined) {
      const detail = DATASET.detail(detailId)
      // The original server raises on an id past the end and responds with a plain-text 500.
      if (detail === undefined) return { status: 500, body: 'Internal Server Error' }
      return faults.detail?.(detailId, detail) ?? { body: detail }
    }

    return { status: 404, body: { detail: 'Not Found' } }
  })
  servers.push(server)

  return { server, homed }
}

/** Returns the 1-based listing page of an id, with 10 ids per page. */
function pageOf(id: number): number {
  return Math.floor(id / 10) + 1
}

function detailIdOf(request: RecordedRequest): number | undefined {
  if (request.method !== 'GET') return undefined
  const match = /^\/animals\/v1\/animals\/(\d+)$/.exec(request.url)
  return match ? Number(match[1]) : undefined
}

/** Page numbers of the listing requests, in arrival order. */
function listingPagesRequested(server: FaultServer): number[] {
  return server.requests
    .filter((request) => request.method === 'GET' && request.url.startsWith('/animals/v1/animals?'))
    .map((request) => Number(new URL(request.url, 'http://127.0.0.1').searchParams.get('page')))
}

function detailOf(id: number): AnimalDetail {
  return DATASET.detail(id) as AnimalDetail
}

/** The record that `POST /animals/v1/home` must receive for a source animal. */
function expectedLoaded(id: number): LoadedAnimal {
  const detail = detailOf(id)
  return {
    id,
    name: detail.name,
    friends: splitFriends(detail.friends),
    born_at: detail.born_at === null ? null : new Date(detail.born_at).toISOString(),
  }
}

/** Flags of every run, with a retry budget small enough that a failing record ends in a second. */
function runArgs(url: string, stateDir: string): string[] {
  return [
    ...['--api-url', url, '--state-dir', stateDir, '--log-level', 'error'],
    ...['--max-attempts', '2', '--max-elapsed-ms', '1000'],
    // Without duplicate requests, the request counts below are exact.
    ...['--hedge', 'off'],
  ]
}

interface Malformation {
  name: string
  id: number
  /** What the server sends for the id: its detail response, or for a listing item the item. */
  respond: (detail: AnimalDetail) => FaultResponse
  /** The request whose response was malformed, as the dead letter's origin names it. */
  url: string
  /** The kind that the summary's "Not loaded" list shows. */
  kind: 'rejected' | 'failed'
  /** Expected dead-letter reason. */
  reason: RegExp
}

// Each malformed detail has its own id. Every other id is served as the dataset has it.
const MALFORMED_DETAILS: Malformation[] = [
  {
    name: 'id as a string',
    id: 3,
    url: '/animals/v1/animals/3',
    respond: (detail) => ({ body: { ...detail, id: String(detail.id) } }),
    kind: 'rejected',
    reason:
      /^Invalid detail of id 3 from GET \/animals\/v1\/animals\/3: id: expected number, received string/,
  },
  {
    name: 'name missing',
    id: 8,
    url: '/animals/v1/animals/8',
    respond: ({ name: _name, ...rest }) => ({ body: rest }),
    kind: 'rejected',
    reason: /^Invalid detail of id 8 .*: name: expected string, received undefined/,
  },
  {
    name: 'born_at as a string',
    id: 12,
    url: '/animals/v1/animals/12',
    respond: (detail) => ({ body: { ...detail, born_at: '2003-04-05T06:07:08.009Z' } }),
    kind: 'rejected',
    reason: /^Invalid detail of id 12 .*: born_at: expected number, received string/,
  },
  {
    name: 'friends as null',
    id: 17,
    url: '/animals/v1/animals/17',
    respond: (detail) => ({ body: { ...detail, friends: null } }),
    kind: 'rejected',
    reason: /^Invalid detail of id 17 .*: friends: expected string, received null/,
  },
  {
    name: 'array body',
    id: 21,
    url: '/animals/v1/animals/21',
    respond: (detail) => ({ body: [detail] }),
    kind: 'rejected',
    reason: /^Invalid detail of id 21 .*: \(root\): expected object, received array/,
  },
  {
    name: '404 Not Found',
    id: 39,
    url: '/animals/v1/animals/39',
    respond: () => ({ status: 404, body: { detail: 'Not Found' } }),
    kind: 'rejected',
    reason: /^GET \/animals\/v1\/animals\/39 returned 404 Not Found: no detail for id 39/,
  },
  // A 2xx body that is not JSON counts as a transient network failure, so these two are retried.
  // Once the retry budget runs out, they are reported as failed rather than as invalid data.
  {
    name: 'HTML with 200',
    id: 26,
    url: '/animals/v1/animals/26',
    respond: () => ({
      body: '<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>',
      headers: { 'content-type': 'text/html; charset=utf-8' },
    }),
    kind: 'failed',
    reason: /^Detail request for id 26 failed: .*2 attempts/,
  },
  {
    name: 'truncated body',
    id: 34,
    url: '/animals/v1/animals/34',
    respond: (detail) => ({ body: detail, truncate: true }),
    kind: 'failed',
    reason: /^Detail request for id 34 failed: .*2 attempts/,
  },
]

// The listing item at index 4 of page 5 has a number for `name`. The other items of that page
// are valid and must still load.
const INVALID_ITEM_ID = 44
const INVALID_ITEM: Malformation = {
  name: 'listing item with name as a number',
  id: INVALID_ITEM_ID,
  url: '/animals/v1/animals?page=5',
  respond: ({ friends: _friends, ...item }) => ({ body: { ...item, name: 44 } }),
  kind: 'rejected',
  reason:
    /^Invalid item 4 of page 5 from GET \/animals\/v1\/animals\?page=5: name: expected string, received number/,
}

// A valid detail with fields that the schemas do not know. The animal loads without them.
const EXTRA_FIELDS_ID = 5

function withExtraFields(detail: AnimalDetail): FaultResponse {
  return { body: { ...detail, colour: 'grey', tags: ['shy'], owner: { id: 1 } } }
}

function malformedApi(cases: Malformation[]): AnimalsApiFaults {
  const byId = new Map(cases.map((malformation) => [malformation.id, malformation]))
  return {
    listing: (page, body) => {
      if (!byId.has(INVALID_ITEM_ID) || page !== 5) return undefined
      const items = (body.items as ListedAnimal[]).map((item) =>
        item.id === INVALID_ITEM_ID ? INVALID_ITEM.respond(detailOf(item.id)).body : item,
      )
      return { ...body, items }
    },
    detail: (id, detail) => {
      if (id === EXTRA_FIELDS_ID) return withExtraFields(detail)
      if (id === INVALID_ITEM_ID) return undefined
      return byId.get(id)?.respond(detail)
    },
  }
}

describe('animals-etl malformed input', () => {
  const invalidOnly = [
    ...MALFORMED_DETAILS.filter((malformation) => malformation.kind === 'rejected'),
    INVALID_ITEM,
  ]
  const everything = [...MALFORMED_DETAILS, INVALID_ITEM]

  // The exit code is 3 when every record not loaded was rejected as invalid. It is 1 as soon as
  // one of them failed, because running again might still load it.
  it.each([
    { name: 'invalid records', cases: invalidOnly, exitCode: 3 },
    { name: 'unreadable records', cases: everything, exitCode: 1 },
  ])(
    'quarantines $name, exit $exitCode',
    async ({ cases, exitCode }) => {
      const api = await startAnimalsApi(malformedApi(cases))
      const stateDir = useTempDir()

      const run = await runEtl(runArgs(api.server.url, stateDir))

      const output = run.stdout + run.stderr
      expect(run.exitCode, output).toBe(exitCode)

      // Every malformed id, and only those, is in the dead-letter table with its reason and
      // origin, and an invalid record with the payload as received.
      const letters = openState(stateDir).listDeadLetters(scopeFor(api.server.url))
      const letterIds = letters.map((letter) => Number(letter.id)).sort((a, b) => a - b)
      const malformedIds = cases.map((malformation) => malformation.id).sort((a, b) => a - b)
      expect(letterIds).toEqual(malformedIds)
      for (const malformation of cases) {
        const { id, name } = malformation
        const letter = letters.find((item) => Number(item.id) === id)
        expect(letter?.reason, name).toMatch(malformation.reason)
        expect(letter?.origin, name).toEqual({ url: malformation.url, page: pageOf(id), id })
        // NOTE: a failed request's dead letter has no payload, because the HTML or cut-off body
        // is kept only in the reason, so only invalid records are checked here.
        if (malformation.kind === 'rejected') {
          expect(letter?.payload, name).toEqual(malformation.respond(detailOf(id)).body)
        }
      }

      // The summary lists each of them under "Not loaded", with its kind and the same reason.
      expect(run.stdout).toContain(`Not loaded (${cases.length}):`)
      const summaryLines = run.stdout.split('\n')
      for (const malformation of cases) {
        const line = summaryLines.find((text) => text.startsWith(`  id ${malformation.id} [`))
        const letter = letters.find((item) => Number(item.id) === malformation.id)
        expect(line, malformation.name).toBe(
          `  id ${malformation.id} [${malformation.kind}]: ${letter?.reason}`,
        )
      }

      // Every other animal arrived once and transformed, without the extra fields.
      const validIds = ALL_IDS.filter((id) => !malformedIds.includes(id))
      const homedIds = api.homed.map((animal) => animal.id).sort((a, b) => a - b)
      expect(homedIds).toEqual(validIds)
      const homedById = new Map(api.homed.map((animal) => [animal.id, animal]))
      for (const id of validIds) expect(homedById.get(id), `id ${id}`).toEqual(expectedLoaded(id))
      expect(homedById.has(EXTRA_FIELDS_ID)).toBe(true)

      // An invalid listing item is not fetched, and a record that kept failing used 2 attempts.
      const detailRequests = api.server.requests.map(detailIdOf)
      expect(detailRequests).not.toContain(INVALID_ITEM_ID)
      for (const malformation of cases.filter((item) => item.kind === 'failed')) {
        const attempts = detailRequests.filter((id) => id === malformation.id).length
        expect(attempts, malformation.name).toBe(2)
      }
    },
    RUN_TIMEOUT_MS,
  )

  it('dataset has every value shape', () => {
    // Without these, the value checks above would not test the conversions.
    const loaded = ALL_IDS.map(expectedLoaded)

    expect(loaded.some((animal) => animal.born_at === null)).toBe(true)
    expect(loaded.some((animal) => typeof animal.born_at === 'string')).toBe(true)
    expect(loaded.some((animal) => animal.friends.length === 0)).toBe(true)
    expect(loaded.some((animal) => animal.friends.length > 1)).toBe(true)
  })
})

describe('animals-etl listing anomalies', () => {
  const page2 = (): ListingBody => ({
    page: 2,
    total_pages: DATASET.totalPages,
    items: DATASET.listing(2),
  })
  const idsOfPages = (pages: number[]) =>
    pages.flatMap((page) => DATASET.listing(page).map((item) => item.id))

  it.each([
    {
      name: 'total_pages past the data',
      // Pages 6 and 7 are promised but empty.
      listing: (_page: number, body: ListingBody) => ({ ...body, total_pages: 7 }),
      anomalies: [/^ {2}empty-page: Page 6 .*is empty/m, /^ {2}empty-page: Page 7 .*is empty/m],
      // Page 8 is the read that confirms the end.
      pagesRequested: [1, 2, 3, 4, 5, 6, 7, 8],
      loadedIds: ALL_IDS,
    },
    {
      name: 'page repeated verbatim',
      // A server that ignores the page number for page 3, `page` field included.
      listing: (page: number) => (page === 3 ? page2() : undefined),
      anomalies: [/^ {2}repeated-page: Page 3 .*has page 2 instead of 3/m],
      pagesRequested: [1, 2, 3, 4, 5, 6],
      loadedIds: idsOfPages([1, 2, 4, 5]),
    },
    {
      name: 'page repeating the items',
      listing: (page: number) => (page === 3 ? { ...page2(), page: 3 } : undefined),
      anomalies: [/^ {2}repeated-page: Page 3 .*repeats the 10 ids of page 2/m],
      pagesRequested: [1, 2, 3, 4, 5, 6],
      loadedIds: idsOfPages([1, 2, 4, 5]),
    },
  ])(
    'reports $name',
    async ({ listing, anomalies, pagesRequested, loadedIds }) => {
      const api = await startAnimalsApi({ listing })
      const stateDir = useTempDir()

      const run = await runEtl(runArgs(api.server.url, stateDir))

      // Every listed animal is loaded, so the run is complete and the anomaly is only reported.
      expect(run.exitCode, run.stdout + run.stderr).toBe(0)
      expect(run.stdout).toContain(`Listing anomalies (${anomalies.length}):`)
      for (const anomaly of anomalies) expect(run.stdout).toMatch(anomaly)
      expect(run.summary?.anomalies).toHaveLength(anomalies.length)

      // Each page is read once, up to one page past the promised end, and no further.
      const pages = listingPagesRequested(api.server).sort((a, b) => a - b)
      expect(pages).toEqual(pagesRequested)

      const homedIds = api.homed.map((animal) => animal.id).sort((a, b) => a - b)
      expect(homedIds).toEqual(loadedIds)
    },
    RUN_TIMEOUT_MS,
  )
})
