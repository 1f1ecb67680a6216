import { u32 } from './shared-arrays.js'
import { IcebergError } from '../../errors.js'
import type { ColumnShape, Leaf } from './parquet-schema.js'
import { LevelBuffer } from './level-buffer.js'
import { RequiredNullError, type ValueSink } from './value-sink.js'

/** One leaf's levels and values: a whole file's in row order, or a row group's in sort order. */
export interface LeafData {
  readonly leaf: Leaf
  readonly sink: ValueSink
  readonly reps: LevelBuffer
  readonly defs: LevelBuffer
  /** Number of levels (values including nulls and empty collections): Parquet `num_values`. */
  levels: number
  /** Levels below the leaf's max definition level: Parquet `null_count`. */
  nulls: number
}

/** A leaf of the whole file, in row order, with where each row's levels and values start. */
export interface SourceLeaf extends LeafData {
  /** Row r's levels are [rowLevels[r], rowLevels[r + 1]); null when level = row (flat). */
  readonly rowLevels: Uint32Array | null
  /** Row r's values are [rowValues[r], rowValues[r + 1]); null when value = row (required flat). */
  readonly rowValues: Uint32Array | null
}

/** Copies property `name` of `rows[from, to)` into `out[0, to - from)`. */
type Extractor = (rows: readonly object[], from: number, to: number, out: unknown[]) => void

const extractors = new Map<string, Extractor>()

/**
 * The extractor of one property name: a function of its own, so that its property load sees one
 * name and one row shape (monomorphic). A load with the name in a variable, shared by all
 * columns, goes megamorphic: measured ~2x slower on trade rows.
 */
function extractorOf(name: string): Extractor {
  let extract = extractors.get(name)
  if (extract === undefined) {
    // The name is a JSON string literal: no code can be injected through it.
    extract = new Function(
      'rows',
      'from',
      'to',
      'out',
      `for (let i = from; i < to; i++) out[i - from] = rows[i][${JSON.stringify(name)}]`,
    ) as Extractor
    extractors.set(name, extract)
  }
  return extract
}

/** Creates the buffers of one leaf. */
export function leafData(leaf: Leaf): LeafData {
  return {
    leaf,
    sink: leaf.layout.newSink(),
    reps: new LevelBuffer(),
    defs: new LevelBuffer(),
    levels: 0,
    nulls: 0,
  }
}

/** Where a column's buffers stood before a batch of rows, to go back there if the batch fails. */
interface ReaderMark {
  readonly rows: number
  readonly leaves: readonly {
    readonly count: number
    readonly levels: number
    readonly nulls: number
    readonly reps: number
    readonly defs: number
  }[]
}

/**
 * Reads one top-level column of rows, in their memory order, into its leaves (Dremel levels:
 * parquet-format "Nested Encoding"), checking and converting every value. Rows come in batches
 * (`read` takes a batch's rows [from, to), block by block, so that the caller can read all
 * columns of a block while its rows are in the CPU cache) and are appended after the rows read
 * before; `mark`/`rollback` undo a batch that failed midway; `finish` returns the leaves. Errors
 * name the column (and the row, counted over all batches, for nested columns).
 */
export class ColumnReader {
  private readonly data: LeafData[]
  /** Rows read so far. */
  private rows = 0
  private rowLevels: Uint32Array | null
  private rowValues: Uint32Array[]
  /** The column's values of the block being read. */
  private readonly block: unknown[] = []
  private readonly extract: Extractor

  constructor(private readonly column: ColumnShape) {
    this.extract = extractorOf(column.field.name)
    if (column.kind === 'primitive') {
      this.data = [leafData(column.leaf)]
      this.rowLevels = null
      this.rowValues = []
    } else {
      this.data =
        column.kind === 'list'
          ? [leafData(column.element)]
          : [leafData(column.key), leafData(column.value)]
      this.rowLevels = u32(1025)
      this.rowValues = this.data.map(() => u32(1025))
    }
  }

  /** Rows read so far. */
  get rowCount(): number {
    return this.rows
  }

  /**
   * Makes room for `n` more rows (the size of the batch being read; nested columns size their
   * levels and values like the rows read so far).
   */
  reserve(n: number): void {
    const total = this.rows + n
    if (this.column.kind === 'primitive') {
      const d = this.data[0]!
      d.sink.reserve?.(total)
      if (d.leaf.maxDef > 0) d.defs.ensure(n)
      return
    }
    if (total + 1 > this.rowLevels!.length) {
      this.rowLevels = grown(this.rowLevels!, total + 1, this.rows)
      this.rowValues = this.rowValues.map((a) => grown(a, total + 1, this.rows))
    }
    if (this.rows === 0) return
    const scale = (1.1 * total) / this.rows
    for (const d of this.data) {
      d.reps.ensure(Math.ceil(d.levels * scale) - d.reps.length)
      d.defs.ensure(Math.ceil(d.levels * scale) - d.defs.length)
      d.sink.reserve?.(Math.ceil(d.sink.count * scale))
    }
  }

  /** Reads `rows[from, to)` after the rows read so far (after `reserve` of at least `to - from`). */
  read(rows: readonly object[], from: number, to: number): void {
    const { column, block } = this
    const base = this.rows - from
    let row = from
    try {
      this.extract(rows, from, to, block)
      if (column.kind === 'primitive') {
        const d = this.data[0]!
        const defs = d.leaf.maxDef > 0 ? d.defs.ensure(to - from) : null
        const at = d.defs.length
        d.nulls += d.sink.fill(block, 0, to - from, defs === null ? null : defs.subarray(at))
        if (defs !== null) d.defs.length = at + (to - from)
        d.levels += to - from
        this.rows += to - from
        return
      }
      const first = this.data[0]!
      const second = this.data[1]
      const required = column.field.required
      const rowLevels = this.rowLevels!
      const firstValues = this.rowValues[0]!
      const secondValues = this.rowValues[1]
      for (; row < to; row++) {
        const r = base + row
        rowLevels[r] = first.levels
        firstValues[r] = first.sink.count
        if (secondValues !== undefined) secondValues[r] = second!.sink.count
        const value = block[row - from]
        if (column.kind === 'list') shredList(column, first, value, required)
        else shredMap(column, first, second!, value, required)
      }
      this.rows += to - from
    } catch (err) {
      throw columnError(column, err, column.kind === 'primitive' ? undefined : base + row)
    }
  }

  /** Where the buffers stand now (before a batch). */
  mark(): ReaderMark {
    return {
      rows: this.rows,
      leaves: this.data.map((d) => ({
        count: d.sink.count,
        levels: d.levels,
        nulls: d.nulls,
        reps: d.reps.length,
        defs: d.defs.length,
      })),
    }
  }

  /** Goes back to `mark`: the rows read since are dropped. */
  rollback(mark: ReaderMark): void {
    this.rows = mark.rows
    this.data.forEach((d, i) => {
      const m = mark.leaves[i]!
      d.sink.truncate(m.count)
      d.levels = m.levels
      d.nulls = m.nulls
      d.reps.length = m.reps
      d.defs.length = m.defs
    })
  }

  /**
   * The leaves read, with where each row's levels and values start. The reader must not read
   * more rows afterwards.
   */
  finish(): SourceLeaf[] {
    const n = this.rows
    for (const d of this.data) d.sink.seal?.()
    if (this.column.kind === 'primitive') {
      const d = this.data[0]!
      let rowValues: Uint32Array | null = null
      if (d.leaf.maxDef > 0) {
        const defs = d.defs.values
        rowValues = u32(n + 1)
        for (let r = 0; r < n; r++) rowValues[r + 1] = rowValues[r]! + defs[r]!
      }
      return [{ ...d, rowLevels: null, rowValues }]
    }
    const rowLevels = this.rowLevels!
    rowLevels[n] = this.data[0]!.levels
    return this.data.map((d, j) => {
      const rowValues = this.rowValues[j]!
      rowValues[n] = d.sink.count
      return { ...d, rowLevels, rowValues }
    })
  }
}

/** `array` with room for `size` entries, the first `keep` copied. */
function grown(array: Uint32Array, size: number, keep: number): Uint32Array {
  const next = u32(Math.max(size, 2 * array.length))
  next.set(array.subarray(0, keep))
  return next
}

/**
 * Puts together one leaf of a row group: the levels and values of rows `order[from, to)` of the
 * file, in that order, from the file's leaf read in row order. `scratch` holds value indices.
 */
export function gatherLeaf(
  source: SourceLeaf,
  target: LeafData,
  order: Uint32Array,
  from: number,
  to: number,
  scratch: { indices: Uint32Array },
): void {
  const n = to - from
  target.sink.reset()
  target.reps.reset()
  target.defs.reset()
  const maxDef = source.leaf.maxDef
  const srcDefs = source.defs.values
  let nulls = 0
  let k = 0
  const need = source.rowValues === null ? n : n + 16
  if (scratch.indices.length < need)
    scratch.indices = u32(Math.max(need, 2 * scratch.indices.length))
  let indices = scratch.indices
  if (source.rowLevels === null) {
    if (maxDef === 0) {
      indices.set(order.subarray(from, to))
      k = n
    } else {
      const defs = target.defs.ensure(n)
      const rowValues = source.rowValues!
      for (let i = 0; i < n; i++) {
        const r = order[from + i]!
        const d = srcDefs[r]!
        defs[i] = d
        if (d === 0) nulls++
        else indices[k++] = rowValues[r]!
      }
      target.defs.length = n
    }
    target.levels = n
  } else {
    const rowLevels = source.rowLevels
    const rowValues = source.rowValues!
    const srcReps = source.reps.values
    // A row group has at most the file's levels: make room once.
    const reps = target.reps.ensure(source.levels)
    const defs = target.defs.ensure(source.levels)
    let levels = 0
    for (let i = 0; i < n; i++) {
      const r = order[from + i]!
      const l1 = rowLevels[r + 1]!
      for (let l = rowLevels[r]!; l < l1; l++) {
        const d = srcDefs[l]!
        reps[levels] = srcReps[l]!
        defs[levels] = d
        if (d < maxDef) nulls++
        levels++
      }
      const v0 = rowValues[r]!
      const v1 = rowValues[r + 1]!
      if (k + (v1 - v0) > indices.length) {
        const next = u32(2 * (k + (v1 - v0)))
        next.set(indices.subarray(0, k))
        indices = scratch.indices = next
      }
      for (let v = v0; v < v1; v++) indices[k++] = v
    }
    target.reps.length = levels
    target.defs.length = levels
    target.levels = levels
  }
  target.nulls = nulls
  target.sink.gather(source.sink, indices, k)
}

function shredList(
  column: Extract<ColumnShape, { kind: 'list' }>,
  d: LeafData,
  value: unknown,
  required: boolean,
): void {
  const base = required ? 0 : 1
  if (value === null || value === undefined) {
    if (required) throw new RequiredNullError()
    addLevel(d, 0, 0)
    return
  }
  if (!Array.isArray(value)) throw notA('list', value)
  const list = value as readonly unknown[]
  if (list.length === 0) {
    addLevel(d, 0, base)
    return
  }
  for (let i = 0; i < list.length; i++) {
    const item = list[i]
    const rep = i === 0 ? 0 : 1
    if (item === null || item === undefined) {
      if (column.elementRequired) throw new ElementError('element is required but null')
      addLevel(d, rep, base + 1)
    } else {
      d.sink.push(item)
      addLevel(d, rep, d.leaf.maxDef)
    }
  }
}

function shredMap(
  column: Extract<ColumnShape, { kind: 'map' }>,
  key: LeafData,
  val: LeafData,
  value: unknown,
  required: boolean,
): void {
  const base = required ? 0 : 1
  if (value === null || value === undefined) {
    if (required) throw new RequiredNullError()
    addLevel(key, 0, 0)
    addLevel(val, 0, 0)
    return
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw notA('map', value)
  let entries = 0
  if (value instanceof Map) {
    for (const [k, v] of value) addEntry(column, key, val, k, v, entries++ === 0 ? 0 : 1, base)
  } else {
    const record = value as Readonly<Record<string, unknown>>
    for (const k in record) addEntry(column, key, val, k, record[k], entries++ === 0 ? 0 : 1, base)
  }
  if (entries === 0) {
    addLevel(key, 0, base)
    addLevel(val, 0, base)
  }
}

function addEntry(
  column: Extract<ColumnShape, { kind: 'map' }>,
  key: LeafData,
  val: LeafData,
  k: unknown,
  v: unknown,
  rep: number,
  base: number,
): void {
  if (typeof k !== 'string') throw notA('string map key', k)
  key.sink.push(k)
  addLevel(key, rep, key.leaf.maxDef)
  if (v === null || v === undefined) {
    if (column.valueRequired) {
      throw new ElementError(`value of key ${JSON.stringify(k)} is required but null`)
    }
    addLevel(val, rep, base + 1)
  } else {
    val.sink.push(v)
    addLevel(val, rep, val.leaf.maxDef)
  }
}

function addLevel(d: LeafData, rep: number, def: number): void {
  d.reps.push(rep)
  d.defs.push(def)
  d.levels++
  if (def < d.leaf.maxDef) d.nulls++
}

class ElementError extends Error {}

function notA(what: string, value: unknown): Error {
  return new ElementError(`expected a ${what}, got ${typeof value}`)
}

function columnError(column: ColumnShape, err: unknown, row: number | undefined): IcebergError {
  const name = column.field.name
  const reason = err instanceof Error ? err.message : String(err)
  const context: Record<string, unknown> = { column: name, fieldId: column.field.id }
  // Flat columns report no row (their loop is in the sink); nested ones report the row.
  if (row !== undefined) context['row'] = row
  return new IcebergError('ICEBERG_INVALID_VALUE', `column ${name}: ${reason}`, {
    cause: err,
    context,
  })
}
