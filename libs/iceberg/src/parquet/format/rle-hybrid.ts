import type { ByteWriter } from './byte-writer.js'

/** Values an RLE/bit-packing hybrid run can hold: levels (Uint8Array) or dictionary indices. */
export type SmallInts = Uint8Array | Uint16Array | Uint32Array | Int32Array

/** Repeats at least this long become an RLE run; shorter ones are bit-packed. */
const MIN_RLE_RUN = 8

/** The bit width that holds every value in 0..max (0 for max 0). */
export function bitWidthOf(max: number): number {
  return max === 0 ? 0 : 32 - Math.clz32(max)
}

/**
 * Appends `values[start, end)` in Parquet's RLE/bit-packing hybrid encoding (parquet-format
 * "Encodings": `RLE`), without a length prefix: runs of at least 8 equal values become RLE runs
 * (`count << 1`, then the value in ceil(width / 8) little-endian bytes), everything else goes into
 * bit-packed runs of groups of 8 values (`groups << 1 | 1`, then the values packed LSB first).
 * Only the last bit-packed run is padded (with zeros) to a whole group; readers stop at the value
 * count they know.
 */
export function writeRleHybrid(
  out: ByteWriter,
  values: SmallInts,
  start: number,
  end: number,
  bitWidth: number,
): void {
  if (start >= end) return
  const valueBytes = (bitWidth + 7) >> 3
  let packedFrom = start // first value not yet written; [packedFrom, i) waits to be bit-packed
  let i = start
  while (i < end) {
    const value = values[i]!
    let j = i + 1
    while (j < end && values[j] === value) j++
    let runStart = i
    const pending = runStart - packedFrom
    // A bit-packed run must hold whole groups of 8: borrow from the repeat to complete one.
    if (pending % 8 !== 0) runStart += Math.min(8 - (pending % 8), j - runStart)
    if (j - runStart >= MIN_RLE_RUN && (runStart - packedFrom) % 8 === 0) {
      writeBitPacked(out, values, packedFrom, runStart, bitWidth)
      writeRleRun(out, value, j - runStart, valueBytes)
      packedFrom = j
    }
    i = j
  }
  writeBitPacked(out, values, packedFrom, end, bitWidth)
}

function writeRleRun(out: ByteWriter, value: number, count: number, valueBytes: number): void {
  out.varint(count * 2)
  let v = value
  for (let b = 0; b < valueBytes; b++) {
    out.byte(v & 0xff)
    v >>>= 8
  }
}

/** Bit-packs `values[start, end)` as one run, the last group padded with zeros. */
function writeBitPacked(
  out: ByteWriter,
  values: SmallInts,
  start: number,
  end: number,
  bitWidth: number,
): void {
  const count = end - start
  if (count === 0) return
  const groups = Math.ceil(count / 8)
  out.varint(groups * 2 + 1)
  if (bitWidth === 0) return
  const at = out.reserve(groups * bitWidth)
  const buf = out.view()
  const total = groups * 8
  let pos = at
  if (bitWidth <= 24) {
    // 32-bit integer accumulator: at most 7 + 24 pending bits.
    let acc = 0
    let bits = 0
    for (let k = 0; k < total; k++) {
      const v = start + k < end ? values[start + k]! : 0
      acc |= v << bits
      bits += bitWidth
      while (bits >= 8) {
        buf[pos++] = acc & 0xff
        acc >>>= 8
        bits -= 8
      }
    }
    return
  }
  let acc = 0 // pending bits, at most 32 + 7 of them: kept below 2^53 as a number
  let bits = 0
  for (let k = 0; k < total; k++) {
    const v = start + k < end ? values[start + k]! : 0
    acc += v * 2 ** bits
    bits += bitWidth
    while (bits >= 8) {
      buf[pos++] = acc % 256
      acc = Math.floor(acc / 256)
      bits -= 8
    }
  }
}

/** Bit-packs booleans (0/1 bytes) LSB first: Parquet's PLAIN encoding of BOOLEAN. */
export function writePackedBooleans(
  out: ByteWriter,
  values: Uint8Array,
  start: number,
  end: number,
): void {
  const count = end - start
  const at = out.reserve(Math.ceil(count / 8))
  const buf = out.view()
  for (let k = 0; k < count; k += 8) {
    let byte = 0
    const n = Math.min(8, count - k)
    for (let b = 0; b < n; b++) if (values[start + k + b]) byte |= 1 << b
    buf[at + (k >> 3)] = byte
  }
}
