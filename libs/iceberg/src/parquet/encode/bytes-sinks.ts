import type { ByteWriter } from '../format/byte-writer.js'
import type { SingleValue } from '../../spec/single-value.js'
import type { PrimitiveType } from '../../spec/types.js'
import { compareCodePoints } from './string-order.js'
import { invalidValue } from './value-error.js'
import { requiredNull, type DictionarySink, type ValueSink } from './value-sink.js'
import { fillWith } from './number-sinks.js'

type Row = Record<string, unknown>

/** A dictionary stops paying beyond this many bytes of distinct values (Arrow's default page). */
const MAX_DICTIONARY_BYTES = 1 << 20
/** Values looked at before deciding whether a dictionary is worth building. */
const PROBE_VALUES = 1024

/** A file-wide dictionary stops being kept beyond this many distinct values. */
const MAX_CODES = 1 << 12

/**
 * BYTE_ARRAY UTF8 columns (string), dictionary-encoded when few values are distinct. While the
 * file's values are read in row order, each distinct value gets a code (as long as there are few:
 * symbols, exchanges, currencies, map keys), so that a row group's dictionary is then built from
 * integer codes without touching the strings again.
 */
export class StringSink implements DictionarySink {
  count = 0
  readonly nanCount = 0
  dictionarySize = 0
  private values: string[] = []
  /** Code of each value while the file-wide dictionary lasts; null once it stopped paying. */
  private codes: Uint32Array | null = new Uint32Array(1024)
  private readonly codeOf = new Map<string, number>()
  private readonly distinct: string[] = []
  /** A gathered row group whose values are codes into this source's `distinct`. */
  private codedFrom: StringSink | null = null
  private min: string | undefined
  private max: string | undefined

  push(value: unknown): void {
    if (typeof value !== 'string') throw invalidValue('string', value, 'expected a string')
    this.add(value)
  }

  private add(value: string): void {
    const k = this.count++
    this.values[k] = value
    const codes = this.codes
    if (codes === null) return
    let code = this.codeOf.get(value)
    if (code === undefined) {
      code = this.distinct.length
      if (code >= MAX_CODES || (k >= PROBE_VALUES && code > k / 2)) {
        this.codes = null
        return
      }
      this.codeOf.set(value, code)
      this.distinct.push(value)
    }
    if (k === codes.length) {
      const next = new Uint32Array(codes.length * 2)
      next.set(codes)
      this.codes = next
    }
    this.codes![k] = code
  }

  fill(
    rows: readonly object[],
    from: number,
    to: number,
    name: string,
    defs: Uint8Array | null,
  ): number {
    let nulls = 0
    for (let i = from; i < to; i++) {
      const value = (rows[i] as Row)[name]
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

  gather(source: ValueSink, indices: Uint32Array, count: number): void {
    const src = source as StringSink
    const start = this.count
    if (src.codes !== null && start === 0) {
      // Codes only: the strings are read back from the source's dictionary.
      this.codedFrom = src
      const codes = count > (this.codes?.length ?? 0) ? new Uint32Array(count) : this.codes!
      for (let i = 0; i < count; i++) codes[i] = src.codes[indices[i]!]!
      this.codes = codes
      this.count = count
      return
    }
    this.codes = null
    const values = this.values
    const from = src.values
    for (let i = 0; i < count; i++) values[start + i] = from[indices[i]!]!
    this.count = start + count
  }

  dictionaryEncode(dictionary: ByteWriter): Uint32Array | null {
    const n = this.count
    if (n === 0) return null
    return this.codedFrom !== null
      ? this.encodeCodes(dictionary, this.codedFrom.distinct)
      : this.encodeValues(dictionary)
  }

  private encodeCodes(dictionary: ByteWriter, distinct: readonly string[]): Uint32Array | null {
    const n = this.count
    const codes = this.codes!
    const local = new Int32Array(distinct.length).fill(-1)
    const entries: string[] = []
    const indices = new Uint32Array(n)
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

  /** Turns gathered codes back into values (a dictionary that turned out too large). */
  private decode(distinct: readonly string[]): null {
    for (let i = 0; i < this.count; i++) this.values[i] = distinct[this.codes![i]!]!
    this.codedFrom = null
    return null
  }

  private encodeValues(dictionary: ByteWriter): Uint32Array | null {
    const n = this.count
    const ids = new Map<string, number>()
    const entries: string[] = []
    const indices = new Uint32Array(n)
    const values = this.values
    let bytes = 0
    for (let i = 0; i < n; i++) {
      const value = values[i]!
      let id = ids.get(value)
      if (id === undefined) {
        id = entries.length
        bytes += 4 + value.length
        if ((i >= PROBE_VALUES && id > i / 2) || bytes > MAX_DICTIONARY_BYTES) return null
        ids.set(value, id)
        entries.push(value)
      }
      indices[i] = id
    }
    return this.writeDictionary(dictionary, entries) ? indices : null
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

  writePlain(out: ByteWriter): void {
    let min: string | undefined
    let max: string | undefined
    for (let start = 0; start < this.count; start += PLAIN_BATCH) {
      const batch = writePlainBatch(
        out,
        this.values,
        start,
        Math.min(this.count, start + PLAIN_BATCH),
      )
      if (min === undefined || compareCodePoints(batch.min, min) < 0) min = batch.min
      if (max === undefined || compareCodePoints(batch.max, max) > 0) max = batch.max
    }
    this.min = min
    this.max = max
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
    this.values.length = 0
    this.codedFrom = null
    this.codes = new Uint32Array(1024)
    this.min = undefined
    this.max = undefined
    this.dictionarySize = 0
  }
}

/** Strings converted to UTF-8 at once by {@link writePlainBatch}. */
const PLAIN_BATCH = 4096

/**
 * Writes `values[start, end)` as PLAIN byte arrays (4-byte length, then the UTF-8 bytes). One
 * native UTF-8 conversion per batch instead of one per value; when the batch is ASCII (byte
 * length = string length, the usual case for ids) the lengths are the string lengths.
 */
function writePlainBatch(
  out: ByteWriter,
  values: readonly string[],
  start: number,
  end: number,
): { min: string; max: string } {
  const joined = values.slice(start, end).join('')
  const bytes = Buffer.from(joined, 'utf8')
  if (bytes.length !== joined.length) {
    let min = values[start]!
    let max = min
    for (let i = start; i < end; i++) {
      const value = values[i]!
      writeString(out, value)
      if (compareCodePoints(value, min) < 0) min = value
      if (compareCodePoints(value, max) > 0) max = value
    }
    return { min, max }
  }
  // ASCII: byte order is code point order; bounds are tracked as byte ranges of `bytes`.
  let pos = out.reserve(bytes.length + 4 * (end - start))
  const buf = out.view()
  let from = 0
  let minAt = 0
  let minLength = values[start]!.length
  let maxAt = 0
  let maxLength = minLength
  for (let i = start; i < end; i++) {
    const length = values[i]!.length
    buf[pos] = length & 0xff
    buf[pos + 1] = (length >>> 8) & 0xff
    buf[pos + 2] = (length >>> 16) & 0xff
    buf[pos + 3] = length >>> 24
    pos += 4
    if (length > 64) {
      bytes.copy(buf, pos, from, from + length)
    } else {
      for (let b = 0; b < length; b++) buf[pos + b] = bytes[from + b]!
    }
    if (compareRanges(bytes, from, length, minAt, minLength) < 0) {
      minAt = from
      minLength = length
    } else if (compareRanges(bytes, from, length, maxAt, maxLength) > 0) {
      maxAt = from
      maxLength = length
    }
    pos += length
    from += length
  }
  return {
    min: bytes.toString('latin1', minAt, minAt + minLength),
    max: bytes.toString('latin1', maxAt, maxAt + maxLength),
  }
}

/** Compares two byte ranges of `bytes` as unsigned byte strings. */
function compareRanges(bytes: Buffer, a: number, aLength: number, b: number, bLength: number) {
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

  fill(
    rows: readonly object[],
    from: number,
    to: number,
    name: string,
    defs: Uint8Array | null,
  ): number {
    return fillWith(this, rows, from, to, name, defs)
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
    this.bytes = new Uint8Array(length * 256)
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
      const next = new Uint8Array(this.bytes.length * 2)
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

  fill(
    rows: readonly object[],
    from: number,
    to: number,
    name: string,
    defs: Uint8Array | null,
  ): number {
    return fillWith(this, rows, from, to, name, defs)
  }

  writePlain(out: ByteWriter): void {
    out.bytes(this.bytes.subarray(0, this.count * this.length))
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
