import type { StructType } from '../../spec/types.js'
import { LevelBuffer } from './level-buffer.js'
import type { ParquetSchema } from './parquet-schema.js'
import type { SourceLeaf } from './shred.js'
import type { ValueSink } from './value-sink.js'
import type { ParquetCompression } from '../parquet-writer-options.js'
import { leavesOf } from './file-encoder.js'

/** A source leaf as a message: its typed arrays on shared memory, its sink's data fields. */
export interface SourceLeafMessage {
  readonly sink: Record<string, unknown>
  readonly reps: { readonly values: Uint8Array; readonly length: number }
  readonly defs: { readonly values: Uint8Array; readonly length: number }
  readonly levels: number
  readonly nulls: number
  readonly rowLevels: Uint32Array | null
  readonly rowValues: Uint32Array | null
}

/** One row group for an encoding worker: rows `order[from, to)` of a file's columns. */
export interface RowGroupJobMessage {
  readonly schema: StructType
  readonly sources: readonly (readonly SourceLeafMessage[])[]
  readonly order: Uint32Array
  readonly from: number
  readonly to: number
  /** The top-level columns to encode, [first, end); the other columns' sources are empty. */
  readonly columns: readonly [number, number]
  readonly compression: ParquetCompression
  readonly compressionLevel: number | undefined
}

/**
 * Moves the typed arrays of read columns (levels, row offsets, the sinks' values) onto
 * SharedArrayBuffers, in place for the sinks, so that encoding workers read them without a copy
 * per row group. Views that share a buffer (an int64 sink's words and bigints) keep sharing it.
 */
export function shareSources(sources: readonly (readonly SourceLeaf[])[]): SourceLeaf[][] {
  const shared = new Map<ArrayBufferLike, SharedArrayBuffer>()
  const share = <T extends ArrayBufferView | null>(view: T): T => {
    if (view === null || !isOwnTypedArray(view)) return view
    let buffer = shared.get(view.buffer)
    if (buffer === undefined) {
      buffer = new SharedArrayBuffer(view.buffer.byteLength)
      new Uint8Array(buffer).set(new Uint8Array(view.buffer))
      shared.set(view.buffer, buffer)
    }
    const Type = view.constructor as new (b: SharedArrayBuffer, o: number, l: number) => T
    const length =
      view.byteLength / (view as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT
    return new Type(buffer, view.byteOffset, length)
  }
  return sources.map((leaves) =>
    leaves.map((source) => {
      const sink = source.sink as unknown as Record<string, unknown>
      for (const [key, value] of Object.entries(sink)) {
        if (ArrayBuffer.isView(value)) sink[key] = share(value)
      }
      const reps = new LevelBuffer()
      reps.values = share(source.reps.values)
      reps.length = source.reps.length
      const defs = new LevelBuffer()
      defs.values = share(source.defs.values)
      defs.length = source.defs.length
      return {
        ...source,
        reps,
        defs,
        rowLevels: share(source.rowLevels),
        rowValues: share(source.rowValues),
      }
    }),
  )
}

/** True for typed arrays the encoder allocated (never Node Buffers: they may be pool slices). */
function isOwnTypedArray(view: ArrayBufferView): boolean {
  return (
    !(view instanceof DataView) &&
    !Buffer.isBuffer(view) &&
    !(view.buffer instanceof SharedArrayBuffer)
  )
}

/** The message form of shared sources: the sinks' fields without their functions. */
export function sourcesMessage(
  sources: readonly (readonly SourceLeaf[])[],
  columns: readonly [number, number] = [0, sources.length],
): SourceLeafMessage[][] {
  return sources.map((leaves, c) =>
    (c < columns[0] || c >= columns[1] ? [] : leaves).map((source) => {
      const sink: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(source.sink)) {
        if (typeof value !== 'function') sink[key] = value
      }
      return {
        sink,
        reps: { values: source.reps.values, length: source.reps.length },
        defs: { values: source.defs.values, length: source.defs.length },
        levels: source.levels,
        nulls: source.nulls,
        rowLevels: source.rowLevels,
        rowValues: source.rowValues,
      }
    }),
  )
}

/** Rebuilds sources from their message form (in a worker), sinks of the schema's layouts. */
export function sourcesFromMessage(
  messages: readonly (readonly SourceLeafMessage[])[],
  schema: ParquetSchema,
): SourceLeaf[][] {
  return schema.columns.map((column, c) => {
    const leaves = leavesOf(column)
    return messages[c]!.map((m, l) => {
      const leaf = leaves[l]!
      const sink = Object.assign(leaf.layout.newSink(), m.sink) as ValueSink
      const reps = new LevelBuffer()
      reps.values = m.reps.values
      reps.length = m.reps.length
      const defs = new LevelBuffer()
      defs.values = m.defs.values
      defs.length = m.defs.length
      return {
        leaf,
        sink,
        reps,
        defs,
        levels: m.levels,
        nulls: m.nulls,
        rowLevels: m.rowLevels,
        rowValues: m.rowValues,
      }
    })
  })
}

/** A copy of `values` on shared memory. */
export function sharedCopy(values: Uint32Array): Uint32Array {
  const copy = new Uint32Array(new SharedArrayBuffer(values.byteLength))
  copy.set(values)
  return copy
}
