import type { IHeaders } from 'kafkajs'

/** W3C trace-context header carried on every record (D3, D8). */
export const TRACEPARENT_HEADER = 'traceparent'

/** Record headers as K2 uses them: UTF-8 text values. */
export type TextHeaders = Readonly<Record<string, string>>

/**
 * Reads kafkajs headers (values arrive as Buffers, or arrays of them for repeated keys) as text; the
 * first value wins for a repeated key.
 */
export function readHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (headers === undefined) return out
  for (const [key, value] of Object.entries(headers)) {
    const first = Array.isArray(value) ? value[0] : value
    if (first === undefined || first === null) continue
    out[key] = typeof first === 'string' ? first : first.toString('utf8')
  }
  return out
}
