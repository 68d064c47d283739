import { ValidationError, type ValidationIssue } from '@fauna-etl/core'
import type { ZodType } from 'zod'

/** Outcome of `validate`: the parsed value, or the error that lists every issue. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; error: ValidationError }

/** Maximum number of issues named in the message. `error.issues` contains all of them. */
const MAX_ISSUES_IN_MESSAGE = 3

/**
 * Checks `value` against a zod schema without throwing.
 *
 * On success `value` is the schema's output, so an object schema strips unknown keys unless it
 * was built with `z.looseObject` or `.passthrough()`. On failure the `ValidationError` has one
 * `{ path, message }` per zod issue, and its message starts with `Invalid <context>` followed by
 * the first issues, for example
 * `Invalid detail of animal 12 from GET /animals/12: born_at: expected number, received string`.
 *
 * @param context - what the value is and where it came from (default `value`).
 */
export function validate<T>(
  schema: ZodType<T>,
  value: unknown,
  context = 'value',
): ValidationResult<T> {
  const result = schema.safeParse(value)
  if (result.success) return { ok: true, value: result.data }

  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: issue.message,
  }))
  const error = new ValidationError(`Invalid ${context}: ${summarizeIssues(issues)}`, {
    issues,
    cause: result.error,
  })
  return { ok: false, error }
}

/** A `validate` bound to one schema. A `context` passed to a call replaces the bound one. */
export type Validator<T> = (value: unknown, context?: string) => ValidationResult<T>

/** Binds `validate` to a schema and a default context. */
export function createValidator<T>(schema: ZodType<T>, context = 'value'): Validator<T> {
  return (value, callContext = context) => validate(schema, value, callContext)
}

/** Formats the first issues as `path: message`, joined with `; `. */
export function summarizeIssues(issues: readonly ValidationIssue[]): string {
  if (issues.length === 0) return 'no issues reported'

  const shown = issues
    .slice(0, MAX_ISSUES_IN_MESSAGE)
    .map((issue) => `${formatPath(issue.path)}: ${stripPrefix(issue.message)}`)
  const hidden = issues.length - shown.length
  if (hidden > 0) shown.push(`and ${hidden} more ${hidden === 1 ? 'issue' : 'issues'}`)
  return shown.join('; ')
}

/** Formats a path the way it would be written in JavaScript: `items[3].born_at`. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)'

  let text = ''
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`
    else text += text === '' ? key : `.${key}`
  }
  return text
}

// zod 4 starts most messages with "Invalid input: ", which only repeats the "Invalid" that
// begins the error message.
function stripPrefix(message: string): string {
  return message.replace(/^Invalid input: /, '')
}
