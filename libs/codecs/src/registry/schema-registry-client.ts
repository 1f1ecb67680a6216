import { CodecsError } from '../errors.js'

/** Compatibility levels of the Confluent Schema Registry API. */
export type CompatibilityLevel =
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE'
  | 'NONE'

/**
 * What K2 needs from a Confluent-compatible schema registry (D3): register a subject's schema at
 * start-up, look a writer schema up by id when decoding, set a subject's compatibility.
 */
export interface SchemaRegistryClient {
  /** Registers `schema` (JSON text) under `subject` (idempotent) and returns its global id. */
  register(subject: string, schema: string): Promise<number>
  /** The schema (JSON text) with global id `id`. */
  getSchemaById(id: number): Promise<string>
  /** Sets the compatibility level of `subject`. */
  setCompatibility(subject: string, level: CompatibilityLevel): Promise<void>
}

/** Options of {@link createSchemaRegistryClient}. */
export interface SchemaRegistryClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:8081`. */
  readonly url: string
  /** Per-request timeout in ms. */
  readonly timeoutMs?: number
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json'

/**
 * A schema registry client over the Confluent REST API (`POST /subjects/{s}/versions`,
 * `GET /schemas/ids/{id}`, `PUT /config/{s}`). Ids and schemas are immutable in a registry, so both
 * directions are cached for the life of the client.
 */
export function createSchemaRegistryClient(
  options: SchemaRegistryClientOptions,
): SchemaRegistryClient {
  let base: URL
  try {
    base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`)
  } catch (cause) {
    throw new CodecsError(
      'CODECS_INVALID_SCHEMA',
      `schema registry url ${JSON.stringify(options.url)} is not a URL`,
      {
        cause,
      },
    )
  }
  const timeoutMs = options.timeoutMs ?? 10_000
  const idBySubjectSchema = new Map<string, number>()
  const schemaById = new Map<number, string>()

  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = new URL(path, base)
    let res: Response
    try {
      res = await fetch(url, {
        method,
        headers: { 'content-type': CONTENT_TYPE, accept: CONTENT_TYPE },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (cause) {
      throw new CodecsError(
        'CODECS_REGISTRY_UNAVAILABLE',
        `schema registry ${method} ${url.href} failed: ${(cause as Error).message}`,
        {
          cause,
          context: { url: url.href },
        },
      )
    }
    const text = await res.text()
    let json: unknown = undefined
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    if (!res.ok) {
      const detail = (json as { message?: string; error_code?: number } | undefined) ?? {}
      const context = { url: url.href, status: res.status, errorCode: detail.error_code }
      const message = `schema registry ${method} ${url.pathname} -> ${res.status}: ${detail.message ?? text}`
      if (res.status === 404 && path.startsWith('schemas/ids/')) {
        throw new CodecsError('CODECS_UNKNOWN_SCHEMA_ID', message, { context })
      }
      throw new CodecsError(
        res.status >= 500 || res.status === 429
          ? 'CODECS_REGISTRY_UNAVAILABLE'
          : 'CODECS_REGISTRY_REJECTED',
        message,
        {
          context,
        },
      )
    }
    return json
  }

  return {
    async register(subject, schema) {
      const key = `${subject}\u0000${schema}`
      const cached = idBySubjectSchema.get(key)
      if (cached !== undefined) return cached
      const res = (await call('POST', `subjects/${encodeURIComponent(subject)}/versions`, {
        schema,
      })) as { id?: unknown }
      if (typeof res?.id !== 'number') {
        throw new CodecsError(
          'CODECS_REGISTRY_REJECTED',
          `schema registry returned no id for subject ${subject}`,
        )
      }
      idBySubjectSchema.set(key, res.id)
      schemaById.set(res.id, schema)
      return res.id
    },
    async getSchemaById(id) {
      const cached = schemaById.get(id)
      if (cached !== undefined) return cached
      const res = (await call('GET', `schemas/ids/${id}`)) as { schema?: unknown }
      if (typeof res?.schema !== 'string') {
        throw new CodecsError(
          'CODECS_UNKNOWN_SCHEMA_ID',
          `schema registry returned no schema for id ${id}`,
          {
            context: { schemaId: id },
          },
        )
      }
      schemaById.set(id, res.schema)
      return res.schema
    },
    async setCompatibility(subject, level) {
      await call('PUT', `config/${encodeURIComponent(subject)}`, { compatibility: level })
    },
  }
}
