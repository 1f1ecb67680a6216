import { CompactWriter } from './thrift-compact.js'

/**
 * Parquet's file metadata structures (apache/parquet-format `parquet.thrift`), with the field ids
 * of the thrift definition, and their compact-protocol serialization. Only the fields K2 writes.
 */

/** Physical types (`Type`). */
export const enum PhysicalType {
  Boolean = 0,
  Int32 = 1,
  Int64 = 2,
  Float = 4,
  Double = 5,
  ByteArray = 6,
  FixedLenByteArray = 7,
}

/** `FieldRepetitionType`. */
export const enum Repetition {
  Required = 0,
  Optional = 1,
  Repeated = 2,
}

/** `ConvertedType` (the legacy annotations, still read by older readers). */
export const enum ConvertedType {
  Utf8 = 0,
  Map = 1,
  List = 3,
  Decimal = 5,
  Date = 6,
  TimeMicros = 8,
  TimestampMicros = 10,
}

/** `Encoding`. */
export const enum Encoding {
  Plain = 0,
  Rle = 3,
  RleDictionary = 8,
}

/** `CompressionCodec`. */
export const enum Codec {
  Uncompressed = 0,
  Snappy = 1,
  Gzip = 2,
  Zstd = 6,
  Lz4Raw = 7,
}

/** `PageType`. */
export const enum PageType {
  DataPage = 0,
  DictionaryPage = 2,
}

/** `LogicalType`, the union members K2 uses. */
export type LogicalType =
  | { readonly kind: 'string' }
  | { readonly kind: 'map' }
  | { readonly kind: 'list' }
  | { readonly kind: 'decimal'; readonly scale: number; readonly precision: number }
  | { readonly kind: 'date' }
  | { readonly kind: 'time'; readonly adjustedToUtc: boolean }
  | { readonly kind: 'timestamp'; readonly adjustedToUtc: boolean }
  | { readonly kind: 'uuid' }

export interface SchemaElement {
  readonly name: string
  readonly type?: PhysicalType
  readonly typeLength?: number
  readonly repetition?: Repetition
  readonly numChildren?: number
  readonly convertedType?: ConvertedType
  readonly scale?: number
  readonly precision?: number
  readonly fieldId?: number
  readonly logicalType?: LogicalType
}

export interface Statistics {
  readonly nullCount: number
  readonly min?: Uint8Array
  readonly max?: Uint8Array
}

export interface ColumnMetaData {
  readonly type: PhysicalType
  readonly encodings: readonly Encoding[]
  readonly pathInSchema: readonly string[]
  readonly codec: Codec
  readonly numValues: number
  readonly totalUncompressedSize: number
  readonly totalCompressedSize: number
  readonly dataPageOffset: number
  readonly dictionaryPageOffset?: number
  readonly statistics: Statistics
}

export interface SortingColumn {
  readonly columnIndex: number
  readonly descending: boolean
  readonly nullsFirst: boolean
}

export interface RowGroup {
  readonly columns: readonly ColumnMetaData[]
  readonly totalByteSize: number
  readonly numRows: number
  readonly fileOffset: number
  readonly totalCompressedSize: number
  readonly ordinal: number
  readonly sortingColumns: readonly SortingColumn[]
}

export interface FileMetaData {
  readonly schema: readonly SchemaElement[]
  readonly numRows: number
  readonly rowGroups: readonly RowGroup[]
  readonly keyValues: ReadonlyMap<string, string>
  readonly createdBy: string
}

export interface PageHeader {
  readonly type: PageType
  readonly uncompressedSize: number
  readonly compressedSize: number
  readonly numValues: number
  readonly encoding: Encoding
}

/** Serializes the footer (`FileMetaData`). */
export function writeFileMetaData(meta: FileMetaData): Buffer {
  const w = new CompactWriter()
  w.i32(1, 1)
  w.structList(2, meta.schema, writeSchemaElement)
  w.i64(3, meta.numRows)
  w.structList(4, meta.rowGroups, writeRowGroup)
  if (meta.keyValues.size > 0) {
    w.structList(5, [...meta.keyValues], (k, [key, value]) => k.string(1, key).string(2, value))
  }
  w.string(6, meta.createdBy)
  // column_orders: TYPE_ORDER for every leaf, so readers trust min_value/max_value.
  const leaves = meta.schema.filter((e) => e.type !== undefined).length
  w.structList(7, Array.from({ length: leaves }), (k) => k.struct(1, () => undefined))
  return Buffer.from(w.finish().view())
}

/** Serializes a page header: data page v1 (levels RLE-encoded when present) or dictionary page. */
export function writePageHeader(header: PageHeader): Buffer {
  const w = new CompactWriter()
  w.i32(1, header.type)
  w.i32(2, header.uncompressedSize)
  w.i32(3, header.compressedSize)
  if (header.type === PageType.DataPage) {
    w.struct(5, (d) => {
      d.i32(1, header.numValues)
      d.i32(2, header.encoding)
      d.i32(3, Encoding.Rle)
      d.i32(4, Encoding.Rle)
    })
  } else {
    w.struct(7, (d) => {
      d.i32(1, header.numValues)
      d.i32(2, Encoding.Plain)
    })
  }
  return Buffer.from(w.finish().view())
}

function writeSchemaElement(w: CompactWriter, e: SchemaElement): void {
  if (e.type !== undefined) w.i32(1, e.type)
  if (e.typeLength !== undefined) w.i32(2, e.typeLength)
  if (e.repetition !== undefined) w.i32(3, e.repetition)
  w.string(4, e.name)
  if (e.numChildren !== undefined) w.i32(5, e.numChildren)
  if (e.convertedType !== undefined) w.i32(6, e.convertedType)
  if (e.scale !== undefined) w.i32(7, e.scale)
  if (e.precision !== undefined) w.i32(8, e.precision)
  if (e.fieldId !== undefined) w.i32(9, e.fieldId)
  if (e.logicalType !== undefined) {
    const logical = e.logicalType
    w.struct(10, (u) => writeLogicalType(u, logical))
  }
}

const empty = (): void => undefined

function writeLogicalType(w: CompactWriter, t: LogicalType): void {
  switch (t.kind) {
    case 'string':
      w.struct(1, empty)
      break
    case 'map':
      w.struct(2, empty)
      break
    case 'list':
      w.struct(3, empty)
      break
    case 'decimal':
      w.struct(5, (d) => d.i32(1, t.scale).i32(2, t.precision))
      break
    case 'date':
      w.struct(6, empty)
      break
    case 'time':
      // TimeUnit union: 2 = MICROS.
      w.struct(7, (d) => d.bool(1, t.adjustedToUtc).struct(2, (u) => u.struct(2, empty)))
      break
    case 'timestamp':
      w.struct(8, (d) => d.bool(1, t.adjustedToUtc).struct(2, (u) => u.struct(2, empty)))
      break
    case 'uuid':
      w.struct(14, empty)
      break
  }
}

function writeRowGroup(w: CompactWriter, g: RowGroup): void {
  w.structList(1, g.columns, (c, meta) => {
    c.i64(2, meta.dictionaryPageOffset ?? meta.dataPageOffset)
    c.struct(3, (m) => writeColumnMetaData(m, meta))
  })
  w.i64(2, g.totalByteSize)
  w.i64(3, g.numRows)
  if (g.sortingColumns.length > 0) {
    w.structList(4, g.sortingColumns, (s, col) =>
      s.i32(1, col.columnIndex).bool(2, col.descending).bool(3, col.nullsFirst),
    )
  }
  w.i64(5, g.fileOffset)
  w.i64(6, g.totalCompressedSize)
  w.i16(7, g.ordinal)
}

function writeColumnMetaData(w: CompactWriter, m: ColumnMetaData): void {
  w.i32(1, m.type)
  w.i32List(2, m.encodings)
  w.stringList(3, m.pathInSchema)
  w.i32(4, m.codec)
  w.i64(5, m.numValues)
  w.i64(6, m.totalUncompressedSize)
  w.i64(7, m.totalCompressedSize)
  w.i64(9, m.dataPageOffset)
  if (m.dictionaryPageOffset !== undefined) w.i64(11, m.dictionaryPageOffset)
  const s = m.statistics
  w.struct(12, (st) => {
    st.i64(3, s.nullCount)
    if (s.max !== undefined) st.binary(5, s.max)
    if (s.min !== undefined) st.binary(6, s.min)
  })
}
