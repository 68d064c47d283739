/**
 * Replaces every `{name}` in `template` with `value`, percent-encoded as one path segment or
 * query value, so an id or cursor can never add path segments or parameters.
 */
export function fillUrlTemplate(template: string, name: string, value: string | number): string {
  return template.replaceAll(`{${name}}`, encodeURIComponent(String(value)))
}

/** Reads a field by a dotted path such as `meta.next`; `undefined` when any step is missing. */
export function readField(value: unknown, path: string): unknown {
  let current = value
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}
