import avsc from 'avsc'

import {
  decimalFromUnscaled,
  decimalToUnscaled,
  decimalUnscaled,
  ExactDecimal,
  parseDecimal,
} from '@k2/core'

/**
 * Avro `decimal` logical type on `bytes` (Avro spec, "Decimal"): the unscaled value as a
 * two's-complement big-endian integer in the fewest bytes. Values are {@link ExactDecimal}s; on write
 * they are checked against the schema's precision and scale, so nothing is ever rounded.
 */
export class DecimalType extends avsc.types.LogicalType {
  readonly precision: number
  readonly scale: number
  /** 10^precision: unscaled values must be below it. */
  private readonly limit: number

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
    this.limit = 10 ** precision
  }

  protected override _fromValue(buf: Buffer): ExactDecimal {
    return decimalFromUnscaled(bytesToUnscaled(buf), this.scale)
  }

  protected override _toValue(value: unknown): Buffer {
    // Fast path: a finite, non-negative decimal whose unscaled value is a safe integer below
    // 10^precision (every price and quantity of decimal(18,8) up to ~90 million) is encoded from
    // decimal.js's words without copying, scaling or printing it. Anything else takes the checked
    // path, which gives the precise error.
    if (ExactDecimal.isDecimal(value)) {
      const d = value as ExactDecimal
      if (d.isFinite() && d.s > 0) {
        const unscaled = decimalUnscaled(d, this.scale)
        if (typeof unscaled === 'number' && unscaled < this.limit) return safeIntToBytes(unscaled)
      }
    }
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

/**
 * Decodes a two's-complement big-endian integer: a number when it has at most 6 bytes (always a
 * safe integer), else a bigint.
 */
export function bytesToUnscaled(buf: Uint8Array): number | bigint {
  const length = buf.length
  if (length === 0 || length > 6) return bytesToBigInt(buf)
  let n = 0
  for (let i = 0; i < length; i++) n = n * 256 + (buf[i] as number)
  if ((buf[0] as number) & 0x80) n -= 2 ** (length * 8)
  return n
}

/** {@link bigIntToBytes} of a non-negative safe integer, without bigint arithmetic. */
export function safeIntToBytes(n: number): Buffer {
  let length = 1
  while (length < 7 && n >= 2 ** (length * 8 - 1)) length++
  const out = Buffer.allocUnsafe(length)
  let v = n
  for (let i = length - 1; i >= 0; i--) {
    out[i] = v % 256
    v = Math.floor(v / 256)
  }
  return out
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
