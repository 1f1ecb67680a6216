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
import type { ParquetSchema } from './parquet-schema.js'
import { ColumnReader, gatherLeaf, leafData, type LeafData } from './shred.js'
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
/** Rows read per block: all columns of a block are read while its row objects are cached. */
const READ_BLOCK = 1024
const CREATED_BY = 'k2 version 0.1.0 (build k2-iceberg)'

/**
 * Encodes `rows` in the order `order` as one Parquet file with the given schema: row groups of
 * `rowGroupSize` rows, one chunk per leaf and row group, the footer with field ids, statistics
 * and column orders, and the Iceberg metrics of the file (spec: "Manifests", data_file fields),
 * computed while encoding: value/null counts per leaf as the footer has them (Java's and
 * pyiceberg's `footerMetrics`), bounds of the top-level primitives (truncated strings/binary),
 * NaN counts of the top-level floats, column sizes, split offsets.
 */
export function encodeParquetFile(
  rows: readonly object[],
  order: Uint32Array,
  schema: ParquetSchema,
  options: FileEncoderOptions,
): EncodedFile {
  // Read every column once in the rows' memory order, then put row groups together in sort order.
  const readers = schema.columns.map((column) => new ColumnReader(column, rows))
  for (let from = 0; from < rows.length; from += READ_BLOCK) {
    const to = Math.min(rows.length, from + READ_BLOCK)
    for (const reader of readers) reader.read(from, to)
  }
  const sources = readers.map((reader) => reader.finish())
  const targets = sources.map((leaves) => leaves.map((leaf) => leafData(leaf.leaf)))
  const scratch = { indices: new Uint32Array(0) }
  const body = new ByteWriter(1 << 20)
  const dictionary = new ByteWriter(1 << 16)
  const parts: Uint8Array[] = [MAGIC]
  let offset = MAGIC.length
  const rowGroups: RowGroup[] = []
  const columnSizes = new Map<number, bigint>()
  const valueCounts = new Map<number, bigint>()
  const nullValueCounts = new Map<number, bigint>()
  const nanValueCounts = new Map<number, bigint>()
  const bounds = new Map<number, { min: SingleValue; max: SingleValue; type: PrimitiveType }>()
  const n = order.length
  for (let from = 0; from < n; from += options.rowGroupSize) {
    const to = Math.min(n, from + options.rowGroupSize)
    const groupStart = offset
    const chunks: ColumnMetaData[] = []
    let groupUncompressed = 0
    schema.columns.forEach((column, c) => {
      const leaves = sources[c]!
      leaves.forEach((source, l) => {
        const d = targets[c]![l]!
        gatherLeaf(source, d, order, from, to, scratch)
        const chunk = encodeChunk(d, options.compressor, body, dictionary)
        const chunkStart = offset
        for (const part of chunk.parts) parts.push(part)
        offset += chunk.compressedSize
        groupUncompressed += chunk.uncompressedSize
        chunks.push({
          type: d.leaf.layout.element.type!,
          encodings: chunk.encodings,
          pathInSchema: d.leaf.path,
          codec: options.compressor.codec,
          numValues: d.levels,
          totalUncompressedSize: chunk.uncompressedSize,
          totalCompressedSize: chunk.compressedSize,
          dataPageOffset: chunkStart + chunk.dataPageOffset,
          ...(chunk.hasDictionary ? { dictionaryPageOffset: chunkStart } : {}),
          statistics: chunk.statistics,
        })
        addMetrics(d, chunk.compressedSize, column.kind === 'primitive')
      })
    })
    rowGroups.push({
      columns: chunks,
      totalByteSize: groupUncompressed,
      numRows: to - from,
      fileOffset: groupStart,
      totalCompressedSize: offset - groupStart,
      ordinal: rowGroups.length,
      sortingColumns: options.sortingColumns,
    })
  }

  function addMetrics(d: LeafData, size: number, topLevel: boolean): void {
    const id = d.leaf.fieldId
    add(columnSizes, id, size)
    add(valueCounts, id, d.levels)
    add(nullValueCounts, id, d.nulls)
    if (!topLevel) return
    const type = d.leaf.layout.type
    if (type === 'float' || type === 'double') add(nanValueCounts, id, d.sink.nanCount)
    const b = d.sink.bounds()
    if (b === null) return
    const seen = bounds.get(id)
    if (seen === undefined) {
      bounds.set(id, { ...b, type })
    } else {
      if (compareSingle(b.min, seen.min) < 0) seen.min = b.min
      if (compareSingle(b.max, seen.max) > 0) seen.max = b.max
    }
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
