import avsc from 'avsc'

const MIN_LONG = -(1n << 63n)
const MAX_LONG = (1n << 63n) - 1n

function isLong(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= MIN_LONG && value <= MAX_LONG
}

/**
 * Avro `long` as a JS bigint, for every long in manifests and manifest lists.
 *
 * Snapshot ids are random 63-bit numbers (spec: "Snapshots") and routinely exceed 2^53, where avsc's
 * own long (a JS number) loses precision. avsc's custom long hook (`LongType.__with`) hands us the
 * value as 8 little-endian two's-complement bytes and does the zig-zag varint coding itself, so
 * every long from -2^63 to 2^63 - 1 survives exactly.
 */
export const BIGINT_LONG_TYPE: avsc.Type = avsc.types.LongType.__with({
  fromBuffer: (buf: Buffer): bigint => buf.readBigInt64LE(0),
  toBuffer(n: bigint): Buffer {
    const buf = Buffer.alloc(8)
    buf.writeBigInt64LE(n)
    return buf
  },
  fromJSON(value: unknown): bigint {
    const n = typeof value === 'bigint' ? value : BigInt(value as string | number)
    if (!isLong(n)) throw new Error(`${String(value)} is not a 64-bit integer`)
    return n
  },
  toJSON: (n: bigint): string => n.toString(),
  isValid: isLong,
  compare: (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0),
})

/**
 * avsc `typeHook` that parses every Avro `long` (plain or with a logical type such as
 * `timestamp-micros`) as {@link BIGINT_LONG_TYPE}.
 */
export function bigintLongTypeHook(schema: avsc.Schema): avsc.Type | undefined {
  if (schema === 'long') return BIGINT_LONG_TYPE
  if (typeof schema === 'object' && schema !== null && !Array.isArray(schema)) {
    if ((schema as { type?: unknown }).type === 'long') return BIGINT_LONG_TYPE
  }
  return undefined
}
