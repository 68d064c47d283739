import { type ParsedDatetime, parseDatetime } from './parse-datetime.js'

/** One entry of FastAPI's 422 body: `{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`. */
export interface ValidationIssue {
  loc: (string | number)[]
  msg: string
  type: string
}

/** A posted animal after validation, with the values it was sent with. */
export interface IncomingAnimal {
  /** Position in the posted array. */
  index: number
  /** `id` after integer coercion. */
  id: number
  bornAt: ParsedDatetime | null
  /** The object as posted, for the exact comparisons of strict verification. */
  raw: Record<string, unknown>
}

export type HomeBatchValidation =
  | { ok: true; animals: IncomingAnimal[] }
  | { ok: false; issues: ValidationIssue[] }

// Messages and coercions follow pydantic 1, which matches the original server's leniency:
// `"5"` and `5.0` pass as ids, numbers pass as names, `born_at` may be omitted.
const MISSING = { msg: 'field required', type: 'value_error.missing' }
const NOT_NULL = { msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' }
const NOT_INTEGER = { msg: 'value is not a valid integer', type: 'type_error.integer' }
const NOT_STRING = { msg: 'str type expected', type: 'type_error.str' }
const NOT_LIST = { msg: 'value is not a valid list', type: 'type_error.list' }
const NOT_OBJECT = { msg: 'value is not a valid dict', type: 'type_error.dict' }

const INTEGER_TEXT = /^\s*[+-]?\d+(?:_\d+)*\s*$/

/**
 * Validates the body of `POST /animals/v1/home` as a JSON array of
 * `{id: int, name: str, friends: [str], born_at: datetime | null}`, collecting every issue like
 * FastAPI does. Ids in `rejectIds` also produce an issue, so a test can make a sink see a 422.
 */
export function validateHomeBatch(
  body: unknown,
  rejectIds: ReadonlySet<number>,
): HomeBatchValidation {
  if (!Array.isArray(body)) return { ok: false, issues: [{ loc: ['body'], ...NOT_LIST }] }

  const animals: IncomingAnimal[] = []
  const issues: ValidationIssue[] = []

  body.forEach((item: unknown, index) => {
    const validated = validateAnimal(item, index, issues)
    if (!validated) return

    if (rejectIds.has(validated.id)) {
      issues.push({
        loc: ['body', index, 'id'],
        msg: `animal ${validated.id} is rejected by the simulator's rejectIds option`,
        type: 'value_error.rejected',
      })
    }
    animals.push(validated)
  })

  return issues.length > 0 ? { ok: false, issues } : { ok: true, animals }
}

function validateAnimal(
  item: unknown,
  index: number,
  issues: ValidationIssue[],
): IncomingAnimal | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    issues.push({ loc: ['body', index], ...NOT_OBJECT })
    return undefined
  }

  const raw = item as Record<string, unknown>
  const issueCount = issues.length
  const at = (...path: (string | number)[]) => ['body', index, ...path]

  const id = requireField(raw, 'id', at('id'), issues, coerceInteger, NOT_INTEGER)
  requireField(raw, 'name', at('name'), issues, coerceString, NOT_STRING)
  const bornAt = validateBornAt(raw.born_at, at('born_at'), issues)
  validateFriends(raw, at, issues)

  if (issues.length > issueCount || id === undefined) return undefined
  return { index, id, bornAt: bornAt ?? null, raw }
}

function requireField<T>(
  raw: Record<string, unknown>,
  field: string,
  loc: (string | number)[],
  issues: ValidationIssue[],
  coerce: (value: unknown) => T | undefined,
  invalid: { msg: string; type: string },
): T | undefined {
  if (!(field in raw)) {
    issues.push({ loc, ...MISSING })
    return undefined
  }
  if (raw[field] === null) {
    issues.push({ loc, ...NOT_NULL })
    return undefined
  }

  const value = coerce(raw[field])
  if (value === undefined) issues.push({ loc, ...invalid })
  return value
}

function validateBornAt(
  value: unknown,
  loc: (string | number)[],
  issues: ValidationIssue[],
): ParsedDatetime | null | undefined {
  if (value === undefined || value === null) return null

  const parsed = parseDatetime(value)
  if (parsed.ok) return parsed.value

  issues.push({ loc, msg: parsed.msg, type: parsed.type })
  return undefined
}

function validateFriends(
  raw: Record<string, unknown>,
  at: (...path: (string | number)[]) => (string | number)[],
  issues: ValidationIssue[],
): void {
  const friends = requireField(raw, 'friends', at('friends'), issues, coerceList, NOT_LIST)
  if (!friends) return

  friends.forEach((friend, position) => {
    if (friend === null) issues.push({ loc: at('friends', position), ...NOT_NULL })
    else if (coerceString(friend) === undefined) {
      issues.push({ loc: at('friends', position), ...NOT_STRING })
    }
  })
}

// pydantic 1 passes ints, truncates floats, maps booleans to 0 and 1 and parses integer text.
function coerceInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Math.trunc(value)
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) {
    return Number(value.trim().replaceAll('_', ''))
  }
  return undefined
}

// pydantic 1 passes strings and turns numbers (booleans included) into their text.
function coerceString(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

function coerceList(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined
}
