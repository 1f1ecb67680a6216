/**
 * A growable little-endian byte buffer: the one place Parquet bytes are assembled (thrift
 * metadata, levels, plain values). Grows by doubling, so appends are amortised O(1).
 */
export class ByteWriter {
  private buf: Buffer
  private pos = 0

  constructor(initialSize = 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialSize))
  }

  get length(): number {
    return this.pos
  }

  /** Makes room for `n` more bytes and returns the offset to write them at. */
  reserve(n: number): number {
    const need = this.pos + n
    if (need > this.buf.length) {
      let size = this.buf.length * 2
      while (size < need) size *= 2
      const next = Buffer.allocUnsafe(size)
      this.buf.copy(next, 0, 0, this.pos)
      this.buf = next
    }
    const at = this.pos
    this.pos = need
    return at
  }

  byte(value: number): void {
    const at = this.reserve(1)
    this.buf[at] = value
  }

  int32(value: number): void {
    this.buf.writeInt32LE(value, this.reserve(4))
  }

  /** Writes a 64-bit integer given as a safe-integer number. */
  int64(value: number): void {
    const at = this.reserve(8)
    const hi = Math.floor(value / 0x1_0000_0000)
    this.buf.writeUInt32LE(value - hi * 0x1_0000_0000, at)
    this.buf.writeInt32LE(hi, at + 4)
  }

  /** Unsigned LEB128 varint of a non-negative safe integer. */
  varint(value: number): void {
    let v = value
    while (v >= 0x80) {
      this.byte(v % 0x80 | 0x80)
      v = Math.floor(v / 0x80)
    }
    this.byte(v)
  }

  bytes(data: Uint8Array): void {
    const at = this.reserve(data.length)
    this.buf.set(data, at)
  }

  /** Writes a string as UTF-8; returns the number of bytes written. */
  utf8(text: string): number {
    const max = text.length * 3
    const at = this.reserve(max)
    const written = this.buf.write(text, at, max, 'utf8')
    this.pos = at + written
    return written
  }

  /** Overwrites 4 bytes at `offset` (for length prefixes written after their content). */
  patchInt32(offset: number, value: number): void {
    this.buf.writeInt32LE(value, offset)
  }

  /** The bytes written so far (a view: copy it before writing more if it must survive). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos)
  }

  reset(): void {
    this.pos = 0
  }
}
