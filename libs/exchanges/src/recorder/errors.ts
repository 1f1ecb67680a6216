import { codedErrorClass } from '@k2/core'

/** Error codes of the frame recorder, with their retriable flag. */
export const RECORDER_ERROR_CODES = {
  /** The WebSocket connection could not be opened (refused, DNS, TLS, HTTP error on upgrade). */
  RECORDER_CONNECT_FAILED: { retriable: true },
} as const satisfies Record<string, { retriable: boolean }>

/** A code from {@link RECORDER_ERROR_CODES}. */
export type RecorderErrorCode = keyof typeof RECORDER_ERROR_CODES

/** An error raised by the frame recorder of `@k2/exchanges`. */
export class RecorderError extends codedErrorClass('RecorderError', RECORDER_ERROR_CODES) {}
