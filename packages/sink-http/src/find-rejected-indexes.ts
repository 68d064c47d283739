/**
 * Extracts the array indexes that a 422 body names, sorted and without repeats.
 *
 * Two shapes are read:
 * - FastAPI's `detail`, which reports each invalid field of a JSON array body with
 *   `loc: ["body", index, ...]`, so `[{ loc: ["body", 3, "born_at"] }]` gives `[3]`. Entries about
 *   the body as a whole (`loc: ["body"]`) name no index.
 * - An `errors` list of `{ index, field, message }`, so `{ errors: [{ index: 3 }] }` gives `[3]`.
 *   Entries with `index: null` are about the body as a whole and name no index.
 *
 * Accepts the `detail` array, a whole response body (`{ detail: [...] }` or `{ errors: [...] }`)
 * or anything else, which gives `[]`.
 */
export function findRejectedIndexes(detail: unknown): number[] {
  const entries = Array.isArray(detail) ? detail : readEntryList(detail)
  const indexes = new Set<number>()

  for (const entry of entries) {
    const index = readIndex(entry)
    if (index !== undefined) indexes.add(index)
  }

  return [...indexes].sort((a, b) => a - b)
}

function readIndex(entry: unknown): number | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined

  const { loc, index } = entry as { loc?: unknown; index?: unknown }
  if (Array.isArray(loc)) return loc[0] === 'body' ? asArrayIndex(loc[1]) : undefined
  return asArrayIndex(index)
}

function asArrayIndex(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined
}

function readEntryList(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null) return []

  const { detail, errors } = body as { detail?: unknown; errors?: unknown }
  if (Array.isArray(detail)) return detail
  return Array.isArray(errors) ? errors : []
}
