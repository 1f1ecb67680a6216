import type { ByteWriter } from '../format/byte-writer.js'
import { Encoding, PageType, writePageHeader, type Statistics } from '../format/parquet-metadata.js'
import { bitWidthOf, writeRleHybrid } from '../format/rle-hybrid.js'
import type { PageCompressor } from './page-compressor.js'
import type { LeafData } from './shred.js'
import type { DictionarySink, ValueSink } from './value-sink.js'

/** One encoded column chunk: its pages (headers and bodies, in file order) and their sizes. */
export interface EncodedChunk {
  readonly parts: readonly Uint8Array[]
  readonly compressedSize: number
  readonly uncompressedSize: number
  /** Offset of the data page relative to the chunk start (after the dictionary page, if any). */
  readonly dataPageOffset: number
  readonly hasDictionary: boolean
  readonly encodings: readonly Encoding[]
  readonly statistics: Statistics
}

/**
 * Encodes one leaf's row group as a column chunk: an optional dictionary page and one data page
 * (v1: repetition levels, definition levels, each RLE with a 4-byte length, then the values,
 * PLAIN or RLE_DICTIONARY), each compressed. Strings with few distinct values get a dictionary.
 */
export function encodeChunk(
  data: LeafData,
  compressor: PageCompressor,
  body: ByteWriter,
  dictionary: ByteWriter,
): EncodedChunk {
  const { leaf, sink } = data
  body.reset()
  dictionary.reset()
  if (leaf.maxRep > 0) writeLevels(body, data.reps.values, data.levels, leaf.maxRep)
  if (leaf.maxDef > 0) writeLevels(body, data.defs.values, data.levels, leaf.maxDef)
  const indices = isDictionarySink(sink) ? sink.dictionaryEncode(dictionary) : null
  const parts: Uint8Array[] = []
  let compressedSize = 0
  let uncompressedSize = 0
  const addPage = (type: PageType, page: Uint8Array, numValues: number, encoding: Encoding) => {
    const compressed = compressor.compress(page)
    const header = writePageHeader({
      type,
      uncompressedSize: page.length,
      compressedSize: compressed.length,
      numValues,
      encoding,
    })
    parts.push(header, compressed)
    compressedSize += header.length + compressed.length
    uncompressedSize += header.length + page.length
  }
  let encoding = Encoding.Plain
  if (indices !== null) {
    const dict = sink as DictionarySink
    addPage(PageType.DictionaryPage, dictionary.view(), dict.dictionarySize, Encoding.Plain)
    const width = Math.max(1, bitWidthOf(dict.dictionarySize - 1))
    body.byte(width)
    writeRleHybrid(body, indices, 0, indices.length, width)
    encoding = Encoding.RleDictionary
  } else {
    sink.writePlain(body)
  }
  const dataPageOffset = compressedSize
  addPage(PageType.DataPage, body.view(), data.levels, encoding)
  const stats = sink.statistics()
  return {
    parts,
    compressedSize,
    uncompressedSize,
    dataPageOffset,
    hasDictionary: indices !== null,
    encodings:
      indices !== null
        ? [Encoding.Plain, Encoding.Rle, Encoding.RleDictionary]
        : [Encoding.Plain, Encoding.Rle],
    statistics: { nullCount: data.nulls, ...(stats ?? {}) },
  }
}

function writeLevels(out: ByteWriter, levels: Uint8Array, count: number, max: number): void {
  const at = out.reserve(4)
  writeRleHybrid(out, levels, 0, count, bitWidthOf(max))
  out.patchInt32(at, out.length - at - 4)
}

function isDictionarySink(sink: ValueSink): sink is DictionarySink {
  return 'dictionaryEncode' in sink
}
