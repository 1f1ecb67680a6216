import { z } from 'zod'

import { API_ERROR_CODES } from '../errors.js'
import { MEDIA_TYPES } from '../formats/negotiate.js'
import type { Format } from '../params.js'
import type { ParamSchema, RouteDefinition } from '../routes/route.js'

/** A JSON Schema as OpenAPI 3.0 embeds it. */
type JsonSchema = Record<string, unknown>

/** The input side of a zod schema in OpenAPI 3.0's JSON Schema dialect. */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, {
    io: 'input',
    target: 'openapi-3.0',
    unrepresentable: 'any',
  }) as JsonSchema
  delete out['$schema']
  return out
}

function outputSchema(schema: z.ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, {
    io: 'output',
    target: 'openapi-3.0',
    unrepresentable: 'any',
  }) as JsonSchema
  delete out['$schema']
  return out
}

function parameters(schema: ParamSchema | undefined, location: 'path' | 'query') {
  if (!schema) return []
  return Object.entries(schema.shape).map(([name, field]) => {
    const s = field as z.ZodType
    const described = jsonSchema(s)
    const description = s.description
    return {
      name,
      in: location,
      required: location === 'path' || !s.safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: described,
    }
  })
}

const ENVELOPE_META = {
  type: 'object',
  required: ['correlation_id', 'timestamp'],
  properties: {
    correlation_id: { type: 'string' },
    timestamp: { type: 'string' },
    snapshot_id: { type: 'string', nullable: true },
  },
}

const PAGINATION = {
  type: 'object',
  required: ['limit', 'next_cursor', 'has_more'],
  properties: {
    limit: { type: 'integer' },
    next_cursor: { type: 'string', nullable: true },
    has_more: { type: 'boolean' },
    total: { type: 'integer' },
  },
}

const ERROR_RESPONSE = {
  type: 'object',
  required: ['success', 'error'],
  properties: {
    success: { type: 'boolean', enum: [false] },
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(API_ERROR_CODES) },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
      },
    },
    meta: ENVELOPE_META,
  },
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad parameter (details.parameter names it)',
  401: 'Missing X-API-Key',
  403: 'Wrong X-API-Key',
  404: 'Not found (e.g. unknown snapshot)',
  413: 'Request body or result too large',
  429: 'Rate limit exceeded (see Retry-After, X-RateLimit-*)',
  500: 'Internal error (logged with the correlation id)',
  503: 'Query engine unavailable (shutting down)',
  504: 'Query timed out',
}

function successContent(route: RouteDefinition) {
  if (route.raw) {
    const fallback = route.raw.mediaType.includes('json') ? { type: 'object' } : { type: 'string' }
    const schema = route.raw.schema ? outputSchema(route.raw.schema) : fallback
    return { [route.raw.mediaType]: { schema } }
  }
  const envelope = {
    type: 'object',
    required: ['success', 'data', 'meta'],
    properties: {
      success: { type: 'boolean', enum: [true] },
      data: route.data ? outputSchema(route.data) : {},
      ...(route.paginated ? { pagination: PAGINATION } : {}),
      meta: ENVELOPE_META,
    },
  }
  const content: Record<string, unknown> = {}
  for (const format of route.formats ?? (['json'] as Format[])) {
    const media = MEDIA_TYPES[format].split(';')[0]!
    content[media] =
      format === 'json'
        ? { schema: envelope }
        : { schema: { type: 'string', ...(format === 'parquet' ? { format: 'binary' } : {}) } }
  }
  return content
}

/**
 * The OpenAPI 3.0 document of `routes` (D7), derived from the same zod schemas that validate the
 * requests: parameters, bodies, response envelopes, the errors each route can answer, and the
 * `X-API-Key` security scheme on `/v1/*`.
 */
export function buildOpenApiDocument(
  routes: readonly RouteDefinition[],
  info: { readonly version: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const statuses = new Set<number>([500])
    if (route.params || route.query || route.body) statuses.add(400)
    if (route.body) statuses.add(413)
    if (route.auth) for (const s of [401, 403, 429, 503, 504]) statuses.add(s)
    for (const s of route.errors ?? []) statuses.add(s)
    const responses: Record<string, unknown> = {
      '200': { description: 'OK', content: successContent(route) },
    }
    for (const s of [...statuses].sort()) {
      responses[String(s)] = {
        description: STATUS_TEXT[s] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
      }
    }
    paths[route.path] ??= {}
    paths[route.path]![route.method] = {
      operationId: route.operationId,
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body) } },
            },
          }
        : {}),
      ...(route.auth ? { security: [{ ApiKeyAuth: [] }] } : { security: [] }),
      responses,
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'K2 market data API',
      version: info.version,
      description:
        'Trades, quotes, bars, summaries, replay and time travel over Apache Iceberg tables ' +
        '(DESIGN.md D7). Prices and quantities are exact decimal strings; timestamps are ' +
        'ISO-8601 UTC with microseconds. /v1/* needs X-API-Key.',
    },
    paths,
    components: {
      securitySchemes: { ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
      schemas: { ErrorResponse: ERROR_RESPONSE },
    },
  }
}
