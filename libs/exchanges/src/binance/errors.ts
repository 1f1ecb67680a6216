import { codedErrorClass } from '@k2/core'

/**
 * Error codes of the Binance adapter with their retriable flag. The frame codes are the
 * `error_type` label of `k2_binance_message_errors_total` (D8), so they are stable names.
 */
export const BINANCE_ERROR_CODES = {
  /** A frame or response body is not valid JSON. */
  BINANCE_MALFORMED_JSON: { retriable: false },
  /** A frame is JSON but not a shape we know (not an object, bad `{stream, data}` wrapper). */
  BINANCE_INVALID_FRAME: { retriable: false },
  /** An event whose `e` is neither `trade` nor `serverShutdown`. */
  BINANCE_UNEXPECTED_EVENT: { retriable: false },
  /** A required key of an event or REST item is missing. */
  BINANCE_MISSING_FIELD: { retriable: false },
  /** A key has the wrong type or value (bad number, bad decimal, bad symbol, ...). */
  BINANCE_INVALID_FIELD: { retriable: false },
  /** The `stream` of a combined frame does not belong to the event's symbol. */
  BINANCE_STREAM_MISMATCH: { retriable: false },
  /** A symbol given by the caller is not 5-20 characters A-Z and 0-9. */
  BINANCE_INVALID_SYMBOL: { retriable: false },
  /** More streams than one connection may carry (1024). */
  BINANCE_TOO_MANY_STREAMS: { retriable: false },
  /** An argument given by the caller is invalid (URL, limit, fromId, receipt time). */
  BINANCE_INVALID_ARGUMENT: { retriable: false },
  /** A REST response body is neither a trade list nor a Binance error, or is out of order. */
  BINANCE_INVALID_RESPONSE: { retriable: false },
  /** Binance refused a request (bad parameter, unknown symbol, bad subscribe message). */
  BINANCE_REQUEST_REJECTED: { retriable: false },
  /** Binance says we sent too many requests (-1003); wait and retry. */
  BINANCE_RATE_LIMITED: { retriable: true },
  /** Binance had an internal problem (-1000, -1001, -1007, -1008); retry later. */
  BINANCE_EXCHANGE_UNAVAILABLE: { retriable: true },
} as const satisfies Record<string, { retriable: boolean }>

/** A code from {@link BINANCE_ERROR_CODES}. */
export type BinanceErrorCode = keyof typeof BINANCE_ERROR_CODES

/** An error raised by the Binance adapter. */
export class BinanceError extends codedErrorClass('BinanceError', BINANCE_ERROR_CODES) {}

/**
 * Binance API error codes (https://developers.binance.com/docs/binance-spot-api-docs/errors)
 * mapped to ours; every code not listed is {@link BINANCE_REQUEST_REJECTED}: the request itself
 * was wrong and retrying it unchanged cannot help.
 */
export const BINANCE_API_ERROR_MAP: Readonly<Record<number, BinanceErrorCode>> = {
  [-1000]: 'BINANCE_EXCHANGE_UNAVAILABLE', // UNKNOWN: an unknown error occurred while processing
  [-1001]: 'BINANCE_EXCHANGE_UNAVAILABLE', // DISCONNECTED: internal error, unable to process
  [-1003]: 'BINANCE_RATE_LIMITED', // TOO_MANY_REQUESTS
  [-1007]: 'BINANCE_EXCHANGE_UNAVAILABLE', // TIMEOUT waiting for the backend
  [-1008]: 'BINANCE_EXCHANGE_UNAVAILABLE', // SERVER_BUSY
}

/** The error for a Binance `{code, msg}` answer, coded by {@link BINANCE_API_ERROR_MAP}. */
export function fromBinanceApiError(
  apiCode: number | null,
  apiMessage: string,
  context: Record<string, unknown> = {},
): BinanceError {
  const code = (apiCode !== null && BINANCE_API_ERROR_MAP[apiCode]) || 'BINANCE_REQUEST_REJECTED'
  return new BinanceError(code, `Binance error ${apiCode ?? '?'}: ${apiMessage}`, {
    context: { ...context, binanceCode: apiCode, binanceMessage: apiMessage },
  })
}

/** Longest frame text kept in an error's context (dead-letter records stay small). */
export const MAX_FRAME_IN_ERROR = 2048

/**
 * The error for a frame (or REST body) that failed validation. The context carries the field, the
 * offending value, and the frame text truncated to {@link MAX_FRAME_IN_ERROR} characters, so the
 * dead-letter path can store it as is.
 */
export function frameError(
  code: BinanceErrorCode,
  frame: string,
  field: string | null,
  reason: string,
  extra: Record<string, unknown> = {},
  cause?: unknown,
): BinanceError {
  return new BinanceError(code, field === null ? reason : `${field}: ${reason}`, {
    cause,
    context: { ...extra, field, ...frameContext(frame) },
  })
}

/** The frame text for an error context: truncated to {@link MAX_FRAME_IN_ERROR}, with its length. */
export function frameContext(frame: string): {
  frame: string
  frameLength: number
  frameTruncated: boolean
} {
  const truncated = frame.length > MAX_FRAME_IN_ERROR
  return {
    frame: truncated ? frame.slice(0, MAX_FRAME_IN_ERROR) : frame,
    frameLength: frame.length,
    frameTruncated: truncated,
  }
}

/** A value as shown in an error message: JSON, cut to 100 characters. */
export function showValue(value: unknown): string {
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > 100 ? `${text.slice(0, 100)}...` : text
}
