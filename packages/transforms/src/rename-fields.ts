/**
 * Returns a shallow copy of `record` with fields renamed from the keys of `renames` to their
 * values. Fields not named in `renames` are copied unchanged, and a name absent from the record
 * is skipped.
 *
 * @throws TypeError when a new name is already taken by a field that stays, because keeping
 *   either value would silently drop the other.
 */
export function renameFields(
  record: Record<string, unknown>,
  renames: Record<string, string>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {}

  for (const [key, value] of Object.entries(record)) {
    if (!Object.hasOwn(renames, key)) result[key] = value
  }

  for (const [from, to] of Object.entries(renames)) {
    if (!Object.hasOwn(record, from)) continue
    if (Object.hasOwn(result, to)) {
      throw new TypeError(
        `renameFields cannot rename "${from}" to "${to}": the record already has a field "${to}"`,
      )
    }
    result[to] = record[from]
  }

  return result
}
