import { httpError } from './errors.js'
import type { SchemaRegistry } from './registry.js'

/** What a route handler gets from the HTTP request. */
export interface RouteRequest {
  /** Path parameters by name, percent-decoded. */
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  /** The parsed JSON body (POST/PUT), undefined when there was none. */
  readonly body: unknown
}

/** One endpoint: `path` segments in braces are parameters; `handle` returns the JSON answer. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT'
  readonly path: string
  readonly handle: (registry: SchemaRegistry, request: RouteRequest) => unknown
}

/** The endpoints this registry serves: the subset of the Confluent API that clients and tests use. */
export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/', handle: () => ({}) },
  { method: 'GET', path: '/schemas/ids/{id}', handle: (r, q) => r.schemaById(schemaId(q)) },
  {
    method: 'GET',
    path: '/schemas/ids/{id}/versions',
    handle: (r, q) => r.versionsOfSchema(schemaId(q)),
  },
  { method: 'GET', path: '/subjects', handle: (r) => r.subjects() },
  { method: 'POST', path: '/subjects/{subject}', handle: (r, q) => r.lookup(subject(q), q.body) },
  { method: 'GET', path: '/subjects/{subject}/versions', handle: (r, q) => r.versions(subject(q)) },
  {
    method: 'POST',
    path: '/subjects/{subject}/versions',
    handle: (r, q) => r.register(subject(q), q.body),
  },
  {
    method: 'GET',
    path: '/subjects/{subject}/versions/{version}',
    handle: (r, q) => r.version(subject(q), param(q, 'version')),
  },
  { method: 'GET', path: '/config', handle: (r) => r.globalConfig() },
  { method: 'PUT', path: '/config', handle: (r, q) => r.setGlobalConfig(q.body) },
  {
    method: 'GET',
    path: '/config/{subject}',
    handle: (r, q) => r.subjectConfig(subject(q), flag(q, 'defaultToGlobal')),
  },
  {
    method: 'PUT',
    path: '/config/{subject}',
    handle: (r, q) => r.setSubjectConfig(subject(q), q.body),
  },
  {
    method: 'POST',
    path: '/compatibility/subjects/{subject}/versions',
    handle: (r, q) => r.testCompatibility(subject(q), undefined, q.body, flag(q, 'verbose')),
  },
  {
    method: 'POST',
    path: '/compatibility/subjects/{subject}/versions/{version}',
    handle: (r, q) =>
      r.testCompatibility(subject(q), param(q, 'version'), q.body, flag(q, 'verbose')),
  },
]

/** The outcome of {@link matchRoute}: 404 and 405 are told apart, as upstream does. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'method-not-allowed' }
  | { readonly kind: 'not-found' }

/** Finds the route for `method` and `pathname` (still percent-encoded; one trailing `/` is ok). */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const segments = splitPath(pathname)
  if (segments === undefined) return { kind: 'not-found' }
  let pathMatched = false
  for (const route of ROUTES) {
    const params = matchPath(splitPath(route.path) ?? [], segments)
    if (params === undefined) continue
    pathMatched = true
    if (route.method === method) return { kind: 'found', route, params }
  }
  return { kind: pathMatched ? 'method-not-allowed' : 'not-found' }
}

function splitPath(pathname: string): string[] | undefined {
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname
  try {
    return trimmed === '/' ? [] : trimmed.slice(1).split('/').map(decodeURIComponent)
  } catch {
    return undefined // malformed percent-encoding names no resource
  }
}

function matchPath(
  pattern: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] as string
    if (part.startsWith('{')) {
      if (segment === '') return undefined
      params[part.slice(1, -1)] = segment
    } else if (part !== segment) return undefined
  }
  return params
}

function param(request: RouteRequest, name: string): string {
  return request.params[name] ?? ''
}

function subject(request: RouteRequest): string {
  return param(request, 'subject')
}

// Upstream binds `{id}` to a Java Integer: a segment that is not one names no resource (404).
function schemaId(request: RouteRequest): number {
  const text = param(request, 'id')
  const id = Number(text)
  if (!/^[+-]?\d+$/.test(text) || id < -(2 ** 31) || id > 2 ** 31 - 1) throw httpError(404)
  return id
}

// Jersey reads a boolean query parameter as `Boolean.valueOf`: "true" in any case, else false.
function flag(request: RouteRequest, name: string): boolean {
  return request.query.get(name)?.toLowerCase() === 'true'
}
