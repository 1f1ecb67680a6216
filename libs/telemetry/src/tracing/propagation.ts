import { TRACEPARENT, parseTraceparent } from './traceparent.js'

/**
 * A carrier as it arrives: plain text values, or what kafkajs delivers (header values as Buffers,
 * or arrays of them for a repeated key).
 */
export type TraceCarrier = Readonly<
  Record<string, string | Uint8Array | readonly (string | Uint8Array)[] | undefined>
>

function text(value: string | Uint8Array): string {
  return typeof value === 'string' ? value : Buffer.from(value).toString('utf8')
}

/**
 * The `traceparent` of a carrier (e.g. Kafka record headers), or undefined when absent or invalid.
 * Buffers are read as UTF-8 (kafkajs delivers header values as Buffers); of a repeated key the
 * first value counts.
 */
export function extractTraceparent(carrier: TraceCarrier | undefined): string | undefined {
  if (carrier === undefined) return undefined
  const raw = carrier[TRACEPARENT]
  if (raw === undefined) return undefined
  const first = Array.isArray(raw) ? (raw as readonly (string | Uint8Array)[])[0] : raw
  if (first === undefined) return undefined
  const value = text(first as string | Uint8Array).trim()
  return parseTraceparent(value) === undefined ? undefined : value
}

/**
 * Adds `traceparent` to a plain string map (e.g. Kafka headers to produce); returns the carrier.
 * Nothing is added for an undefined or invalid `traceparent`.
 */
export function injectTraceparent(
  carrier: Record<string, string>,
  traceparent: string | undefined,
): Record<string, string> {
  if (traceparent !== undefined && parseTraceparent(traceparent) !== undefined) {
    carrier[TRACEPARENT] = traceparent
  }
  return carrier
}
