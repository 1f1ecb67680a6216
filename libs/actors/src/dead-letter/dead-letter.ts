import { ActorsError } from '../errors.js'

/**
 * Where a dead letter comes from: a feed frame that failed parsing or conversion (`feed`), a Kafka
 * record that could not be decoded (`kafka`), a record a writer could not write for good
 * (`writer`), a row a file loader rejected (`loader`).
 */
export const DEAD_LETTER_SOURCES = ['feed', 'kafka', 'writer', 'loader'] as const

/** A source from {@link DEAD_LETTER_SOURCES}. */
export type DeadLetterSource = (typeof DEAD_LETTER_SOURCES)[number]

/** The fields of a dead letter other than its payload. */
export interface DeadLetterFields {
  readonly source: DeadLetterSource
  /** The error code that sent it here, e.g. `BINANCE_INVALID_FIELD`, `CODECS_UNKNOWN_SCHEMA`. */
  readonly reason: string
  /** The error message (human-readable detail: field, value, rule). */
  readonly message: string
  /** When it was dead-lettered, ISO 8601 UTC (`2025-11-24T10:15:00.123Z`). */
  readonly at: string
  /** The Kafka topic the original came from (or, for a feed, would have gone to). */
  readonly topic?: string
  readonly partition?: number
  /** Kafka offset of the original (int64 as a decimal string). */
  readonly offset?: string
  /** Exchange code, upper case (`BINANCE`). */
  readonly exchange?: string
  readonly symbol?: string
  /** The WebSocket or REST URL the original arrived on. */
  readonly url?: string
  /** True when the payload is a prefix of the original (feed frames are cut to 2 KB). */
  readonly truncated?: boolean
}

/**
 * One dead letter, the single record type of the dead-letter path (D6): why, when, where from, and
 * the original as received: `bytes` for binary payloads (a Kafka record value; base64 in JSON),
 * `text` for text ones (a WebSocket frame, a CSV row). Exactly one of the two is set.
 */
export type DeadLetter = DeadLetterFields &
  (
    | { readonly bytes: Uint8Array; readonly text?: undefined }
    | { readonly text: string; readonly bytes?: undefined }
  )

/** A dead letter as one JSON line: the same fields, `bytes` as base64. */
export type DeadLetterJson = DeadLetterFields &
  (
    | { readonly bytes: string; readonly text?: undefined }
    | { readonly text: string; readonly bytes?: undefined }
  )

/**
 * Where dead letters go: JSONL files in embedded mode (`openJsonlDeadLetters`), `{topic}.dlq` in
 * Kafka mode (`kafkaDeadLetters`). `write` resolves once the letter is stored (appended, or
 * acknowledged by Kafka); a caller advances past the original only after that.
 */
export interface DeadLetterSink {
  write(letter: DeadLetter): Promise<void>
  /** Waits for pending writes and releases the sink; later writes reject. */
  close(): Promise<void>
  /** Letters stored so far. */
  readonly count: number
}

const OPTIONAL_STRINGS = ['topic', 'offset', 'exchange', 'symbol', 'url'] as const

function invalid(message: string, field: string): ActorsError {
  return new ActorsError('ACTORS_INVALID_DEAD_LETTER', message, { context: { field } })
}

/**
 * Throws `ACTORS_INVALID_DEAD_LETTER` (naming the field) unless `letter` is a dead letter: a known
 * source, a non-empty reason, a message, an ISO time, exactly one of bytes and text, and
 * optional fields of the right types. Returns the UTC day of `at` (`yyyy-mm-dd`).
 */
export function validateDeadLetter(letter: DeadLetter): string {
  const l = letter as unknown as Record<string, unknown>
  if (!DEAD_LETTER_SOURCES.includes(l.source as DeadLetterSource)) {
    throw invalid(
      `source: ${JSON.stringify(l.source)} is not one of ${DEAD_LETTER_SOURCES}`,
      'source',
    )
  }
  if (typeof l.reason !== 'string' || l.reason === '') {
    throw invalid('reason: must be a non-empty error code', 'reason')
  }
  if (typeof l.message !== 'string') throw invalid('message: must be a string', 'message')
  const time = typeof l.at === 'string' ? Date.parse(l.at) : Number.NaN
  if (Number.isNaN(time)) throw invalid(`at: ${JSON.stringify(l.at)} is not an ISO time`, 'at')
  const hasBytes = l.bytes instanceof Uint8Array
  const hasText = typeof l.text === 'string'
  if (hasBytes === hasText || (l.bytes !== undefined && !hasBytes)) {
    throw invalid('needs exactly one of bytes (Uint8Array) and text (string)', 'bytes')
  }
  for (const field of OPTIONAL_STRINGS) {
    if (l[field] !== undefined && typeof l[field] !== 'string') {
      throw invalid(`${field}: must be a string`, field)
    }
  }
  if (l.partition !== undefined && !Number.isSafeInteger(l.partition)) {
    throw invalid('partition: must be an integer', 'partition')
  }
  if (l.truncated !== undefined && typeof l.truncated !== 'boolean') {
    throw invalid('truncated: must be a boolean', 'truncated')
  }
  return new Date(time).toISOString().slice(0, 10)
}

/** `bytes` as a Buffer without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** The JSON form of a letter (validated): fields in a fixed order, `bytes` as base64. */
export function deadLetterToJson(letter: DeadLetter): DeadLetterJson {
  validateDeadLetter(letter)
  const { bytes, text, ...fields } = letter
  const out: Record<string, unknown> = {
    source: fields.source,
    reason: fields.reason,
    message: fields.message,
    at: fields.at,
  }
  for (const key of ['topic', 'partition', 'offset', 'exchange', 'symbol', 'url'] as const) {
    if (fields[key] !== undefined) out[key] = fields[key]
  }
  if (fields.truncated !== undefined) out.truncated = fields.truncated
  if (bytes !== undefined) out.bytes = asBuffer(bytes).toString('base64')
  else out.text = text
  return out as unknown as DeadLetterJson
}

/**
 * Reads one line of a dead-letter JSONL file back into a letter (`bytes` decoded from base64).
 * Throws `ACTORS_INVALID_DEAD_LETTER` for a line that is not one (e.g. the torn last line of a
 * file whose writer crashed mid-append).
 */
export function parseDeadLetterLine(line: string): DeadLetter {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch (cause) {
    throw new ActorsError('ACTORS_INVALID_DEAD_LETTER', 'line is not JSON', {
      cause,
      context: { field: 'line' },
    })
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid('line is not a JSON object', 'line')
  }
  const { bytes, ...rest } = json as Record<string, unknown>
  if (bytes !== undefined && typeof bytes !== 'string')
    throw invalid('bytes: must be base64', 'bytes')
  const letter = (bytes === undefined
    ? rest
    : { ...rest, bytes: new Uint8Array(Buffer.from(bytes, 'base64')) }) as unknown as DeadLetter
  validateDeadLetter(letter)
  return letter
}
