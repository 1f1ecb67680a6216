import { f64, i32, u32, u8 } from './shared-arrays.js'
import type { ByteWriter } from '../format/byte-writer.js'
import type { SingleValue } from '../../spec/single-value.js'
import type { PrimitiveType } from '../../spec/types.js'
import { compareCodePoints } from './string-order.js'
import { invalidValue } from './value-error.js'
import { requiredNull, type DictionarySink, type ValueSink } from './value-sink.js'
import { fillWith } from './number-sinks.js'

/** A dictionary stops paying beyond this many bytes of distinct values (Arrow's default page). */
const MAX_DICTIONARY_BYTES = 1 << 20
/** Values looked at before deciding whether a dictionary is worth building. */
const PROBE_VALUES = 1024

/**
 * A file-wide dictionary stops being kept beyond this many distinct values. Past it (or when more
 * than half of the first values are distinct) the column is written PLAIN: a row group's
 * dictionary of that many entries would pass `MAX_DICTIONARY_BYTES` or hold most of its values.
 */
const MAX_CODES = 1 << 16

/** Strings converted to UTF-8 at once: one native conversion per batch instead of one per value. */
const UTF8_BATCH = 4096

/**
 * BYTE_ARRAY UTF8 columns (string). While the file's values are read in row order, each distinct
 * value gets a code (as long as there are few: symbols, exchanges, currencies, map keys), so that
 * a row group's dictionary is then built from integer codes without touching the strings again.
 * Once codes stop paying (ids, times as text), the values are kept as UTF-8 bytes, converted in
 * batches (no per-value allocation, nothing for the garbage collector to trace), and a row group
 * gathers them straight into its PLAIN page, bounds compared as bytes (UTF-8 byte order is code
 * point order). A source sink holds only typed arrays and a few strings, so it can be handed to
 * an encoding worker.
 */
export class StringSink implements DictionarySink {
  count = 0
  readonly nanCount = 0
  dictionarySize = 0
  /** Code of each value while the file-wide dictionary lasts; null once it stopped paying. */
  private codes: Uint32Array | null = u32(1024)
  private codeOf: Map<string, number> | null = new Map()
  private distinct: string[] = []
  private lastCode = -1
  /** Values expected in all (from `reserve`): byte form is sized for them at once. */
  private expected = 0
  /** Byte form (source sinks): the UTF-8 bytes of values [0, converted), value k at offsets[k]. */
  private data: Uint8Array | null = null
  private dataLength = 0
  private offsets: Uint32Array | null = null
  private converted = 0
  /** Values added in byte form but not converted yet. */
  private pending: string[] = []
  /** A gathered row group whose values are codes into this source's `distinct`. */
  private codedFrom: StringSink | null = null
  /** A gathered row group in byte form: its PLAIN page. */
  private page: Uint8Array = u8(0)
  private pageLength = 0
  private min: string | undefined
  private max: string | undefined

  push(value: unknown): void {
    if (typeof value !== 'string') throw invalidValue('string', value, 'expected a string')
    this.add(value)
  }

  reserve(n: number): void {
    this.expected = n
    if (this.codes !== null && n > this.codes.length) {
      const next = u32(Math.max(n, 2 * this.codes.length))
      next.set(this.codes.subarray(0, this.count))
      this.codes = next
    }
  }

  private add(value: string): void {
    const k = this.count++
    const codes = this.codes
    if (codes === null) {
      this.pending.push(value)
      if (this.pending.length === UTF8_BATCH) this.convert()
      return
    }
    // Repetitive columns usually repeat the last value or cycle (map keys): try those first.
    const distinct = this.distinct
    const last = this.lastCode
    let code = last + 1 < distinct.length ? last + 1 : 0
    if (distinct[code] !== value) {
      if (last >= 0 && distinct[last] === value) {
        code = last
      } else {
        const found = this.codeOf!.get(value)
        if (found === undefined) {
          code = distinct.length
          if (code >= MAX_CODES || (k >= PROBE_VALUES && code > k / 2)) {
            this.count = k
            this.toBytes()
            this.count = k + 1
            this.pending.push(value)
            return
          }
          this.codeOf!.set(value, code)
          distinct.push(value)
        } else {
          code = found
        }
      }
    }
    this.lastCode = code
    if (k === codes.length) {
      const next = u32(codes.length * 2)
      next.set(codes)
      this.codes = next
    }
    this.codes![k] = code
  }

  /** Leaves the coded form: the values so far become bytes. */
  private toBytes(): void {
    const codes = this.codes!
    const distinct = this.distinct
    this.codes = null
    this.codeOf = null
    this.data = u8(Math.max(1 << 16, 64 * this.count))
    this.offsets = u32(Math.max(1024, 2 * this.count + 1))
    for (let k = 0; k < this.count; k++) {
      this.pending.push(distinct[codes[k]!]!)
      if (this.pending.length === UTF8_BATCH) this.convert()
    }
    this.convert()
    this.distinct = []
    if (this.expected > this.count && this.count > 0) {
      // Room for the values still to come, at the average length so far.
      const bytes = Math.ceil((this.dataLength / this.count) * this.expected * 1.1)
      if (bytes > this.data.length) {
        const data = u8(bytes)
        data.set(this.data.subarray(0, this.dataLength))
        this.data = data
      }
      if (this.expected + 1 > this.offsets.length) {
        const offsets = u32(this.expected + 1)
        offsets.set(this.offsets.subarray(0, this.converted + 1))
        this.offsets = offsets
      }
    }
  }

  /** Converts the pending values to UTF-8 at the end of `data`. */
  private convert(): void {
    const pending = this.pending
    const n = pending.length
    if (n === 0) return
    const joined = n === 1 ? pending[0]! : pending.join('')
    let data = this.data!
    const at = this.dataLength
    if (at + 3 * joined.length > data.length) {
      let size = data.length * 2
      while (size < at + 3 * joined.length) size *= 2
      const next = u8(size)
      next.set(data.subarray(0, at))
      data = this.data = next
    }
    let offsets = this.offsets!
    const first = this.converted
    if (first + n + 1 > offsets.length) {
      let size = offsets.length * 2
      while (size < first + n + 1) size *= 2
      const next = u32(size)
      next.set(offsets.subarray(0, first + 1))
      offsets = this.offsets = next
    }
    const written = bufferOf(data).write(joined, at, 'utf8')
    let end = at
    if (written === joined.length) {
      // ASCII: a value's byte length is its string length.
      for (let i = 0; i < n; i++) {
        offsets[first + i] = end
        end += pending[i]!.length
      }
    } else {
      for (let i = 0; i < n; i++) {
        offsets[first + i] = end
        end += Buffer.byteLength(pending[i]!, 'utf8')
      }
      if (end !== at + written) {
        // Lone surrogates joined into a pair: convert value by value instead.
        end = at
        const buf = bufferOf(data)
        for (let i = 0; i < n; i++) {
          offsets[first + i] = end
          end += buf.write(pending[i]!, end, 'utf8')
        }
      }
    }
    offsets[first + n] = end
    this.dataLength = end
    this.converted = first + n
    pending.length = 0
  }

  truncate(count: number): void {
    if (count >= this.count) return
    this.count = count
    if (this.codes !== null) return
    if (count >= this.converted) {
      this.pending.length = count - this.converted
    } else {
      this.pending.length = 0
      this.converted = count
      this.dataLength = this.offsets![count]!
    }
  }

  /** The values as strings (a sort key whose values outgrew the file-wide dictionary). */
  sortValues(): string[] {
    const values: string[] = new Array<string>(this.count)
    if (this.codes !== null) {
      for (let k = 0; k < this.count; k++) values[k] = this.distinct[this.codes[k]!]!
      return values
    }
    this.convert()
    const buf = bufferOf(this.data!)
    const offsets = this.offsets!
    for (let k = 0; k < this.count; k++)
      values[k] = buf.toString('utf8', offsets[k]!, offsets[k + 1]!)
    return values
  }

  /** Ends the reading of a source sink: pending values are converted, lookups dropped. */
  seal(): void {
    if (this.codes === null) this.convert()
    this.codeOf = null
  }

  fill(values: readonly unknown[], from: number, to: number, defs: Uint8Array | null): number {
    let nulls = 0
    for (let i = from; i < to; i++) {
      const value = values[i]
      if (typeof value === 'string') {
        this.add(value)
        if (defs !== null) defs[i - from] = 1
      } else if (value === null || value === undefined) {
        if (defs === null) throw requiredNull()
        defs[i - from] = 0
        nulls++
      } else {
        throw invalidValue('string', value, 'expected a string')
      }
    }
    return nulls
  }

  /** Gathers into an empty (reset) sink: codes when the source has them, else the PLAIN page. */
  gather(source: ValueSink, indices: Uint32Array, count: number): void {
    const src = source as StringSink
    src.seal()
    if (src.codes !== null) {
      // Codes only: the strings are read back from the source's dictionary.
      this.codedFrom = src
      const codes = count > (this.codes?.length ?? 0) ? u32(count) : this.codes!
      const from = src.codes
      for (let i = 0; i < count; i++) codes[i] = from[indices[i]!]!
      this.codes = codes
      this.count = count
      return
    }
    this.codes = null
    const data = src.data!
    const offsets = src.offsets!
    let size = 4 * count
    for (let i = 0; i < count; i++) {
      const j = indices[i]!
      size += offsets[j + 1]! - offsets[j]!
    }
    if (size > this.page.length) this.page = u8(Math.max(size, 2 * this.page.length))
    const page = this.page
    let pos = 0
    let minAt = -1
    let minLength = 0
    let maxAt = -1
    let maxLength = 0
    for (let i = 0; i < count; i++) {
      const j = indices[i]!
      const a = offsets[j]!
      const length = offsets[j + 1]! - a
      page[pos] = length & 0xff
      page[pos + 1] = (length >>> 8) & 0xff
      page[pos + 2] = (length >>> 16) & 0xff
      page[pos + 3] = length >>> 24
      pos += 4
      if (length > 48) page.set(data.subarray(a, a + length), pos)
      else for (let b = 0; b < length; b++) page[pos + b] = data[a + b]!
      pos += length
      if (minAt < 0) {
        minAt = maxAt = a
        minLength = maxLength = length
      } else if (compareBytes(data, a, length, minAt, minLength) < 0) {
        minAt = a
        minLength = length
      } else if (compareBytes(data, a, length, maxAt, maxLength) > 0) {
        maxAt = a
        maxLength = length
      }
    }
    this.pageLength = pos
    this.count = count
    if (minAt >= 0) {
      const buf = bufferOf(data)
      this.min = buf.toString('utf8', minAt, minAt + minLength)
      this.max = buf.toString('utf8', maxAt, maxAt + maxLength)
    }
  }

  dictionaryEncode(dictionary: ByteWriter): Uint32Array | null {
    if (this.count === 0 || this.codedFrom === null) return null
    return this.encodeCodes(dictionary, this.codedFrom.distinct)
  }

  private encodeCodes(dictionary: ByteWriter, distinct: readonly string[]): Uint32Array | null {
    const n = this.count
    const codes = this.codes!
    const local = i32(distinct.length).fill(-1)
    const entries: string[] = []
    const indices = u32(n)
    for (let i = 0; i < n; i++) {
      const code = codes[i]!
      let id = local[code]!
      if (id < 0) {
        id = local[code] = entries.length
        entries.push(distinct[code]!)
      }
      indices[i] = id
    }
    return this.writeDictionary(dictionary, entries) ? indices : this.decode(distinct)
  }

  /** Turns gathered codes into a PLAIN page (a dictionary that turned out too large). */
  private decode(distinct: readonly string[]): null {
    const encoded = distinct.map((value) => Buffer.from(value, 'utf8'))
    let size = 0
    for (let i = 0; i < this.count; i++) size += 4 + encoded[this.codes![i]!]!.length
    if (size > this.page.length) this.page = u8(size)
    const view = new DataView(this.page.buffer, this.page.byteOffset, this.page.byteLength)
    let pos = 0
    let min: string | undefined
    let max: string | undefined
    for (let i = 0; i < this.count; i++) {
      const code = this.codes![i]!
      const bytes = encoded[code]!
      view.setUint32(pos, bytes.length, true)
      this.page.set(bytes, pos + 4)
      pos += 4 + bytes.length
      const value = distinct[code]!
      if (min === undefined || compareCodePoints(value, min) < 0) min = value
      if (max === undefined || compareCodePoints(value, max) > 0) max = value
    }
    this.pageLength = pos
    this.min = min
    this.max = max
    this.codedFrom = null
    return null
  }

  /** Writes the dictionary page body and the bounds; false when it would be too large. */
  private writeDictionary(dictionary: ByteWriter, entries: readonly string[]): boolean {
    if (entries.length > this.count / 2 && this.count > PROBE_VALUES) return false
    let min: string | undefined
    let max: string | undefined
    for (const value of entries) {
      writeString(dictionary, value)
      if (dictionary.length > MAX_DICTIONARY_BYTES) {
        dictionary.reset()
        return false
      }
      if (min === undefined || compareCodePoints(value, min) < 0) min = value
      if (max === undefined || compareCodePoints(value, max) > 0) max = value
    }
    this.min = min
    this.max = max
    this.dictionarySize = entries.length
    return true
  }

  /** PLAIN values of a gathered sink (after `dictionaryEncode` returned null). */
  writePlain(out: ByteWriter): void {
    out.bytes(this.page.subarray(0, this.pageLength))
  }

  /** Valid after `dictionaryEncode` (when it returned indices) or `writePlain`. */
  bounds(): { min: SingleValue; max: SingleValue } | null {
    return this.min === undefined ? null : { min: this.min, max: this.max! }
  }

  statistics(): { min: Uint8Array; max: Uint8Array } | null {
    if (this.min === undefined) return null
    return { min: Buffer.from(this.min, 'utf8'), max: Buffer.from(this.max!, 'utf8') }
  }

  /** Empties the sink for the next row group (gathered sinks only: sources are not reused). */
  reset(): void {
    this.count = 0
    this.codedFrom = null
    this.codes ??= u32(1024)
    this.pageLength = 0
    this.min = undefined
    this.max = undefined
    this.dictionarySize = 0
  }

  /**
   * Comparable numbers of a source's values for sorting (code-point ranks of the distinct
   * values), or null once the values are bytes.
   */
  sortNumbers(): { numbers: Float64Array; ranks: number } | null {
    const codes = this.codes
    if (codes === null) return null
    const distinct = this.distinct
    const byOrder = distinct.map((_, code) => code)
    byOrder.sort((a, b) => compareCodePoints(distinct[a]!, distinct[b]!))
    const rank = f64(distinct.length)
    byOrder.forEach((code, r) => (rank[code] = r))
    const numbers = f64(this.count)
    for (let k = 0; k < this.count; k++) numbers[k] = rank[codes[k]!]!
    return { numbers, ranks: distinct.length }
  }
}

/** A Buffer view of a typed array's bytes (no copy), for Node's UTF-8 conversions. */
function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Compares two byte ranges of `bytes` as unsigned byte strings. */
function compareBytes(bytes: Uint8Array, a: number, aLength: number, b: number, bLength: number) {
  const n = Math.min(aLength, bLength)
  for (let i = 0; i < n; i++) {
    const d = bytes[a + i]! - bytes[b + i]!
    if (d !== 0) return d
  }
  return aLength - bLength
}

function writeString(out: ByteWriter, value: string): void {
  const at = out.reserve(4)
  out.patchInt32(at, out.utf8(value))
}

/** BYTE_ARRAY columns without annotation (binary). */
export class BinarySink implements ValueSink {
  count = 0
  readonly nanCount = 0
  private values: Uint8Array[] = []
  private min: Uint8Array | undefined
  private max: Uint8Array | undefined

  push(value: unknown): void {
    if (!(value instanceof Uint8Array)) {
      throw invalidValue('binary', value, 'expected a Uint8Array')
    }
    this.add(value)
  }

  gather(source: ValueSink, indices: Uint32Array, count: number): void {
    const src = (source as BinarySink).values
    for (let i = 0; i < count; i++) this.add(src[indices[i]!]!)
  }

  private add(value: Uint8Array): void {
    this.values[this.count++] = value
    if (this.min === undefined || Buffer.compare(value, this.min) < 0) this.min = value
    if (this.max === undefined || Buffer.compare(value, this.max) > 0) this.max = value
  }

  fill(values: readonly unknown[], from: number, to: number, defs: Uint8Array | null): number {
    return fillWith(this, values, from, to, defs)
  }

  truncate(count: number): void {
    if (count < this.count) this.values.length = this.count = count
  }

  sortValues(): Uint8Array[] {
    return this.values.slice(0, this.count)
  }

  writePlain(out: ByteWriter): void {
    for (let i = 0; i < this.count; i++) {
      const value = this.values[i]!
      out.int32(value.length)
      out.bytes(value)
    }
  }

  bounds(): { min: SingleValue; max: SingleValue } | null {
    return this.min === undefined ? null : { min: this.min, max: this.max! }
  }

  statistics(): { min: Uint8Array; max: Uint8Array } | null {
    return this.min === undefined ? null : { min: this.min, max: this.max! }
  }

  reset(): void {
    this.count = 0
    this.values.length = 0
    this.min = undefined
    this.max = undefined
  }
}

/**
 * FIXED_LEN_BYTE_ARRAY columns: uuid, fixed[L], and decimals of more than 18 digits (big-endian
 * two's complement of the unscaled value in the fewest bytes that hold the precision).
 */
export class FixedSink implements ValueSink {
  count = 0
  readonly nanCount = 0
  private bytes: Uint8Array
  private minAt = -1
  private maxAt = -1

  /**
   * @param toBytes writes one value's `length` bytes at `out[at]` or throws.
   * @param signed compare as two's-complement numbers (decimals) rather than unsigned bytes.
   * @param toSingle the bound form of the stored bytes.
   */
  constructor(
    readonly type: PrimitiveType,
    private readonly length: number,
    private readonly toBytes: (value: unknown, out: Uint8Array, at: number) => void,
    private readonly signed: boolean,
    private readonly toSingle: (bytes: Uint8Array) => SingleValue,
  ) {
    this.bytes = u8(length * 256)
  }

  push(value: unknown): void {
    this.toBytes(value, this.slot(), this.count * this.length)
    this.added()
  }

  gather(source: ValueSink, indices: Uint32Array, count: number): void {
    const src = source as FixedSink
    for (let i = 0; i < count; i++) {
      const j = indices[i]!
      this.slot().set(src.value(j), this.count * this.length)
      this.added()
    }
  }

  /** The byte array with room for one more value at `count * length`. */
  private slot(): Uint8Array {
    if ((this.count + 1) * this.length > this.bytes.length) {
      const next = u8(this.bytes.length * 2)
      next.set(this.bytes)
      this.bytes = next
    }
    return this.bytes
  }

  private added(): void {
    const k = this.count++
    if (this.minAt < 0 || this.compare(k, this.minAt) < 0) this.minAt = k
    if (this.maxAt < 0 || this.compare(k, this.maxAt) > 0) this.maxAt = k
  }

  private value(k: number): Uint8Array {
    return this.bytes.subarray(k * this.length, (k + 1) * this.length)
  }

  private compare(a: number, b: number): number {
    const x = this.value(a)
    const y = this.value(b)
    if (this.signed && (x[0]! & 0x80) !== (y[0]! & 0x80)) return x[0]! & 0x80 ? -1 : 1
    return Buffer.compare(x, y)
  }

  fill(values: readonly unknown[], from: number, to: number, defs: Uint8Array | null): number {
    return fillWith(this, values, from, to, defs)
  }

  writePlain(out: ByteWriter): void {
    out.bytes(this.bytes.subarray(0, this.count * this.length))
  }

  truncate(count: number): void {
    if (count < this.count) this.count = count
  }

  /** The values in bound form (bigints for decimals, bytes else), which compare as the values do. */
  sortValues(): SingleValue[] {
    const values: SingleValue[] = new Array<SingleValue>(this.count)
    for (let k = 0; k < this.count; k++) values[k] = this.toSingle(this.value(k).slice())
    return values
  }

  bounds(): { min: SingleValue; max: SingleValue } | null {
    if (this.minAt < 0) return null
    return {
      min: this.toSingle(this.value(this.minAt).slice()),
      max: this.toSingle(this.value(this.maxAt).slice()),
    }
  }

  statistics(): { min: Uint8Array; max: Uint8Array } | null {
    if (this.minAt < 0) return null
    return { min: this.value(this.minAt).slice(), max: this.value(this.maxAt).slice() }
  }

  reset(): void {
    this.count = 0
    this.minAt = -1
    this.maxAt = -1
  }
}
