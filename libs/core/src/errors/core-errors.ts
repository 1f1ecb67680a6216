import { codedErrorClass } from './coded-error.js'

/**
 * Error codes raised by `@k2/core`, with whether each is retriable. One table, so callers and
 * metrics see the same code for the same failure.
 */
export const CORE_ERROR_CODES = {
  /** A decimal value breaks a D2 rule (negative, too many digits, not a number). */
  CORE_INVALID_DECIMAL: { retriable: false },
  /** A timestamp cannot be interpreted or lies outside the supported range. */
  CORE_INVALID_TIMESTAMP: { retriable: false },
  /** A record field is missing or has the wrong type or value. */
  CORE_INVALID_FIELD: { retriable: false },
  /** A retry policy gave up after its attempts or time budget. */
  CORE_RETRIES_EXHAUSTED: { retriable: false },
} as const satisfies Record<string, { retriable: boolean }>

/** A code from {@link CORE_ERROR_CODES}. */
export type CoreErrorCode = keyof typeof CORE_ERROR_CODES

/** An error raised by `@k2/core`; `retriable` comes from {@link CORE_ERROR_CODES}. */
export class CoreError extends codedErrorClass('CoreError', CORE_ERROR_CODES) {}
