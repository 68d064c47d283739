const ABSOLUTE_URL = /^[a-z][a-z\d+.-]*:/i

/**
 * Resolves a request URL against the client's `baseURL`. A relative URL is appended to the base
 * path, as ofetch does (`http://host/api` + `/items` is `http://host/api/items`), rather than
 * replacing it as `new URL()` would.
 */
export function resolveUrl(baseURL: string | undefined, url: string): string {
  if (typeof url !== 'string' || url === '') {
    throw new TypeError(
      `Expected the request URL to be a non-empty string, got ${JSON.stringify(url)}`,
    )
  }
  if (ABSOLUTE_URL.test(url)) return url

  if (baseURL === undefined) {
    throw new TypeError(
      `Expected an absolute request URL, got "${url}"; pass an absolute URL or set the client's baseURL option`,
    )
  }
  return `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`
}
