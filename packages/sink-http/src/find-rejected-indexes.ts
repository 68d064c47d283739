/**
 * Extracts the array indexes that a FastAPI 422 `detail` names, sorted and without repeats.
 *
 * FastAPI reports each invalid field of a JSON array body with `loc: ["body", index, ...]`, so
 * `[{ loc: ["body", 3, "born_at"] }]` gives `[3]`. Entries about the body as a whole
 * (`loc: ["body"]`) name no index. Accepts the `detail` array, the whole response body
 * (`{ detail: [...] }`) or anything else, which gives `[]`.
 */
export function findRejectedIndexes(detail: unknown): number[] {
  const entries = Array.isArray(detail) ? detail : readDetailField(detail)
  const indexes = new Set<number>()

  for (const entry of entries) {
    const loc = (entry as { loc?: unknown } | null)?.loc
    if (!Array.isArray(loc) || loc[0] !== 'body') continue

    const index = loc[1]
    if (typeof index === 'number' && Number.isInteger(index) && index >= 0) indexes.add(index)
  }

  return [...indexes].sort((a, b) => a - b)
}

function readDetailField(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null) return []

  const detail = (body as { detail?: unknown }).detail
  return Array.isArray(detail) ? detail : []
}
