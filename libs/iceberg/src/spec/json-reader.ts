import { IcebergError, type IcebergErrorCode } from '../errors.js'
import type { JsonObject, JsonValue } from './json.js'

const INT_MIN = -0x80000000
const INT_MAX = 0x7fffffff
const LONG_MIN = -(1n << 63n)
const LONG_MAX = (1n << 63n) - 1n

/**
 * Typed access to the members of a parsed JSON object, for the parsers of the spec's JSON forms
 * (appendix C, table metadata). Every failure is an {@link IcebergError} with the reader's code
 * that names the JSON path, so a bad metadata file says where it is bad.
 */
export class JsonReader {
  private constructor(
    /** The object read. */
    readonly object: JsonObject,
    /** JSON path of the object, for messages (`$.snapshots[2]`). */
    readonly path: string,
    private readonly code: IcebergErrorCode,
  ) {}

  /** A reader over `value`, which must be a JSON object. */
  static of(value: unknown, path: string, code: IcebergErrorCode): JsonReader {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new IcebergError(code, `${path} must be a JSON object`, { context: { path } })
    }
    return new JsonReader(value as JsonObject, path, code)
  }

  /** True when `key` is present and not null. */
  has(key: string): boolean {
    const v = this.object[key]
    return v !== undefined && v !== null
  }

  /** The raw member value, or undefined when absent or null. */
  raw(key: string): JsonValue | undefined {
    const v = this.object[key]
    return v === null ? undefined : v
  }

  /** A reader over the object member `key`. */
  child(key: string): JsonReader {
    return JsonReader.of(this.require(key), `${this.path}.${key}`, this.code)
  }

  /** A required string member. */
  string(key: string): string {
    const v = this.require(key)
    if (typeof v !== 'string') throw this.fail(key, 'must be a string')
    return v
  }

  /** An optional string member. */
  optString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined
  }

  /** A required boolean member. */
  boolean(key: string): boolean {
    const v = this.require(key)
    if (typeof v !== 'boolean') throw this.fail(key, 'must be a boolean')
    return v
  }

  /** A required 32-bit integer member (ids, counts). */
  int(key: string): number {
    const v = this.require(key)
    if (typeof v !== 'number' || !Number.isInteger(v) || v < INT_MIN || v > INT_MAX) {
      throw this.fail(key, 'must be a 32-bit integer')
    }
    return v
  }

  /** An optional 32-bit integer member. */
  optInt(key: string): number | undefined {
    return this.has(key) ? this.int(key) : undefined
  }

  /** A required 64-bit integer member, as a bigint. */
  long(key: string): bigint {
    const v = this.require(key)
    const n =
      typeof v === 'bigint'
        ? v
        : typeof v === 'number' && Number.isSafeInteger(v)
          ? BigInt(v)
          : null
    if (n === null || n < LONG_MIN || n > LONG_MAX) throw this.fail(key, 'must be a 64-bit integer')
    return n
  }

  /** An optional 64-bit integer member. */
  optLong(key: string): bigint | undefined {
    return this.has(key) ? this.long(key) : undefined
  }

  /** A required integer member that fits a JS number exactly (epoch milliseconds). */
  safeInteger(key: string): number {
    const v = this.require(key)
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      throw this.fail(key, 'must be an integer below 2^53')
    }
    return v
  }

  /** A required array member. */
  array(key: string): readonly JsonValue[] {
    const v = this.require(key)
    if (!Array.isArray(v)) throw this.fail(key, 'must be an array')
    return v as readonly JsonValue[]
  }

  /** An optional array member; absent or null gives an empty array. */
  optArray(key: string): readonly JsonValue[] {
    return this.has(key) ? this.array(key) : []
  }

  /** An optional string-to-string map member; absent or null gives an empty map. */
  stringMap(key: string): Readonly<Record<string, string>> {
    if (!this.has(key)) return {}
    const map = this.child(key)
    const out: Record<string, string> = {}
    for (const k of Object.keys(map.object)) out[k] = map.string(k)
    return out
  }

  /** An error with this reader's code about member `key`. */
  fail(key: string, reason: string): IcebergError {
    const path = `${this.path}.${key}`
    return new IcebergError(this.code, `${path} ${reason}`, { context: { path } })
  }

  private require(key: string): JsonValue {
    const v = this.object[key]
    if (v === undefined || v === null) throw this.fail(key, 'is missing')
    return v
  }
}
