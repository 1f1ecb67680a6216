import { f32, f64, i32, u8 } from './shared-arrays.js'
import { decimalUnscaled, ExactDecimal } from '@k2/core'

import type { ByteWriter } from '../format/byte-writer.js'
import type { SingleValue } from '../../spec/single-value.js'
import type { PrimitiveType } from '../../spec/types.js'
import { invalidValue } from './value-error.js'
import { requiredNull, type ValueSink } from './value-sink.js'

const TWO_32 = 0x1_0000_0000
const INT64_MIN = -(1n << 63n)
const INT64_MAX = (1n << 63n) - 1n
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** Converts a non-null row value to the column's integer (unscaled, for decimals) or throws. */
export type IntegerConvert = (value: unknown) => number | bigint

/**
 * INT64 columns: long, time, timestamp(tz) and decimals of 10-18 digits (unscaled). Values are
 * stored as little-endian int64 words straight away (two int32 halves per value), so the PLAIN
 * page is one copy.
 */
export class Int64Sink implements ValueSink {
  count = 0
  readonly nanCount = 0
  private words = i32(2048)
  private big = new BigInt64Array(this.words.buffer)
  /** Bounds of the values below 2^53 in magnitude (numbers: cheap to compare)... */
  private minN = Number.POSITIVE_INFINITY
  private maxN = Number.NEGATIVE_INFINITY
  /** ...and of the others (bigints), kept apart. */
  private minB: bigint | undefined
  private maxB: bigint | undefined

  /**
   * @param fastMin,fastMax the range of safe-integer numbers accepted without `convert` (the
   *   column type's range; decimals take `convert` always: pass an empty range).
   */
  constructor(
    private readonly convert: IntegerConvert,
    private readonly fastMin: number,
    private readonly fastMax: number,
  ) {}

  push(value: unknown): void {
    if (
      typeof value === 'number' &&
      Number.isSafeInteger(value) &&
      value >= this.fastMin &&
      value <= this.fastMax
    ) {
      this.add(value)
    } else {
      this.add(this.convert(value))
    }
  }

  fill(values: readonly unknown[], from: number, to: number, defs: Uint8Array | null): number {
    let nulls = 0
    for (let i = from; i < to; i++) {
      const value = values[i]
      if (value === null || value === undefined) {
        if (defs === null) throw requiredNull()
        defs[i - from] = 0
        nulls++
        continue
      }
      if (defs !== null) defs[i - from] = 1
      this.push(value)
    }
    return nulls
  }

  gather(source: ValueSink, indices: Uint32Array, count: number): void {
    const src = source as Int64Sink
    const from = src.words
    if (2 * (this.count + count) > this.words.length) this.grow(this.count + count)
    const words = this.words
    let k = this.count
    let minN = this.minN
    let maxN = this.maxN
    for (let i = 0; i < count; i++) {
      const j = indices[i]!
      const lo = from[2 * j]!
      const hi = from[2 * j + 1]!
      words[2 * k] = lo
      words[2 * k + 1] = hi
      k++
      // Exact as a number below 2^53 in magnitude; the rest are read as bigints.
      if (hi >= -0x200000 && hi < 0x200000) {
        const value = hi * TWO_32 + (lo >>> 0)
        if (value < minN) minN = value
        if (value > maxN) maxN = value
      } else {
        this.addBig(src.big[j]!)
      }
    }
    this.count = k
    this.minN = minN
    this.maxN = maxN
  }

  private addBig(value: bigint): void {
    if (this.minB === undefined || value < this.minB) this.minB = value
    if (this.maxB === undefined || value > this.maxB) this.maxB = value
  }

  private add(value: number | bigint): void {
    const k = this.count
    if (2 * k + 2 > this.words.length) this.grow()
    this.count = k + 1
    if (typeof value === 'number') {
      const hi = Math.floor(value / TWO_32)
      this.words[2 * k] = value - hi * TWO_32
      this.words[2 * k + 1] = hi
      if (value < this.minN) this.minN = value
      if (value > this.maxN) this.maxN = value
    } else {
      this.big[k] = value
      if (value >= -MAX_SAFE && value <= MAX_SAFE) {
        const n = Number(value)
        if (n < this.minN) this.minN = n
        if (n > this.maxN) this.maxN = n
      } else {
        this.addBig(value)
      }
    }
  }

  /** Minimum and maximum of all values, or null when there are none. */
  private extremes(): { min: number | bigint; max: number | bigint } | null {
    if (this.count === 0) return null
    let min: number | bigint | undefined =
      this.minN === Number.POSITIVE_INFINITY ? undefined : this.minN
    let max: number | bigint | undefined =
      this.maxN === Number.NEGATIVE_INFINITY ? undefined : this.maxN
    if (this.minB !== undefined && (min === undefined || this.minB < min)) min = this.minB
    if (this.maxB !== undefined && (max === undefined || this.maxB > max)) max = this.maxB
    return { min: min!, max: max! }
  }

  /** Makes room for `n` values at once (a column's row count: no growing while reading). */
  reserve(n: number): void {
    if (2 * n > this.words.length) this.grow(n)
  }

  private grow(need = this.count + 1): void {
    let size = this.words.length * 2
    while (size < 2 * need) size *= 2
    const next = i32(size)
    next.set(this.words)
    this.words = next
    this.big = new BigInt64Array(next.buffer)
  }

  writePlain(out: ByteWriter): void {
    out.bytes(new Uint8Array(this.words.buffer, 0, this.count * 8))
  }

  bounds(): { min: SingleValue; max: SingleValue } | null {
    const e = this.extremes()
    return e === null ? null : { min: BigInt(e.min), max: BigInt(e.max) }
  }

  statistics(): { min: Uint8Array; max: Uint8Array } | null {
    const e = this.extremes()
    return e === null ? null : { min: int64Bytes(e.min), max: int64Bytes(e.max) }
  }

  reset(): void {
    this.count = 0
    this.minN = Number.POSITIVE_INFINITY
    this.maxN = Number.NEGATIVE_INFINITY
    this.minB = undefined
    this.maxB = undefined
  }

  truncate(count: number): void {
    if (count < this.count) this.count = count
  }

  /** The values as bigints (for a sort key with values beyond 2^53 in magnitude). */
  sortValues(): bigint[] {
    return Array.from(this.big.subarray(0, this.count))
  }

  /** The values as numbers, or null when one is beyond 2^53 in magnitude. */
  sortNumbers(): { numbers: Float64Array; ranks: number } | null {
    const words = this.words
    const numbers = f64(this.count)
    for (let k = 0; k < this.count; k++) {
      const hi = words[2 * k + 1]!
      if (hi < -0x200000 || hi >= 0x200000) return null
      numbers[k] = hi * TWO_32 + (words[2 * k]! >>> 0)
    }
    return { numbers, ranks: 0 }
  }
}

/** INT32 columns: int, date and decimals of up to 9 digits (unscaled). */
export class Int32Sink implements ValueSink {
  count = 0
  readonly nanCount = 0
  private values = i32(1024)

  reserve(n: number): void {
    if (n > this.values.length) {
      const next = i32(Math.max(n, 2 * this.values.length))
      next.set(this.values.subarray(0, this.count))
      this.values = next
    }
  }

  truncate(count: number): void {
    if (count < this.count) this.count = count
  }

  private min = 0
  private max = 0

  /** @param unscaled the values are unscaled decimals (bounds are then bigints). */
  constructor(
    private readonly convert: (value: unknown) => number,
    private readonly unscaled = false,
  ) {}

  push(value: unknown): void {
    this.add(this.convert(value))
  }

  private add(v: number): void {
    if (this.count === this.values.length) {
      const next = i32(this.values.length * 2)
      next.set(this.values)
      this.values = next
    }
    if (this.count === 0 || v < this.min) this.min = v
    if (this.count === 0 || v > this.max) this.max = v
    this.values[this.count++] = v
  }

  fill(values: readonly unknown[], from: number, to: number, defs: Uint8Array | null): number {
    return fillWith(this, values, from, to, defs)
  }

  gather(source: ValueSink, indices: Uint32Array, count: number): void {
    const src = (source as Int32Sink).values
    for (let i = 0; i < count; i++) this.add(src[indices[i]!]!)
  }

  writePlain(out: ByteWriter): void {
    out.bytes(new Uint8Array(this.values.buffer, 0, this.count * 4))
  }

  bounds(): { min: SingleValue; max: SingleValue } | null {
    if (this.count === 0) return null
    if (this.unscaled) return { min: BigInt(this.min), max: BigInt(this.max) }
    return { min: this.min, max: this.max }
  }

  statistics(): { min: Uint8Array; max: Uint8Array } | null {
    if (this.count === 0) return null
    const bytes = Buffer.alloc(8)
    bytes.writeInt32LE(this.min, 0)
    bytes.writeInt32LE(this.max, 4)
    return { min: bytes.subarray(0, 4), max: bytes.subarray(4) }
  }

  reset(): void {
    this.count = 0
  }

  sortNumbers(): { numbers: Float64Array; ranks: number } {
    return { numbers: Float64Array.from(this.values.subarray(0, this.count)), ranks: 0 }
  }
}

/** FLOAT and DOUBLE columns; NaN is stored but counted apart and kept out of the bounds. */
export class FloatingSink implements ValueSink {
  count = 0
  nanCount = 0
  private values: Float32Array | Float64Array
  private min = Number.POSITIVE_INFINITY
  private max = Number.NEGATIVE_INFINITY
  private seen = false

  constructor(private readonly type: 'float' | 'double') {
    this.values = type === 'float' ? f32(1024) : f64(1024)
  }

  reserve(n: number): void {
    if (n > this.values.length) {
      const size = Math.max(n, 2 * this.values.length)
      const next = this.type === 'float' ? f32(size) : f64(size)
      next.set(this.values.subarray(0, this.count))
      this.values = next
    }
  }

  truncate(count: number): void {
    if (count < this.count) this.count = count
  }

  /** The values as numbers, NaN included (a float sort key: `sort-rows` orders NaN last). */
  sortValues(): number[] {
    return Array.from(this.values.subarray(0, this.count))
  }

  push(value: unknown): void {
    if (typeof value !== 'number') throw invalidValue(this.type, value, 'expected a number')
    this.add(value)
  }

  gather(source: ValueSink, indices: Uint32Array, count: number): void {
    const src = (source as FloatingSink).values
    for (let i = 0; i < count; i++) this.add(src[indices[i]!]!)
  }

  private add(value: number): void {
    if (this.count === this.values.length) {
      const next = this.type === 'float' ? f32(this.values.length * 2) : f64(this.values.length * 2)
      next.set(this.values)
      this.values = next
    }
    this.values[this.count] = value
    const stored = this.values[this.count]!
    this.count++
    if (Number.isNaN(stored)) {
      this.nanCount++
      return
    }
    if (!this.seen) {
      this.min = stored
      this.max = stored
      this.seen = true
      return
    }
    // -0 orders below +0 (Iceberg and Java compare floats with Float.compare).
    if (stored < this.min || (stored === 0 && this.min === 0 && Object.is(stored, -0))) {
      this.min = stored
    }
    if (stored > this.max || (stored === 0 && this.max === 0 && Object.is(this.max, -0))) {
      this.max = stored
    }
  }

  fill(values: readonly unknown[], from: number, to: number, defs: Uint8Array | null): number {
    return fillWith(this, values, from, to, defs)
  }

  writePlain(out: ByteWriter): void {
    const width = this.type === 'float' ? 4 : 8
    out.bytes(new Uint8Array(this.values.buffer, 0, this.count * width))
  }

  bounds(): { min: SingleValue; max: SingleValue } | null {
    return this.seen ? { min: this.min, max: this.max } : null
  }

  statistics(): { min: Uint8Array; max: Uint8Array } | null {
    if (!this.seen) return null
    // parquet-format: a zero minimum is written as -0 and a zero maximum as +0.
    const min = this.min === 0 ? -0 : this.min
    const max = this.max === 0 ? 0 : this.max
    const bytes = Buffer.alloc(16)
    if (this.type === 'float') {
      bytes.writeFloatLE(min, 0)
      bytes.writeFloatLE(max, 8)
      return { min: bytes.subarray(0, 4), max: bytes.subarray(8, 12) }
    }
    bytes.writeDoubleLE(min, 0)
    bytes.writeDoubleLE(max, 8)
    return { min: bytes.subarray(0, 8), max: bytes.subarray(8) }
  }

  reset(): void {
    this.count = 0
    this.nanCount = 0
    this.seen = false
    this.min = Number.POSITIVE_INFINITY
    this.max = Number.NEGATIVE_INFINITY
  }
}

/** BOOLEAN columns. */
export class BooleanSink implements ValueSink {
  count = 0
  readonly nanCount = 0
  private values = u8(1024)
  private trues = 0

  push(value: unknown): void {
    if (typeof value !== 'boolean') throw invalidValue('boolean', value)
    this.add(value)
  }

  gather(source: ValueSink, indices: Uint32Array, count: number): void {
    const src = (source as BooleanSink).values
    for (let i = 0; i < count; i++) this.add(src[indices[i]!] === 1)
  }

  private add(value: boolean): void {
    if (this.count === this.values.length) {
      const next = u8(this.values.length * 2)
      next.set(this.values)
      this.values = next
    }
    this.values[this.count++] = value ? 1 : 0
    if (value) this.trues++
  }

  fill(values: readonly unknown[], from: number, to: number, defs: Uint8Array | null): number {
    return fillWith(this, values, from, to, defs)
  }

  truncate(count: number): void {
    if (count >= this.count) return
    for (let k = count; k < this.count; k++) this.trues -= this.values[k]!
    this.count = count
  }

  sortNumbers(): { numbers: Float64Array; ranks: number } {
    return { numbers: Float64Array.from(this.values.subarray(0, this.count)), ranks: 0 }
  }

  /** PLAIN booleans are bit-packed, LSB first. */
  writePlain(out: ByteWriter): void {
    const at = out.reserve(Math.ceil(this.count / 8))
    const buf = out.view()
    for (let k = 0; k < this.count; k += 8) {
      let byte = 0
      const n = Math.min(8, this.count - k)
      for (let b = 0; b < n; b++) if (this.values[k + b]) byte |= 1 << b
      buf[at + (k >> 3)] = byte
    }
  }

  bounds(): { min: SingleValue; max: SingleValue } | null {
    if (this.count === 0) return null
    return { min: this.trues === this.count, max: this.trues > 0 }
  }

  statistics(): { min: Uint8Array; max: Uint8Array } | null {
    const b = this.bounds()
    if (b === null) return null
    return { min: Uint8Array.of(b.min ? 1 : 0), max: Uint8Array.of(b.max ? 1 : 0) }
  }

  reset(): void {
    this.count = 0
    this.trues = 0
  }
}

/** The generic flat-column loop for the less hot sinks. */
export function fillWith(
  sink: ValueSink,
  values: readonly unknown[],
  from: number,
  to: number,
  defs: Uint8Array | null,
): number {
  let nulls = 0
  for (let i = from; i < to; i++) {
    const value = values[i]
    if (value === null || value === undefined) {
      if (defs === null) throw requiredNull()
      defs[i - from] = 0
      nulls++
    } else {
      if (defs !== null) defs[i - from] = 1
      sink.push(value)
    }
  }
  return nulls
}

function int64Bytes(value: number | bigint): Uint8Array {
  const bytes = Buffer.alloc(8)
  bytes.writeBigInt64LE(BigInt(value))
  return bytes
}

/** Converters of the integer-backed Iceberg types. */
export function int64Convert(type: PrimitiveType, min: bigint, max: bigint): IntegerConvert {
  return (value) => {
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      if (value < min || value > max) throw invalidValue(type, value, 'out of range')
      return value
    }
    if (typeof value === 'bigint' && value >= min && value <= max) return value
    throw invalidValue(type, value, 'expected a safe integer number or a bigint')
  }
}

export const INT64_RANGE = { min: INT64_MIN, max: INT64_MAX } as const

export function int32Convert(type: PrimitiveType): (value: unknown) => number {
  return (value) => {
    if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= -0x80000000 &&
      value <= 0x7fffffff
    ) {
      return value
    }
    throw invalidValue(type, value, 'expected a 32-bit integer number')
  }
}

/** An ExactDecimal as its unscaled integer at `scale`, checked against `precision`. */
export function decimalConvert(type: PrimitiveType, precision: number, scale: number) {
  const limit = 10n ** BigInt(precision)
  return (value: unknown): number | bigint => {
    if (!(value instanceof ExactDecimal) && !ExactDecimal.isDecimal(value)) {
      throw invalidValue(type, value, 'expected an ExactDecimal')
    }
    const d = value as ExactDecimal
    if (!d.isFinite()) throw invalidValue(type, value, 'not finite')
    const unscaled = decimalUnscaled(d, scale)
    if (unscaled === undefined) {
      throw invalidValue(type, value, `more than ${scale} fractional digits`)
    }
    // A safe integer has at most 16 digits, so only precisions up to 15 can overflow as numbers.
    const tooLarge =
      typeof unscaled === 'number'
        ? precision <= 15 && Math.abs(unscaled) >= 10 ** precision
        : unscaled >= limit || unscaled <= -limit
    if (tooLarge) throw invalidValue(type, value, `more than ${precision - scale} integer digits`)
    return unscaled
  }
}
