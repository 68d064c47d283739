// Python's int() accepts surrounding whitespace, a sign and underscores between digits, and
// FastAPI parses `page` and `animal_id` with it, so " 7", "+7" and "1_0" are valid integers.
const PYTHON_INT = /^\s*[+-]?\d+(?:_\d+)*\s*$/

/**
 * Parses a query or path value the way FastAPI parses an `int` parameter. Returns `undefined` for
 * text Python's `int()` rejects. Uses `bigint` because Python integers have no size limit.
 */
export function parsePythonInt(text: string): bigint | undefined {
  if (!PYTHON_INT.test(text)) return undefined
  return BigInt(text.trim().replaceAll('_', ''))
}

/**
 * Returns the [start, stop) bounds of Python's `list[start:stop]` on a list of `length` items:
 * a negative bound counts from the end, and bounds are then clamped to 0 … length.
 */
export function pythonSliceBounds(start: bigint, stop: bigint, length: number): [number, number] {
  const size = BigInt(length)
  const clamp = (bound: bigint): number => {
    const shifted = bound < 0n ? bound + size : bound
    if (shifted < 0n) return 0
    if (shifted > size) return length
    return Number(shifted)
  }
  return [clamp(start), clamp(stop)]
}

/**
 * Returns the list position Python's `list[index]` reads on a list of `length` items (a negative
 * index counts from the end), or `undefined` where Python raises `IndexError`.
 */
export function pythonIndex(index: bigint, length: number): number | undefined {
  const shifted = index < 0n ? index + BigInt(length) : index
  if (shifted < 0n || shifted >= BigInt(length)) return undefined
  return Number(shifted)
}
