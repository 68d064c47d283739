/** Route names used as keys of the report's request counts. */
export type RouteName =
  | 'GET /'
  | 'GET /animals/v1/animals'
  | 'GET /animals/v1/animals/{animal_id}'
  | 'POST /animals/v1/home'
  | 'GET /openapi.json'
  | 'GET /docs'
  | 'GET /_simulator/report'

export type RouteMatch =
  | { kind: 'route'; name: RouteName; params: string[] }
  | { kind: 'method-not-allowed'; allow: string[] }
  /** Starlette redirects a path with a trailing slash to the route without it. */
  | { kind: 'redirect'; path: string }
  | { kind: 'not-found' }

const ROUTES: { method: string; pattern: RegExp; name: RouteName }[] = [
  { method: 'GET', pattern: /^\/$/, name: 'GET /' },
  { method: 'GET', pattern: /^\/animals\/v1\/animals$/, name: 'GET /animals/v1/animals' },
  {
    method: 'GET',
    pattern: /^\/animals\/v1\/animals\/([^/]+)$/,
    name: 'GET /animals/v1/animals/{animal_id}',
  },
  { method: 'POST', pattern: /^\/animals\/v1\/home$/, name: 'POST /animals/v1/home' },
  { method: 'GET', pattern: /^\/openapi\.json$/, name: 'GET /openapi.json' },
  { method: 'GET', pattern: /^\/docs$/, name: 'GET /docs' },
  { method: 'GET', pattern: /^\/_simulator\/report$/, name: 'GET /_simulator/report' },
]

/** Finds the route of a decoded path. `HEAD` matches `GET` routes, as in Starlette. */
export function matchRoute(method: string, path: string): RouteMatch {
  const effectiveMethod = method === 'HEAD' ? 'GET' : method
  const allow: string[] = []

  for (const route of ROUTES) {
    const match = route.pattern.exec(path)
    if (!match) continue
    if (route.method === effectiveMethod) {
      return { kind: 'route', name: route.name, params: match.slice(1) }
    }
    allow.push(route.method)
  }
  if (allow.length > 0) return { kind: 'method-not-allowed', allow }

  if (path.length > 1 && path.endsWith('/')) {
    const trimmed = path.slice(0, -1)
    if (ROUTES.some((route) => route.pattern.test(trimmed))) {
      return { kind: 'redirect', path: trimmed }
    }
  }
  return { kind: 'not-found' }
}
