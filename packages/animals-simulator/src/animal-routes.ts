import { type AnimalsDataset, PAGE_SIZE } from './animals-dataset.js'
import { parsePythonInt, pythonIndex, pythonSliceBounds } from './python-int.js'
import {
  INTERNAL_SERVER_ERROR,
  jsonResponse,
  type SimulatorResponse,
} from './simulator-response.js'

const NOT_INTEGER = { msg: 'value is not a valid integer', type: 'type_error.integer' }

/**
 * Handles `GET /animals/v1/animals?page=N` like the original, which returns
 * `animals[10 * (page - 1) : 10 * page]` of a Python list: `page=0` gives `[]`, a negative page
 * counts from the end, and a page past the end gives `[]` with the same `total_pages`.
 */
export function listAnimals(dataset: AnimalsDataset, pageValues: string[]): SimulatorResponse {
  // Starlette reads the last value of a repeated query parameter.
  const pageText = pageValues.at(-1)
  const page = pageText === undefined ? 1n : parsePythonInt(pageText)
  if (page === undefined) {
    return jsonResponse(422, { detail: [{ loc: ['query', 'page'], ...NOT_INTEGER }] })
  }

  const start = BigInt(PAGE_SIZE) * (page - 1n)
  const [from, to] = pythonSliceBounds(start, start + BigInt(PAGE_SIZE), dataset.totalAnimals)
  const items = []
  for (let id = from; id < to; id++) {
    const { friends: _friends, ...listed } = dataset.detail(id)!
    items.push(listed)
  }

  // The page is echoed as a JSON number of any size, which JSON.stringify cannot do for a bigint.
  const body = `{"page":${page.toString()},"total_pages":${dataset.totalPages},"items":${JSON.stringify(items)}}`
  return { status: 200, contentType: 'application/json', body }
}

/**
 * Handles `GET /animals/v1/animals/{animal_id}` like the original's `animals[animal_id]`: a
 * negative id counts from the end, and an id past either end raises `IndexError`, which the
 * original turns into a plain-text 500.
 */
export function getAnimal(dataset: AnimalsDataset, idText: string): SimulatorResponse {
  const id = parsePythonInt(idText)
  if (id === undefined) {
    return jsonResponse(422, { detail: [{ loc: ['path', 'animal_id'], ...NOT_INTEGER }] })
  }

  const index = pythonIndex(id, dataset.totalAnimals)
  if (index === undefined) return INTERNAL_SERVER_ERROR

  return jsonResponse(200, dataset.detail(index))
}
