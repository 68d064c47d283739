// A cursor is base64url of `plants:<offset>`. Clients must treat it as opaque, and the prefix
// lets the server tell its own tokens from arbitrary strings.
const CURSOR_PREFIX = 'plants:'
const OFFSET_PATTERN = /^(0|[1-9]\d*)$/

/** Encodes the offset of the next page into an opaque cursor token. */
export function encodeCursor(offset: number): string {
  return Buffer.from(CURSOR_PREFIX + offset, 'utf8').toString('base64url')
}

/**
 * Decodes a cursor token into the offset of the page it points to. Returns `undefined` when the
 * token was not produced by `encodeCursor` or points at or past `total`.
 */
export function decodeCursor(token: string, total: number): number | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined

  const decoded = Buffer.from(token, 'base64url').toString('utf8')
  if (!decoded.startsWith(CURSOR_PREFIX)) return undefined

  const digits = decoded.slice(CURSOR_PREFIX.length)
  if (!OFFSET_PATTERN.test(digits)) return undefined

  // Base64 has several spellings of the same bytes (trailing bits), so only the canonical one counts.
  const offset = Number(digits)
  if (encodeCursor(offset) !== token) return undefined

  return offset < total ? offset : undefined
}
