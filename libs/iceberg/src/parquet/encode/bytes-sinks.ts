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

/** BYTE_ARRAY UTF8 columns (string), dictionary-encoded when few values are distinct. */
export class StringSink implements DictionarySink {
  count = 0
  readonly nanCount = 0
  dictionarySize = 0
  private values: string[] = []
  private min: string | undefined
  private max: string | undefined

  push(value: unknown): void {
    if (typeof value !== 'string') throw invalidValue('string', value, 'expected a string')
    this.values[this.count++] = value
  }

  fill(
    rows: readonly object[],
    order: Uint32Array,
    from: number,
    to: number,
    name: string,
    defs: Uint8Array | null,
  ): number {
    let nulls = 0
    const values = this.values
    let count = this.count
    for (let i = from; i < to; i++) {
      const value = (rows[order[i]!] as Row)[name]
      if (typeof value === 'string') {
        values[count++] = value
        if (defs !== null) defs[i - from] = 1
      } else if (value === null || value === undefined) {
        if (defs === null) throw requiredNull()
        defs[i - from] = 0
        nulls++
      } else {
        this.count = count
        throw invalidValue('string', value, 'expected a string')
      }
    }
    this.count = count
    return nulls
  }

  dictionaryEncode(dictionary: ByteWriter): Uint32Array | null {
    const n = this.count
    if (n === 0) return null
    const ids = new Map<string, number>()
    const indices = new Uint32Array(n)
    const values = this.values
    let bytes = 0
    for (let i = 0; i < n; i++) {
      const value = values[i]!
      let id = ids.get(value)
      if (id === undefined) {
        id = ids.size
        ids.set(value, id)
        bytes += 4 + value.length
        if (bytes > MAX_DICTIONARY_BYTES || (i === PROBE_VALUES && ids.size > PROBE_VALUES / 2)) {
          return null
        }
      }
      indices[i] = id
    }
    if (ids.size > n / 2 && n > PROBE_VALUES) return null
    let min: string | undefined
    let max: string | undefined
    for (const value of ids.keys()) {
      writeString(dictionary, value)
      if (min === undefined || compareCodePoints(value, min) < 0) min = value
      if (max === undefined || compareCodePoints(value, max) > 0) max = value
    }
    this.min = min
    this.max = max
    this.dictionarySize = ids.size
    return indices
  }

  writePlain(out: ByteWriter): void {
    const values = this.values
    let min = values[0]
    let max = values[0]
    for (let i = 0; i < this.count; i++) {
      const value = values[i]!
      writeString(out, value)
      if (value !== min && compareCodePoints(value, min!) < 0) min = value
      if (value !== max && compareCodePoints(value, max!) > 0) max = value
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

  reset(): void {
    this.count = 0
    this.values.length = 0
    this.min = undefined
    this.max = undefined
    this.dictionarySize = 0
  }
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
    this.values[this.count++] = value
    if (this.min === undefined || Buffer.compare(value, this.min) < 0) this.min = value
    if (this.max === undefined || Buffer.compare(value, this.max) > 0) this.max = value
  }

  fill(
    rows: readonly object[],
    order: Uint32Array,
    from: number,
    to: number,
    name: string,
    defs: Uint8Array | null,
  ): number {
    return fillWith(this, rows, order, from, to, name, defs)
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
    const at = this.count * this.length
    if (at + this.length > this.bytes.length) {
      const next = new Uint8Array(this.bytes.length * 2)
      next.set(this.bytes)
      this.bytes = next
    }
    this.toBytes(value, this.bytes, at)
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
    order: Uint32Array,
    from: number,
    to: number,
    name: string,
    defs: Uint8Array | null,
  ): number {
    return fillWith(this, rows, order, from, to, name, defs)
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
