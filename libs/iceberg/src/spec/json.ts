import { parse, stringify } from 'lossless-json'

import { IcebergError } from '../errors.js'

/** A JSON value as K2 reads it: integers beyond 2^53 (and 64-bit id fields) are bigints. */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined }

/** A JSON object (`undefined` members are left out when written). */
export type JsonObject = { readonly [key: string]: JsonValue | undefined }

/**
 * Keys of table metadata whose values are 64-bit longs (spec: "Table Metadata Fields",
 * "Snapshots", "Snapshot References"). Java and pyiceberg draw snapshot ids from all 63 bits, so
 * they are read as bigints even when a particular value happens to be small: code that compares
 * ids then never mixes `number` and `bigint`.
 */
export const METADATA_LONG_KEYS: ReadonlySet<string> = new Set([
  'snapshot-id',
  'parent-snapshot-id',
  'current-snapshot-id',
  'sequence-number',
  'last-sequence-number',
])

/** Options of {@link parseLosslessJson}. */
export interface LosslessJsonOptions {
  /** Object keys whose integer values are always returned as bigints. */
  readonly longKeys?: ReadonlySet<string>
}

const INTEGER = /^-?\d+$/

/**
 * Parses JSON without losing integers: integers outside the safe range become bigints, integers
 * under one of `longKeys` are always bigints, other numbers are JS numbers. Throws
 * `ICEBERG_INVALID_METADATA` for text that is not JSON (or has a key twice with different values).
 */
export function parseLosslessJson(text: string, options: LosslessJsonOptions = {}): JsonValue {
  const longKeys = options.longKeys
  const reviver =
    longKeys === undefined
      ? null
      : (key: string, value: unknown): unknown =>
          typeof value === 'number' && Number.isInteger(value) && longKeys.has(key)
            ? BigInt(value)
            : value
  try {
    return parse(text, reviver, parseNumber) as JsonValue
  } catch (err) {
    throw new IcebergError('ICEBERG_INVALID_METADATA', `invalid JSON: ${(err as Error).message}`, {
      cause: err,
    })
  }
}

/**
 * Writes JSON with bigints as plain JSON numbers (no quotes, every digit kept), as Java and
 * pyiceberg write 64-bit ids. `undefined` members are left out. `indent` as in `JSON.stringify`.
 */
export function stringifyLosslessJson(value: JsonValue, indent?: number): string {
  const text = stringify(value, null, indent)
  if (text === undefined) {
    throw new IcebergError('ICEBERG_INVALID_METADATA', 'value has no JSON representation')
  }
  return text
}

function parseNumber(text: string): number | bigint {
  if (INTEGER.test(text)) {
    const n = Number(text)
    return Number.isSafeInteger(n) ? n : BigInt(text)
  }
  return Number(text)
}
