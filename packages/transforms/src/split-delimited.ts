/**
 * Splits a delimited string into its parts, exactly as written.
 *
 * The empty string becomes `[]`, so "no values" and "one empty value" cannot be distinguished,
 * and a list that may contain an empty value needs another encoding. Nothing is trimmed: `"a, b"`
 * gives `["a", " b"]`, names with inner spaces such as `"Red panda"` stay whole, and an empty
 * part between two delimiters (`"a,,b"`) is kept as `""` so that the data shows the gap.
 *
 * @param delimiter - the separator, a non-empty string (default `,`).
 * @throws TypeError when `value` is not a string or `delimiter` is not a non-empty string.
 */
export function splitDelimited(value: string, delimiter = ','): string[] {
  if (typeof value !== 'string') {
    throw new TypeError(
      `splitDelimited expects a string value, got ${typeof value} ${String(value)}`,
    )
  }
  if (typeof delimiter !== 'string' || delimiter === '') {
    throw new TypeError(
      `splitDelimited expects a non-empty string delimiter, got ${JSON.stringify(delimiter)}`,
    )
  }

  if (value === '') return []
  return value.split(delimiter)
}
