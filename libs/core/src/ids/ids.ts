import { CoreError } from '../errors/index.js'
import { UuidV5Namespace, uuidBytes, uuidV5, uuidV5Of } from './uuid-v5.js'

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
  if (typeof exchange === 'string' && typeof symbol === 'string' && typeof recordId === 'string') {
    // Fast path: the JSON name written straight into the hash buffer when every character is
    // printable ASCII that JSON.stringify leaves as it is (no '"', no '\\'), i.e. the bytes
    // JSON.stringify + UTF-8 would give.
    const bytes = MESSAGE_IDS.reserve(exchange.length + symbol.length + recordId.length + 10)
    bytes[16] = 0x5b // [
    bytes[17] = 0x22 // "
    let at = writePlainAscii(bytes, 18, exchange, true)
    if (at > 0) at = writeSeparator(bytes, at)
    if (at > 0) at = writePlainAscii(bytes, at, symbol, false)
    if (at > 0) at = writeSeparator(bytes, at)
    if (at > 0) at = writePlainAscii(bytes, at, recordId, false)
    if (at > 0) {
      bytes[at++] = 0x22 // "
      bytes[at++] = 0x5d // ]
      return uuidV5Of(bytes, at)
    }
  }
  return uuidV5(MESSAGE_IDS, JSON.stringify([exchange.toUpperCase(), symbol, recordId]))
}

/** Namespace bytes and hashing buffer of every message id. */
const MESSAGE_IDS = new UuidV5Namespace(uuidBytes(K2_MESSAGE_ID_NAMESPACE))

/**
 * Writes `text` at `bytes[at]` when it is all printable ASCII other than '"' and '\\' (upper-cased
 * when `upper`, as `toUpperCase` does for ASCII) and returns the next offset; returns -1 otherwise.
 */
function writePlainAscii(bytes: Uint8Array, at: number, text: string, upper: boolean): number {
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i)
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return -1
    if (upper && c >= 0x61 && c <= 0x7a) c -= 0x20
    bytes[at++] = c
  }
  return at
}

/** Writes `","` between two JSON strings. */
function writeSeparator(bytes: Uint8Array, at: number): number {
  bytes[at] = 0x22
  bytes[at + 1] = 0x2c
  bytes[at + 2] = 0x22
  return at + 3
}

function invalidId(field: string, reason: string): CoreError {
  return new CoreError('CORE_INVALID_FIELD', `${field}: ${reason}`, { context: { field } })
}
