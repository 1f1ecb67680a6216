import { codedErrorClass } from '@k2/core'

/** Error codes of `@k2/codecs` with their retriable flag (one table, STYLE.md habit 5). */
export const CODECS_ERROR_CODES = {
  /** The bytes start with neither the Confluent magic byte nor the single-object marker. */
  CODECS_UNKNOWN_FRAMING: { retriable: false },
  /** The body is truncated, has trailing bytes or does not match the writer schema. */
  CODECS_MALFORMED_BODY: { retriable: false },
  /** A single-object fingerprint that no known schema has. */
  CODECS_UNKNOWN_FINGERPRINT: { retriable: false },
  /** A Confluent schema id that the registry does not know. */
  CODECS_UNKNOWN_SCHEMA_ID: { retriable: false },
  /** The writer schema cannot be resolved to the reader schema. */
  CODECS_INCOMPATIBLE_SCHEMA: { retriable: false },
  /** A record does not fit its schema (wrong field type, out-of-range decimal, ...). */
  CODECS_INVALID_RECORD: { retriable: false },
  /** A schema file or registry schema could not be parsed. */
  CODECS_INVALID_SCHEMA: { retriable: false },
  /** The schema registry answered with an error or could not be reached. */
  CODECS_REGISTRY_UNAVAILABLE: { retriable: true },
  /** The schema registry refused a request (e.g. incompatible schema, 409/422). */
  CODECS_REGISTRY_REJECTED: { retriable: false },
} as const satisfies Record<string, { retriable: boolean }>

/** A code from {@link CODECS_ERROR_CODES}. */
export type CodecsErrorCode = keyof typeof CODECS_ERROR_CODES

/** An error raised by `@k2/codecs`. */
export class CodecsError extends codedErrorClass('CodecsError', CODECS_ERROR_CODES) {}
