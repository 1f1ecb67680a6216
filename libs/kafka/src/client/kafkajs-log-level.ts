/** Where a kafkajs log line goes in K2's log. `drop`: not logged at all. */
export type KafkaLogLevel = 'error' | 'warn' | 'info' | 'debug' | 'drop'

/** kafkajs's numeric levels (its `logLevel` enum). */
const KAFKAJS_LEVELS = { ERROR: 1, WARN: 2, INFO: 4 } as const

/** kafkajs warns about this on every idempotent producer with bounded retries; see producer docs. */
const DROPPED = new Set([
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
])

/**
 * Error responses that are part of the protocol's normal course, which kafkajs retries by itself
 * but logs at error level from the connection, one line per response: the group rebalancing
 * (every heartbeat of every member while a member joins or leaves), the coordinator moving or
 * loading, a partition leader being elected after topic creation. A run with two writers logged
 * 100 of them at start-up. They are kept at debug; what kafkajs gives up on still surfaces as the
 * caller's error.
 */
const ROUTINE_RESPONSE_ERRORS = new Set([
  'The group is rebalancing, so a rejoin is needed',
  'The group coordinator is not available',
  "The coordinator is loading and hence can't process requests for this group",
  'This is not the correct coordinator for this group',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
])

/**
 * The level of a kafkajs log line (`namespace`, kafkajs `level`, its message and fields) in K2's
 * log: kafkajs's own level, except for routine protocol responses (debug) and known noise (drop).
 */
export function kafkaLogLevel(
  namespace: string,
  level: number,
  message: string,
  fields: Readonly<Record<string, unknown>>,
): KafkaLogLevel {
  if (DROPPED.has(message)) return 'drop'
  if (
    namespace === 'Connection' &&
    message.startsWith('Response ') &&
    typeof fields['error'] === 'string' &&
    ROUTINE_RESPONSE_ERRORS.has(fields['error'])
  ) {
    return 'debug'
  }
  if (level === KAFKAJS_LEVELS.ERROR) return 'error'
  if (level === KAFKAJS_LEVELS.WARN) return 'warn'
  if (level === KAFKAJS_LEVELS.INFO) return 'info'
  return 'debug'
}
