import type { Context, Hono } from 'hono'
import type { z } from 'zod'

import { ApiError, invalidParameter } from '../errors.js'
import type { ApiEnv } from '../http/env.js'
import type { Format } from '../params.js'

/** A zod object schema of a route's path, query or body parameters. */
export type ParamSchema = z.ZodObject

/** What a handler receives: its validated inputs. */
export interface RouteInput<P extends ParamSchema, Q extends ParamSchema, B extends ParamSchema> {
  readonly params: z.output<P>
  readonly query: z.output<Q>
  readonly body: z.output<B>
}

/**
 * One route, defined once (D7 "OpenAPI generated from the route definitions"): its path and
 * method, its parameters as zod schemas (the same schemas validate requests and describe them in
 * `/openapi.json`), the formats it answers in and the schema of its `data`.
 */
export interface RouteDefinition<
  P extends ParamSchema = ParamSchema,
  Q extends ParamSchema = ParamSchema,
  B extends ParamSchema = ParamSchema,
> {
  readonly method: 'get' | 'post'
  /** OpenAPI form: `/v1/summary/{symbol}/{date}`. */
  readonly path: string
  readonly operationId: string
  readonly tag: string
  readonly summary: string
  readonly description?: string
  /** `X-API-Key` and the rate limit apply (every `/v1/*` route). */
  readonly auth: boolean
  readonly params?: P
  readonly query?: Q
  readonly body?: B
  /** Formats of a successful answer; JSON envelope first. Default `['json']`. */
  readonly formats?: readonly Format[]
  /** Schema of the envelope's `data` (documentation). */
  readonly data?: z.ZodType
  /** The answer carries `pagination`. */
  readonly paginated?: boolean
  /** A non-envelope answer (health, metrics, docs): its media type and schema. */
  readonly raw?: { readonly mediaType: string; readonly schema?: z.ZodType }
  /** Statuses this route may answer besides the common ones (e.g. 404 for snapshots). */
  readonly errors?: readonly number[]
  readonly handle: (c: Context<ApiEnv>, input: RouteInput<P, Q, B>) => Promise<Response> | Response
}

/** Declares a route with its input types inferred from its schemas. */
export function defineRoute<
  P extends ParamSchema = z.ZodObject<Record<string, never>>,
  Q extends ParamSchema = z.ZodObject<Record<string, never>>,
  B extends ParamSchema = z.ZodObject<Record<string, never>>,
>(route: RouteDefinition<P, Q, B>): RouteDefinition {
  return route as unknown as RouteDefinition
}

/** `/v1/summary/{symbol}/{date}` -> `/v1/summary/:symbol/:date` (Hono's form). */
export function honoPath(openApiPath: string): string {
  return openApiPath.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1')
}

/** Mounts every route on `app`, each validating its inputs before its handler runs. */
export function mountRoutes(app: Hono<ApiEnv>, routes: readonly RouteDefinition[]): void {
  for (const route of routes) {
    app.on(route.method.toUpperCase(), honoPath(route.path), async (c) => {
      const params = parseWith(route.params, c.req.param() as Record<string, string>, 'path')
      const query = parseWith(route.query, queryObject(c), 'query')
      const body = route.body ? parseWith(route.body, await readJson(c), 'body') : {}
      return route.handle(c, { params, query, body })
    })
  }
}

/** Query parameters as text; a parameter given twice is refused (except comma lists). */
function queryObject(c: Context): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (values.length > 1) {
      if (name !== 'symbol' && name !== 'symbols') {
        throw invalidParameter(name, 'given more than once')
      }
      out[name] = values.join(',')
    } else {
      out[name] = values[0] ?? ''
    }
  }
  return out
}

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text()
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new ApiError('API_INVALID_BODY', 'body: the request body is not valid JSON', {
      context: { parameter: 'body' },
    })
  }
}

/**
 * `value` parsed by `schema`; the first problem becomes a 400 naming the parameter
 * (`symbols[2]`, `start_time`; an unknown one by its own name).
 */
export function parseWith(
  schema: ParamSchema | undefined,
  value: unknown,
  location: 'path' | 'query' | 'body',
): Record<string, unknown> {
  if (!schema) {
    if (location !== 'body' && value && Object.keys(value as object).length > 0) {
      const [name] = Object.keys(value as object)
      throw invalidParameter(name!, 'unknown parameter')
    }
    return {}
  }
  const result = schema.safeParse(value)
  if (result.success) return result.data as Record<string, unknown>
  const issue = result.error.issues[0]!
  if (issue.code === 'unrecognized_keys') {
    const [key] = issue.keys
    const prefix = parameterName(issue.path)
    const name = prefix === '' ? key! : `${prefix}.${key}`
    const hint = name === 'offset' ? ' (pages use `cursor`, see pagination.next_cursor)' : ''
    throw invalidParameter(name, `unknown parameter${hint}`, { location })
  }
  const name = parameterName(issue.path) || (location === 'body' ? 'body' : location)
  const message =
    issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message
  throw invalidParameter(name, message, { location })
}

function parameterName(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`
  }
  return out
}
