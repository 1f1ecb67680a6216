import { invalidSchema, unprocessableEntity } from './errors.js'

/** What this registry reads from upstream's `RegisterSchemaRequest` (other fields are ignored). */
export interface SchemaRequest {
  /** The schema as JSON text. */
  readonly schema: string
}

/**
 * Validates the body of register, lookup and compatibility requests. Only Avro without references
 * is supported: other schema types and references are rejected as invalid schemas (422 42201)
 * rather than silently treated as Avro.
 */
export function parseSchemaRequest(body: unknown): SchemaRequest {
  const fields = requireObject(body)
  const schemaType = fields['schemaType']
  if (schemaType !== undefined && schemaType !== null && schemaType !== 'AVRO') {
    throw invalidSchema(
      `Invalid schema type ${String(schemaType)}: this test registry supports AVRO only`,
    )
  }
  const references = fields['references']
  if (references !== undefined && references !== null) {
    if (!Array.isArray(references)) throw unprocessableEntity('"references" must be an array')
    if (references.length > 0) {
      throw invalidSchema('Schema references are not supported by this test registry')
    }
  }
  const schema = fields['schema']
  if (schema === undefined || schema === null) {
    throw invalidSchema('Invalid schema of type AVRO, details: the request has no "schema"')
  }
  if (typeof schema !== 'string') {
    throw unprocessableEntity('"schema" must be a string holding the schema as JSON text')
  }
  return { schema }
}

/** The raw `compatibility` field of a `PUT /config` body; the caller validates the level. */
export function parseConfigRequest(body: unknown): { readonly compatibility: unknown } {
  return { compatibility: requireObject(body)['compatibility'] }
}

// Upstream binds bodies to Java objects: no body fails bean validation and a JSON array or scalar
// fails Jackson's mapping, both as 422 with code 422.
function requireObject(body: unknown): Record<string, unknown> {
  if (body === undefined) throw unprocessableEntity('The request body must not be empty')
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw unprocessableEntity('The request body must be a JSON object')
  }
  return body as Record<string, unknown>
}
