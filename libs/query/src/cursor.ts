import { invalidParameter } from './errors.js'

/**
 * Keyset-pagination cursors (D7: "cursor encodes the last (timestamp, trade_id)"; no offset, a
 * pitfall of the old API). Opaque to callers: base64url of a small JSON object that names the
 * query it belongs to, so a cursor of one query is refused by another. Every field is validated
 * on the way in and reaches SQL only as a bound parameter.
 */

/** The position after which a page starts: the last row of the previous page. */
export interface CursorKey {
  /** Timestamp of the last row, µs UTC. */
  readonly timestamp: bigint
  /** `trade_id` / `quote_id` of the last row (unique per source). */
  readonly id: string
  /** `source_sequence` of the last row (replay only; null when the row had none). */
  readonly sequence?: bigint | null
}

/** Which query a cursor belongs to. */
export type CursorKind = 'trades' | 'quotes' | 'replay'

const MAX_CURSOR_LENGTH = 1_024
const BASE64URL = /^[A-Za-z0-9_-]+$/
const INTEGER = /^-?\d{1,19}$/
const MAX_ID_LENGTH = 256

/** Encodes the position after `key` for query `kind`. */
export function encodeCursor(kind: CursorKind, key: CursorKey): string {
  const body: Record<string, string | null> = { k: kind, t: key.timestamp.toString(), i: key.id }
  if (key.sequence !== undefined) body['s'] = key.sequence === null ? null : key.sequence.toString()
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url')
}

/** Decodes a cursor of query `kind`; `QUERY_INVALID_PARAMETER` naming `parameter` otherwise. */
export function decodeCursor(
  parameter: string,
  kind: CursorKind,
  value: unknown,
): CursorKey | undefined {
  if (value === undefined) return undefined
  const bad = () => invalidParameter(parameter, `is not a cursor of this ${kind} query`)
  if (typeof value !== 'string' || value.length > MAX_CURSOR_LENGTH || !BASE64URL.test(value)) {
    throw bad()
  }
  let body: unknown
  try {
    body = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'))
  } catch {
    throw bad()
  }
  if (typeof body !== 'object' || body === null) throw bad()
  const { k, t, i, s } = body as Record<string, unknown>
  if (k !== kind || typeof t !== 'string' || !INTEGER.test(t)) throw bad()
  if (typeof i !== 'string' || i.length > MAX_ID_LENGTH) throw bad()
  const key: CursorKey = { timestamp: BigInt(t), id: i }
  if (kind !== 'replay') return key
  if (s === null) return { ...key, sequence: null }
  if (typeof s !== 'string' || !INTEGER.test(s)) throw bad()
  return { ...key, sequence: BigInt(s) }
}
