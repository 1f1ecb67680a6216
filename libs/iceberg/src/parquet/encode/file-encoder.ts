import { u32, u8 } from './shared-arrays.js'
import type { SingleValue } from '../../spec/single-value.js'
import type { PrimitiveType } from '../../spec/types.js'
import { encodeBounds } from '../bounds.js'
import { ByteWriter } from '../format/byte-writer.js'
import {
  writeFileMetaData,
  type ColumnMetaData,
  type RowGroup,
  type SortingColumn,
} from '../format/parquet-metadata.js'
import type { WrittenDataFile } from '../written-data-file.js'
import { encodeChunk } from './chunk-encoder.js'
import type { PageCompressor } from './page-compressor.js'
import type { ColumnShape, Leaf, ParquetSchema } from './parquet-schema.js'
import { gatherLeaf, leafData, type LeafData, type SourceLeaf } from './shred.js'
import { compareCodePoints } from './string-order.js'

/** Everything about a file except where it goes. */
export type EncodedFileMetrics = Omit<WrittenDataFile, 'path' | 'partitionKey'>

/** A Parquet file in memory: its parts in order (write them with one `writev`) and its metrics. */
export interface EncodedFile {
  readonly parts: readonly Uint8Array[]
  readonly metrics: EncodedFileMetrics
}

export interface FileEncoderOptions {
  readonly compressor: PageCompressor
  readonly rowGroupSize: number
  readonly truncateLength: number
  /** The sort order of the rows, recorded in each row group (`sorting_columns`). */
  readonly sortingColumns: readonly SortingColumn[]
}

const MAGIC = Buffer.from('PAR1', 'ascii')
const CREATED_BY = 'k2 version 0.1.0 (build k2-iceberg)'

/**
 * Encodes columns read by `RowColumns` as one Parquet file, rows in the order `order` (indices
 * into the columns' rows; rows left out are not written): row groups of `rowGroupSize` rows, one
 * chunk per leaf and row group, the footer with field ids, statistics and column orders, and the
 * Iceberg metrics of the file (see {@link assembleFile}). Needs no row objects: this part can run
 * in a worker.
 */
export function encodeColumns(
  sources: readonly (readonly SourceLeaf[])[],
  order: Uint32Array,
  schema: ParquetSchema,
  options: FileEncoderOptions,
): EncodedFile {
  const groups: EncodedRowGroup[] = []
  const scratch = rowGroupScratch(schema)
  for (const [from, to] of rowGroupRanges(order.length, options.rowGroupSize)) {
    groups.push(encodeRowGroup(sources, order, from, to, schema, options, scratch))
  }
  return assembleFile(groups, schema, order.length, options)
}

/** The row ranges [from, to) of the row groups of a file of `n` rows. */
export function rowGroupRanges(n: number, rowGroupSize: number): [number, number][] {
  const ranges: [number, number][] = []
  for (let from = 0; from < n; from += rowGroupSize) {
    ranges.push([from, Math.min(n, from + rowGroupSize)])
  }
  return ranges
}

/** One leaf's chunk of an encoded row group, offsets relative to the row group's bytes. */
export interface EncodedChunkInfo {
  readonly meta: Omit<ColumnMetaData, 'dataPageOffset' | 'dictionaryPageOffset'>
  readonly start: number
  readonly dataPageOffset: number
  readonly hasDictionary: boolean
  /** What the file's Iceberg metrics need from this chunk. */
  readonly fieldId: number
  readonly topLevel: boolean
  readonly type: PrimitiveType
  readonly nanCount: number
  readonly bounds: { readonly min: SingleValue; readonly max: SingleValue } | null
}

/**
 * One row group, encoded: its column chunks in one byte array (independent of the rest of the
 * file, so that row groups can be encoded in parallel and put together by {@link assembleFile}).
 */
export interface EncodedRowGroup {
  readonly bytes: Uint8Array
  readonly chunks: readonly EncodedChunkInfo[]
  readonly numRows: number
  readonly uncompressedSize: number
}

/** Buffers reused between the row groups encoded by one thread. */
export interface RowGroupScratch {
  readonly schema: ParquetSchema
  readonly targets: LeafData[][]
  readonly indices: { indices: Uint32Array }
  readonly body: ByteWriter
  readonly dictionary: ByteWriter
}

export function rowGroupScratch(schema: ParquetSchema): RowGroupScratch {
  return {
    schema,
    targets: schema.columns.map((column) => leavesOf(column).map((leaf) => leafData(leaf))),
    indices: { indices: u32(0) },
    body: new ByteWriter(1 << 20),
    dictionary: new ByteWriter(1 << 16),
  }
}

/** Encodes the row group of rows `order[from, to)`: one chunk per leaf. */
export function encodeRowGroup(
  sources: readonly (readonly SourceLeaf[])[],
  order: Uint32Array,
  from: number,
  to: number,
  schema: ParquetSchema,
  options: Pick<FileEncoderOptions, 'compressor'>,
  scratch: RowGroupScratch = rowGroupScratch(schema),
  columns: readonly [number, number] = [0, schema.columns.length],
): EncodedRowGroup {
  const parts: Uint8Array[] = []
  const chunks: EncodedChunkInfo[] = []
  let offset = 0
  let uncompressedSize = 0
  schema.columns.forEach((column, c) => {
    if (c < columns[0] || c >= columns[1]) return
    sources[c]!.forEach((source, l) => {
      const d = scratch.targets[c]![l]!
      gatherLeaf(source, d, order, from, to, scratch.indices)
      const chunk = encodeChunk(d, options.compressor, scratch.body, scratch.dictionary)
      for (const part of chunk.parts) parts.push(part)
      uncompressedSize += chunk.uncompressedSize
      const topLevel = column.kind === 'primitive'
      const type = d.leaf.layout.type
      chunks.push({
        meta: {
          type: d.leaf.layout.element.type!,
          encodings: chunk.encodings,
          pathInSchema: d.leaf.path,
          codec: options.compressor.codec,
          numValues: d.levels,
          totalUncompressedSize: chunk.uncompressedSize,
          totalCompressedSize: chunk.compressedSize,
          statistics: chunk.statistics,
        },
        start: offset,
        dataPageOffset: offset + chunk.dataPageOffset,
        hasDictionary: chunk.hasDictionary,
        fieldId: d.leaf.fieldId,
        topLevel,
        type,
        nanCount: d.sink.nanCount,
        bounds: topLevel ? d.sink.bounds() : null,
      })
      offset += chunk.compressedSize
    })
  })
  const bytes = u8(offset)
  let at = 0
  for (const part of parts) {
    bytes.set(part, at)
    at += part.length
  }
  return { bytes, chunks, numRows: to - from, uncompressedSize }
}

/** One row group from its parts encoded separately (consecutive column ranges, in order). */
export function joinRowGroupParts(parts: readonly EncodedRowGroup[]): EncodedRowGroup {
  if (parts.length === 1) return parts[0]!
  let size = 0
  for (const part of parts) size += part.bytes.length
  const bytes = u8(size)
  const chunks: EncodedChunkInfo[] = []
  let uncompressedSize = 0
  let at = 0
  for (const part of parts) {
    bytes.set(part.bytes, at)
    for (const chunk of part.chunks) {
      chunks.push({ ...chunk, start: chunk.start + at, dataPageOffset: chunk.dataPageOffset + at })
    }
    uncompressedSize += part.uncompressedSize
    at += part.bytes.length
  }
  return { bytes, chunks, numRows: parts[0]!.numRows, uncompressedSize }
}

/**
 * Splits the top-level columns into at most `count` consecutive ranges of similar encoding work
 * (levels and values held), so that the row groups of one file can be encoded by several threads.
 */
export function columnRanges(
  sources: readonly (readonly SourceLeaf[])[],
  count: number,
): [number, number][] {
  const weights = sources.map((leaves) =>
    leaves.reduce((sum, leaf) => sum + leaf.levels + 8 * leaf.sink.count, 1),
  )
  const target = weights.reduce((a, b) => a + b, 0) / count
  const ranges: [number, number][] = []
  let start = 0
  let weight = 0
  weights.forEach((w, c) => {
    if (c > start && weight + w > target && ranges.length < count - 1) {
      ranges.push([start, c])
      start = c
      weight = 0
    }
    weight += w
  })
  ranges.push([start, weights.length])
  return ranges
}

/**
 * Puts encoded row groups (in file order) together as a Parquet file: the footer with field ids,
 * statistics and column orders, and the Iceberg metrics of the file (spec: "Manifests",
 * data_file fields): value/null counts per leaf as the footer has them (Java's and pyiceberg's
 * `footerMetrics`), bounds of the top-level primitives (truncated strings/binary), NaN counts of
 * the top-level floats, column sizes, split offsets.
 */
export function assembleFile(
  groups: readonly EncodedRowGroup[],
  schema: ParquetSchema,
  n: number,
  options: Pick<FileEncoderOptions, 'truncateLength' | 'sortingColumns'>,
): EncodedFile {
  const parts: Uint8Array[] = [MAGIC]
  let offset = MAGIC.length
  const rowGroups: RowGroup[] = []
  const columnSizes = new Map<number, bigint>()
  const valueCounts = new Map<number, bigint>()
  const nullValueCounts = new Map<number, bigint>()
  const nanValueCounts = new Map<number, bigint>()
  const bounds = new Map<number, { min: SingleValue; max: SingleValue; type: PrimitiveType }>()
  for (const group of groups) {
    const groupStart = offset
    const columns: ColumnMetaData[] = group.chunks.map((chunk) => {
      const id = chunk.fieldId
      add(columnSizes, id, chunk.meta.totalCompressedSize)
      add(valueCounts, id, chunk.meta.numValues)
      add(nullValueCounts, id, chunk.meta.statistics.nullCount ?? 0)
      if (chunk.topLevel) {
        if (chunk.type === 'float' || chunk.type === 'double') {
          add(nanValueCounts, id, chunk.nanCount)
        }
        const b = chunk.bounds
        const seen = bounds.get(id)
        if (b !== null && seen === undefined) {
          bounds.set(id, { min: b.min, max: b.max, type: chunk.type })
        } else if (b !== null && seen !== undefined) {
          if (compareSingle(b.min, seen.min) < 0) seen.min = b.min
          if (compareSingle(b.max, seen.max) > 0) seen.max = b.max
        }
      }
      return {
        ...chunk.meta,
        dataPageOffset: groupStart + chunk.dataPageOffset,
        ...(chunk.hasDictionary ? { dictionaryPageOffset: groupStart + chunk.start } : {}),
      }
    })
    parts.push(group.bytes)
    offset += group.bytes.length
    rowGroups.push({
      columns,
      totalByteSize: group.uncompressedSize,
      numRows: group.numRows,
      fileOffset: groupStart,
      totalCompressedSize: offset - groupStart,
      ordinal: rowGroups.length,
      sortingColumns: options.sortingColumns,
    })
  }
  const footer = writeFileMetaData({
    schema: schema.elements,
    numRows: n,
    rowGroups,
    keyValues: new Map(),
    createdBy: CREATED_BY,
  })
  const tail = Buffer.alloc(8)
  tail.writeUInt32LE(footer.length, 0)
  MAGIC.copy(tail, 4)
  parts.push(footer, tail)
  const fileSize = offset + footer.length + tail.length
  const lowerBounds = new Map<number, Uint8Array>()
  const upperBounds = new Map<number, Uint8Array>()
  for (const [id, b] of bounds) {
    const encoded = encodeBounds(b.type, b.min, b.max, options.truncateLength)
    if (encoded.lower !== undefined) lowerBounds.set(id, encoded.lower)
    if (encoded.upper !== undefined) upperBounds.set(id, encoded.upper)
  }
  return {
    parts,
    metrics: {
      recordCount: BigInt(n),
      fileSizeInBytes: BigInt(fileSize),
      columnSizes,
      valueCounts,
      nullValueCounts,
      nanValueCounts,
      lowerBounds,
      upperBounds,
      splitOffsets: rowGroups.map((g) => BigInt(g.fileOffset)),
    },
  }
}

/** The leaves of a top-level column, in the order its reader returns them. */
export function leavesOf(column: ColumnShape): Leaf[] {
  if (column.kind === 'primitive') return [column.leaf]
  if (column.kind === 'list') return [column.element]
  return [column.key, column.value]
}

function add(map: Map<number, bigint>, id: number, value: number): void {
  map.set(id, (map.get(id) ?? 0n) + BigInt(value))
}

/** Orders two bounds of one column (numbers, bigints, strings, booleans or bytes). */
function compareSingle(a: SingleValue, b: SingleValue): number {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b)
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b)
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  const x = a as number | bigint
  const y = b as number | bigint
  if (typeof x === 'number' && Object.is(x, -0) && y === 0) return -1
  if (typeof y === 'number' && Object.is(y, -0) && x === 0) return 1
  return x < y ? -1 : x > y ? 1 : 0
}
