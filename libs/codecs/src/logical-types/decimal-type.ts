import avsc from 'avsc'

import { decimalFromUnscaled, decimalToUnscaled, parseDecimal, type ExactDecimal } from '@k2/core'

/**
 * Avro `decimal` logical type on `bytes` (Avro spec, "Decimal"): the unscaled value as a
 * two's-complement big-endian integer in the fewest bytes. Values are {@link ExactDecimal}s; on write
 * they are checked against the schema's precision and scale, so nothing is ever rounded.
 */
export class DecimalType extends avsc.types.LogicalType {
  readonly precision: number
  readonly scale: number

  constructor(schema: avsc.Schema, opts?: unknown) {
    super(schema, opts)
    const attrs = schema as { precision?: unknown; scale?: unknown }
    const precision = attrs.precision
    const scale = attrs.scale ?? 0
    if (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 1) {
      throw new Error('decimal logical type needs an integer precision >= 1')
    }
    if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > precision) {
      throw new Error('decimal logical type needs an integer scale in [0, precision]')
    }
    if ((this.underlyingType as avsc.Type).typeName !== 'bytes') {
      throw new Error('decimal logical type is supported on bytes only')
    }
    this.precision = precision
    this.scale = scale
  }

  protected override _fromValue(buf: Buffer): ExactDecimal {
    return decimalFromUnscaled(bytesToBigInt(buf), this.scale)
  }

  protected override _toValue(value: unknown): Buffer {
    const d = parseDecimal('decimal', value as ExactDecimal, {
      precision: this.precision,
      scale: this.scale,
    })
    return bigIntToBytes(decimalToUnscaled(d, this.scale))
  }

  protected override _resolve(type: avsc.Type): ((x: unknown) => unknown) | undefined {
    if (
      type instanceof DecimalType &&
      type.scale === this.scale &&
      type.precision <= this.precision
    ) {
      return (x) => x
    }
    return undefined
  }

  protected override _export(schema: avsc.Schema): void {
    const attrs = schema as unknown as Record<string, unknown>
    attrs['precision'] = this.precision
    attrs['scale'] = this.scale
  }
}

/** Decodes a two's-complement big-endian integer. */
export function bytesToBigInt(buf: Uint8Array): bigint {
  if (buf.length === 0) return 0n
  let n = 0n
  for (const byte of buf) n = (n << 8n) | BigInt(byte)
  if ((buf[0] as number) & 0x80) n -= 1n << BigInt(buf.length * 8)
  return n
}

/** Encodes an integer as two's-complement big-endian in the fewest bytes (at least one). */
export function bigIntToBytes(n: bigint): Buffer {
  const bytes: number[] = []
  let v = n
  for (;;) {
    const byte = Number(v & 0xffn)
    bytes.unshift(byte)
    v >>= 8n
    // Stop once the remaining value is pure sign extension of the byte just written.
    if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) break
  }
  return Buffer.from(bytes)
}
