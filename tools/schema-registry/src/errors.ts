/** The body of every error response: Confluent's `ErrorMessage` entity, field names included. */
export interface ErrorBody {
  error_code: number
  message: string
}

/**
 * Confluent's error codes (`io.confluent.kafka.schemaregistry.rest.exceptions.Errors`). Clients
 * branch on these, so they are part of the protocol; 409 is what released registries send for an
 * incompatible schema (the plain HTTP status, not a 5-digit code).
 */
export const ERROR_CODES = {
  SUBJECT_NOT_FOUND: 40401,
  VERSION_NOT_FOUND: 40402,
  SCHEMA_NOT_FOUND: 40403,
  SUBJECT_COMPATIBILITY_NOT_CONFIGURED: 40408,
  INCOMPATIBLE_SCHEMA: 409,
  INVALID_SCHEMA: 42201,
  INVALID_VERSION: 42202,
  INVALID_COMPATIBILITY_LEVEL: 42203,
} as const

/** An error that is answered as `status` with body `{"error_code", "message"}`. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError'

  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
  ) {
    super(message)
  }

  /** The JSON body of the error response. */
  toBody(): ErrorBody {
    return { error_code: this.errorCode, message: this.message }
  }
}

/** 404 40401, as for any request naming a subject that has no versions. */
export function subjectNotFound(subject: string): RegistryError {
  return new RegistryError(404, ERROR_CODES.SUBJECT_NOT_FOUND, `Subject '${subject}' not found.`)
}

/** 404 40402; `version` is the parsed number, so "latest" would read -1 as upstream does. */
export function versionNotFound(version: number): RegistryError {
  return new RegistryError(404, ERROR_CODES.VERSION_NOT_FOUND, `Version ${version} not found.`)
}

/** 404 40403: with an id for `/schemas/ids/{id}`, without one for a failed subject lookup. */
export function schemaNotFound(id?: number): RegistryError {
  const message = id === undefined ? 'Schema not found' : `Schema ${id} not found`
  return new RegistryError(404, ERROR_CODES.SCHEMA_NOT_FOUND, message)
}

/** 404 40408: `GET /config/{subject}` without a subject-level level and without defaultToGlobal. */
export function subjectCompatibilityNotConfigured(subject: string): RegistryError {
  return new RegistryError(
    404,
    ERROR_CODES.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
    `Subject '${subject}' does not have subject-level compatibility configured`,
  )
}

/** 409 409 with upstream's wording; `details` are the compatibility messages, listed Java-style. */
export function incompatibleSchema(subject: string, details: readonly string[]): RegistryError {
  return new RegistryError(
    409,
    ERROR_CODES.INCOMPATIBLE_SCHEMA,
    `Schema being registered is incompatible with an earlier schema for subject "${subject}", ` +
      `details: [${details.join(', ')}]`,
  )
}

/** 422 42201: the schema does not parse, or uses a type or feature this registry lacks. */
export function invalidSchema(message: string): RegistryError {
  return new RegistryError(422, ERROR_CODES.INVALID_SCHEMA, message)
}

/** 422 42202 for a version path segment that is neither 1..2^31-1, -1 nor "latest". */
export function invalidVersion(version: string): RegistryError {
  return new RegistryError(
    422,
    ERROR_CODES.INVALID_VERSION,
    `The specified version '${version}' is not a valid version id. ` +
      'Allowed values are between [1, 2^31-1] and the string "latest"',
  )
}

/** 422 42203 for a `PUT /config` level that is not one of the seven. */
export function invalidCompatibilityLevel(): RegistryError {
  return new RegistryError(
    422,
    ERROR_CODES.INVALID_COMPATIBILITY_LEVEL,
    'Invalid compatibility level. Valid values are none, backward, forward, full, ' +
      'backward_transitive, forward_transitive, and full_transitive',
  )
}

/** 422 422: a body that is JSON but not the expected object (upstream's Jackson mapping errors). */
export function unprocessableEntity(message: string): RegistryError {
  return new RegistryError(422, 422, message)
}

/** 400 400: a body that is not JSON at all. */
export function badRequest(message: string): RegistryError {
  return new RegistryError(400, 400, message)
}

const REASON_PHRASES: Readonly<Record<number, string>> = {
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
}

/**
 * The errors the upstream HTTP layer (Jersey) raises before any registry code runs: unknown path,
 * wrong method, unacceptable Accept, unsupported Content-Type. Their code is the status itself.
 */
export function httpError(status: 404 | 405 | 406 | 415 | 500): RegistryError {
  return new RegistryError(status, status, `HTTP ${status} ${REASON_PHRASES[status]}`)
}
