import { CoreError } from '../errors/index.js'
import { deriveMessageId } from '../ids/index.js'
import { nowMicros, toMicros, type Micros } from '../time/index.js'

/**
 * Field checks shared by the record builders. Each throws `CORE_INVALID_FIELD` naming the field, so
 * a rejected record can go to the dead-letter path with a precise reason.
 */
export function requireText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidField(field, value, 'must be a non-empty string')
  }
  return value
}

/** A member of `allowed`, or `CORE_INVALID_FIELD` listing the allowed values. */
export function requireOneOf<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidField(field, value, `must be one of ${allowed.join(', ')}`)
  }
  return value as T
}

/** A non-negative safe integer, or null when absent. */
export function optionalSequence(field: string, value: unknown): number | null {
  if (value === null || value === undefined) return null
  const n = typeof value === 'bigint' ? Number(value) : value
  if (
    typeof n !== 'number' ||
    !Number.isSafeInteger(n) ||
    n < 0 ||
    (typeof value === 'bigint' && BigInt(n) !== value)
  ) {
    throw invalidField(field, value, 'must be a non-negative integer below 2^53')
  }
  return n
}

/**
 * A string map with string values (vendor_data), copied and frozen, or null when absent. Always a
 * copy, never the caller's object, even though keeping a caller's frozen object would save the
 * copy (~0.1 µs): a record must not change when its input does, and telling a truly immutable
 * object (frozen, plain, no accessors) from the rest costs about as much as the copy.
 */
export function optionalStringMap(
  field: string,
  value: unknown,
): Readonly<Record<string, string>> | null {
  if (value === null || value === undefined) return null
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidField(field, value, 'must be an object of strings')
  }
  // Object.keys and an indexed loop: the same own enumerable string keys, in the same order, as
  // Object.entries, at less than half the cost (no [key, value] pair per entry).
  const out: Record<string, string> = {}
  const keys = Object.keys(value)
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string
    const v: unknown = (value as Record<string, unknown>)[k]
    if (typeof v !== 'string') throw invalidField(`${field}.${k}`, v, 'must be a string')
    out[k] = v
  }
  return Object.freeze(out)
}

/** The empty list, shared: it is frozen, so no record can change it for another. */
const NO_STRINGS: readonly string[] = Object.freeze([])

/** A list of strings, copied and frozen. */
export function stringList(field: string, value: unknown): readonly string[] {
  if (value === undefined || value === null) return NO_STRINGS
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalidField(field, value, 'must be a list of strings')
  }
  return Object.freeze([...(value as string[])])
}

/** The error every field check throws. */
export function invalidField(field: string, value: unknown, reason: string): CoreError {
  let shown: string
  try {
    shown = typeof value === 'bigint' ? value.toString() : (JSON.stringify(value) ?? String(value))
  } catch {
    shown = String(value)
  }
  return new CoreError('CORE_INVALID_FIELD', `${field}: ${shown} ${reason}`, { context: { field } })
}

/** The message id given, or the one derived from exchange, symbol and record id (D2). */
export function messageIdFor(
  given: string | undefined,
  exchange: string,
  symbol: string,
  recordId: string,
): string {
  return given === undefined
    ? deriveMessageId(exchange, symbol, recordId)
    : requireText('message_id', given)
}

/** Platform receipt time in µs: as given, or now. */
export function ingestionMicros(value: number | bigint | string | Date | undefined): Micros {
  return value === undefined ? nowMicros() : toMicros('ingestion_timestamp', value)
}
