import { K2Error, type K2ErrorOptions } from './k2-error.js'

/** A lib's table of error codes: code -> whether retrying can help (STYLE.md habit 5). */
export type ErrorCodeTable = Readonly<Record<string, { readonly retriable: boolean }>>

/** The constructor {@link codedErrorClass} returns. */
export interface CodedErrorClass<Code extends string> {
  new (
    code: Code,
    message: string,
    options?: Omit<K2ErrorOptions, 'retriable'>,
  ): K2Error & {
    readonly code: Code
  }
}

/**
 * The base class of a lib's errors, built from its code table: the constructor takes only codes
 * of the table and sets `retriable` from it, so the flag is decided once per code, never at the
 * throw site. Usage: `export class KafkaError extends codedErrorClass('KafkaError', KAFKA_ERROR_CODES) {}`.
 */
export function codedErrorClass<const T extends ErrorCodeTable>(
  name: string,
  table: T,
): CodedErrorClass<Extract<keyof T, string>> {
  class CodedError extends K2Error {
    constructor(
      code: Extract<keyof T, string>,
      message: string,
      options: Omit<K2ErrorOptions, 'retriable'> = {},
    ) {
      const entry = table[code]
      super(code, message, { ...options, retriable: entry?.retriable ?? false })
      this.name = name
    }
  }
  return CodedError as unknown as CodedErrorClass<Extract<keyof T, string>>
}
