import { createHash } from 'node:crypto'

import { CoreError } from '../errors/index.js'

/**
 * Namespace of K2's deterministic message ids (UUID v5, RFC 9562 section 5.5). Fixed forever:
 * changing it would change the id of every record and defeat duplicate detection.
 */
export const K2_MESSAGE_ID_NAMESPACE = '3c6f0d0e-8a4b-4c52-9f1e-2b7d5a9c4e61'

/**
 * Builds a source-unique, deterministic record id `{EXCHANGE}-{part}-{part}...` (D2), e.g.
 * `formatRecordId('BINANCE', 12345)` -> `BINANCE-12345`,
 * `formatRecordId('ASX', 7078, '20140311', 42)` -> `ASX-7078-20140311-42`.
 */
export function formatRecordId(
  exchange: string,
  ...parts: ReadonlyArray<string | number | bigint>
): string {
  // "-" is the separator: an exchange containing it would collide ('A-B', 'C' vs 'A', 'B', 'C').
  if (exchange.length === 0 || exchange.includes('-')) {
    throw invalidId('exchange', `${JSON.stringify(exchange)} must be non-empty and contain no "-"`)
  }
  if (parts.length === 0) throw invalidId('parts', 'at least one id part is required')
  for (const part of parts) {
    const text = String(part)
    if (text.length === 0 || text.includes('-')) {
      throw invalidId('parts', `part ${JSON.stringify(text)} must be non-empty and contain no "-"`)
    }
  }
  return [exchange.toUpperCase(), ...parts.map(String)].join('-')
}

/**
 * The message id of a record: UUID v5, in {@link K2_MESSAGE_ID_NAMESPACE}, of the JSON text
 * `["{EXCHANGE}","{symbol}","{record_id}"]` (D2), so a re-sent trade keeps its id and can be
 * recognised as a duplicate. The symbol is part of the name because exchange ids are only unique
 * per symbol (Binance trade ids are a sequence per symbol: BTCUSDT and ETHUSDT both have a trade
 * 5); JSON makes the name unambiguous whatever characters the parts contain.
 */
export function deriveMessageId(exchange: string, symbol: string, recordId: string): string {
  return uuidV5(JSON.stringify([exchange.toUpperCase(), symbol, recordId]))
}

const NAMESPACE_BYTES = Buffer.from(K2_MESSAGE_ID_NAMESPACE.replace(/-/g, ''), 'hex')

/**
 * UUID version 5 (RFC 9562 section 5.5) of `name` in the K2 namespace: SHA-1 of namespace bytes +
 * UTF-8 name, first 16 bytes, version nibble 5, variant 10. Done here rather than with the uuid
 * package because it runs for every record on the ingest path and the namespace is fixed.
 */
function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE_BYTES).update(name, 'utf8').digest()
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80
  // Formatted into bytes and decoded once: a flat string (concatenated slices would be a rope
  // that every later reader, e.g. the Parquet writer, has to flatten).
  const text = Buffer.allocUnsafe(36)
  let at = 0
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text[at++] = 0x2d
    const byte = hash[i] as number
    text[at++] = HEX_DIGITS[byte >> 4] as number
    text[at++] = HEX_DIGITS[byte & 0x0f] as number
  }
  return text.toString('latin1', 0, 36)
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1')

function invalidId(field: string, reason: string): CoreError {
  return new CoreError('CORE_INVALID_FIELD', `${field}: ${reason}`, { context: { field } })
}
