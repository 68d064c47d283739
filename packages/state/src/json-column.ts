/**
 * Serializes a value for storage. Both stores keep values as JSON text, so a value reads back
 * the same from either: dates become strings, `undefined` array items become `null`.
 * Returns `null` for `undefined`, which reads back as `undefined`.
 */
export function toJsonColumn(label: string, value: unknown): string | null {
  if (value === undefined) return null

  try {
    return JSON.stringify(value)
  } catch (error) {
    throw new TypeError(
      `${label} must be JSON-serializable: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    )
  }
}

export function fromJsonColumn(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text)
}
