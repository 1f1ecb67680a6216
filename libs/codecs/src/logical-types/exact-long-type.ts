import avsc from 'avsc'

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER)

function isExactLong(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value)
}

/**
 * Avro `long` as an exact JS number, for every `long` K2 parses (timestamps, sequences).
 *
 * Why not avsc's own long: avsc 5.7.9 zig-zag codes longs with float arithmetic, so a zig-zag value
 * above 2^53 (any negative long below -2^52, e.g. a timestamp before 1827-04-16) loses its low bit:
 * the value is written with the wrong sign and read back as a different positive number, silently
 * (mtth/avsc#455; reading such a long written by Java or fastavro goes wrong the same way). avsc
 * also refuses ±(2^53 - 1), which `@k2/core` accepts. This type lets avsc do the varint coding
 * on 8-byte two's-complement buffers (`LongType.__with`, exact) and converts them with bigint, so
 * every safe integer round-trips and anything beyond ±(2^53 - 1) is refused, never rounded.
 */
export const EXACT_LONG_TYPE: avsc.Type = avsc.types.LongType.__with({
  fromBuffer(buf: Buffer): number {
    const n = buf.readBigInt64LE(0)
    if (n > MAX_EXACT || n < -MAX_EXACT) {
      throw new Error(`long ${n} is outside ±(2^53 - 1) and cannot be read exactly`)
    }
    return Number(n)
  },
  toBuffer(n: number): Buffer {
    const buf = Buffer.alloc(8)
    buf.writeBigInt64LE(BigInt(n))
    return buf
  },
  fromJSON(value: unknown): number {
    if (!isExactLong(value))
      throw new Error(`${String(value)} is not an integer within ±(2^53 - 1)`)
    return value
  },
  toJSON: (n: number): number => n,
  isValid: isExactLong,
  compare: (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0),
})

/**
 * avsc `typeHook` that parses plain `long`s (`"long"`, `{"type": "long"}`, and longs with a
 * logical type K2 does not map) as {@link EXACT_LONG_TYPE}. Longs with a logical type in
 * `handled` are left to that logical type, which uses {@link EXACT_LONG_TYPE} underneath itself.
 */
export function exactLongTypeHook(handled: ReadonlySet<string>) {
  return (schema: avsc.Schema): avsc.Type | undefined => {
    if (schema === 'long') return EXACT_LONG_TYPE
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return undefined
    const { type, logicalType } = schema as { type?: unknown; logicalType?: unknown }
    if (type !== 'long') return undefined
    return typeof logicalType === 'string' && handled.has(logicalType) ? undefined : EXACT_LONG_TYPE
  }
}
