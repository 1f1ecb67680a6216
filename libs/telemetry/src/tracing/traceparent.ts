/**
 * W3C trace context (`traceparent`, https://www.w3.org/TR/trace-context/) as plain text: the
 * form trace context takes across worker-thread channels (batch trace entries) and Kafka record
 * headers. Parsing is strict (version 00, lowercase hex, non-zero ids), so a garbled header is
 * ignored rather than joined to a wrong trace.
 */

/** The header (and carrier key) that holds the trace context. */
export const TRACEPARENT = 'traceparent'

/** The parts of a `traceparent`. */
export interface TraceParent {
  /** 32 lowercase hex digits. */
  readonly traceId: string
  /** 16 lowercase hex digits. */
  readonly spanId: string
  /** True when the sampled flag (bit 0 of the flags) is set. */
  readonly sampled: boolean
}

const TRACEPARENT_RE = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/
const ZERO_TRACE = '0'.repeat(32)
const ZERO_SPAN = '0'.repeat(16)

/** Formats a `traceparent` (version 00). */
export function formatTraceparent(parent: TraceParent): string {
  return `00-${parent.traceId}-${parent.spanId}-${parent.sampled ? '01' : '00'}`
}

/** Parses a `traceparent`; undefined when it is not a valid version-00 value. */
export function parseTraceparent(value: string | undefined): TraceParent | undefined {
  if (value === undefined) return undefined
  const m = TRACEPARENT_RE.exec(value.trim())
  if (m === null) return undefined
  const [, traceId, spanId, flags] = m as unknown as [string, string, string, string]
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 }
}

/** True for a valid `traceparent` whose sampled flag is set (cheap; no allocation on a miss). */
export function isSampledTraceparent(value: string | undefined): boolean {
  return (
    value !== undefined &&
    value.length === 55 &&
    value.endsWith('1') &&
    parseTraceparent(value) !== undefined
  )
}
