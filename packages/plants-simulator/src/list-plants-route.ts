import { decodeCursor, encodeCursor } from './cursor.js'
import { generatePlant } from './plant-dataset.js'
import { jsonResponse, type SimulatorResponse } from './simulator-response.js'

export interface ListPlantsContext {
  seed: number
  total: number
}

export const DEFAULT_PAGE_LIMIT = 25
export const MAX_PAGE_LIMIT = 100

const LIMIT_PATTERN = /^\d+$/

/**
 * Handles `GET /plants/v2/plants?limit=N&cursor=TOKEN`: up to `limit` plants from the cursor's
 * offset, and the cursor of the next page, or `null` on the last page.
 */
export function listPlants(query: URLSearchParams, context: ListPlantsContext): SimulatorResponse {
  const limitParam = query.get('limit')
  let limit = DEFAULT_PAGE_LIMIT
  if (limitParam !== null) {
    limit = LIMIT_PATTERN.test(limitParam) ? Number(limitParam) : Number.NaN
    if (!(limit >= 1 && limit <= MAX_PAGE_LIMIT)) {
      return jsonResponse(422, {
        error: `invalid limit ${JSON.stringify(limitParam)}: expected an integer from 1 to ${MAX_PAGE_LIMIT}`,
        field: 'limit',
      })
    }
  }

  const cursorParam = query.get('cursor')
  let offset = 0
  if (cursorParam !== null) {
    const decoded = decodeCursor(cursorParam, context.total)
    if (decoded === undefined) {
      return jsonResponse(400, {
        error: `invalid cursor ${JSON.stringify(cursorParam)}: pass the "next" value of the previous page unchanged, or omit cursor for the first page`,
        field: 'cursor',
      })
    }
    offset = decoded
  }

  const end = Math.min(offset + limit, context.total)
  const data = []
  for (let index = offset; index < end; index++) {
    data.push(generatePlant(index, { seed: context.seed }))
  }

  return jsonResponse(200, { data, next: end < context.total ? encodeCursor(end) : null })
}
