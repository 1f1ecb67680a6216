/** Stable codes for every way the Jaeger tool can fail, so callers can branch without parsing text. */
export const JAEGER_TOOL_ERROR_CODES = [
  'JAEGER_TOOL_INVALID_OPTION',
  'JAEGER_TOOL_PORT_IN_USE',
  'JAEGER_TOOL_GO_MISSING',
  'JAEGER_TOOL_BUILD_FAILED',
  'JAEGER_TOOL_EXITED_EARLY',
  'JAEGER_TOOL_START_TIMEOUT',
  'JAEGER_TOOL_STOP_FAILED',
] as const

/** One of {@link JAEGER_TOOL_ERROR_CODES}. */
export type JaegerToolErrorCode = (typeof JAEGER_TOOL_ERROR_CODES)[number]

/** The only error type the Jaeger tool throws on purpose; `code` is stable, `message` is for humans. */
export class JaegerToolError extends Error {
  override readonly name = 'JaegerToolError'

  constructor(
    readonly code: JaegerToolErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** True when `error` is a {@link JaegerToolError}, optionally with the given code. */
export function isJaegerToolError(
  error: unknown,
  code?: JaegerToolErrorCode,
): error is JaegerToolError {
  return error instanceof JaegerToolError && (code === undefined || error.code === code)
}
