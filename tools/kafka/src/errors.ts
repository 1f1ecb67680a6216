/** Stable codes for every way the Kafka tool can fail, so callers can branch without parsing text. */
export const KAFKA_TOOL_ERROR_CODES = [
  'KAFKA_TOOL_INVALID_OPTION',
  'KAFKA_TOOL_PORT_IN_USE',
  'KAFKA_TOOL_MAVEN_FAILED',
  'KAFKA_TOOL_JAVA_FAILED',
  'KAFKA_TOOL_STORAGE_FORMAT_FAILED',
  'KAFKA_TOOL_EXITED_EARLY',
  'KAFKA_TOOL_START_TIMEOUT',
  'KAFKA_TOOL_STOP_FAILED',
] as const

/** One of {@link KAFKA_TOOL_ERROR_CODES}. */
export type KafkaToolErrorCode = (typeof KAFKA_TOOL_ERROR_CODES)[number]

/** The only error type the Kafka tool throws on purpose; `code` is stable, `message` is for humans. */
export class KafkaToolError extends Error {
  override readonly name = 'KafkaToolError'

  constructor(
    readonly code: KafkaToolErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** True when `error` is a {@link KafkaToolError}, optionally with the given code. */
export function isKafkaToolError(
  error: unknown,
  code?: KafkaToolErrorCode,
): error is KafkaToolError {
  return error instanceof KafkaToolError && (code === undefined || error.code === code)
}
