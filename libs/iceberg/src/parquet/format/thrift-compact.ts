import { ByteWriter } from './byte-writer.js'

/**
 * Thrift's compact protocol, the encoding of Parquet's metadata (Thrift spec "compact protocol"):
 * field headers carry the delta to the previous field id in the high nibble and the type in the
 * low one; integers are zigzag varints; booleans live in the field header; lists have a size and
 * element type header; structs end with a stop byte. Only what Parquet's structures need.
 */
export const enum CompactType {
  True = 1,
  False = 2,
  Byte = 3,
  I16 = 4,
  I32 = 5,
  I64 = 6,
  Double = 7,
  Binary = 8,
  List = 9,
  Struct = 12,
}

/** Writes one thrift struct (and the structs nested in it) in the compact protocol. */
export class CompactWriter {
  private lastField = 0
  private readonly stack: number[] = []

  constructor(readonly out: ByteWriter = new ByteWriter()) {}

  private fieldHeader(id: number, type: CompactType): void {
    const delta = id - this.lastField
    if (delta > 0 && delta <= 15) {
      this.out.byte((delta << 4) | type)
    } else {
      this.out.byte(type)
      this.out.varint(zigzag(id))
    }
    this.lastField = id
  }

  i16(id: number, value: number): this {
    this.fieldHeader(id, CompactType.I16)
    this.out.varint(zigzag(value))
    return this
  }

  i32(id: number, value: number): this {
    this.fieldHeader(id, CompactType.I32)
    this.out.varint(zigzag(value))
    return this
  }

  i64(id: number, value: number): this {
    this.fieldHeader(id, CompactType.I64)
    this.out.varint(zigzag(value))
    return this
  }

  bool(id: number, value: boolean): this {
    this.fieldHeader(id, value ? CompactType.True : CompactType.False)
    return this
  }

  binary(id: number, value: Uint8Array): this {
    this.fieldHeader(id, CompactType.Binary)
    this.out.varint(value.length)
    this.out.bytes(value)
    return this
  }

  string(id: number, value: string): this {
    return this.binary(id, Buffer.from(value, 'utf8'))
  }

  /** A nested struct field; `write` fills it in. */
  struct(id: number, write: (w: this) => void): this {
    this.fieldHeader(id, CompactType.Struct)
    this.beginStruct()
    write(this)
    this.endStruct()
    return this
  }

  /** A list of structs. */
  structList<T>(id: number, items: readonly T[], write: (w: this, item: T) => void): this {
    this.listHeader(id, items.length, CompactType.Struct)
    for (const item of items) {
      this.beginStruct()
      write(this, item)
      this.endStruct()
    }
    return this
  }

  i32List(id: number, items: readonly number[]): this {
    this.listHeader(id, items.length, CompactType.I32)
    for (const item of items) this.out.varint(zigzag(item))
    return this
  }

  stringList(id: number, items: readonly string[]): this {
    this.listHeader(id, items.length, CompactType.Binary)
    for (const item of items) {
      const bytes = Buffer.from(item, 'utf8')
      this.out.varint(bytes.length)
      this.out.bytes(bytes)
    }
    return this
  }

  /** Ends the top-level struct. */
  finish(): ByteWriter {
    this.out.byte(0)
    return this.out
  }

  private listHeader(id: number, size: number, element: CompactType): void {
    this.fieldHeader(id, CompactType.List)
    if (size < 15) {
      this.out.byte((size << 4) | element)
    } else {
      this.out.byte(0xf0 | element)
      this.out.varint(size)
    }
  }

  private beginStruct(): void {
    this.stack.push(this.lastField)
    this.lastField = 0
  }

  private endStruct(): void {
    this.out.byte(0)
    this.lastField = this.stack.pop() ?? 0
  }
}

/** Zigzag encoding of a safe integer (|n| < 2^52), as thrift's compact i32/i64. */
export function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1
}
