import { errorCode } from '@k2/core'

import type { DeadLetter, DeadLetterFields } from './dead-letter.js'

/** What {@link createDeadLetter} needs: the source, the error, the original and where from. */
export type DeadLetterInput = Omit<DeadLetterFields, 'reason' | 'message' | 'at'> & {
  /** The error that sent the original here; its `code` is the reason (`UNKNOWN` without one). */
  readonly error: unknown
  /** Defaults to now. */
  readonly at?: Date
} & (
    | { readonly bytes: Uint8Array; readonly text?: undefined }
    | { readonly text: string; readonly bytes?: undefined }
  )

/**
 * A dead letter from an error: `reason` is the error's code (`errorCode`: a K2 error's code, any
 * `code` string, else `UNKNOWN`), `message` its message. For writers ("permanently failing
 * writes") and loaders; feed errors and undecodable Kafka records have their own helpers.
 */
export function createDeadLetter(input: DeadLetterInput): DeadLetter {
  const { error, at, ...rest } = input
  const message =
    error instanceof Error ? error.message : typeof error === 'string' ? error : String(error)
  return {
    ...rest,
    reason: errorCode(error),
    message,
    at: (at ?? new Date()).toISOString(),
  } as DeadLetter
}
