import { IcebergError } from '../../errors.js'
import type { ColumnShape, Leaf } from './parquet-schema.js'
import { LevelBuffer } from './level-buffer.js'
import { RequiredNullError, type ValueSink } from './value-sink.js'

/** One leaf's shredded row group: its levels and values, ready to be encoded as a chunk. */
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

type Row = Record<string, unknown>

/** Creates the reusable leaf buffers of a schema's leaves. */
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

/**
 * Shreds the rows `order[from, to)` of one top-level column into its leaves (Dremel levels:
 * parquet-format "Nested Encoding"), checking every value. Errors name the column and the row.
 */
export function shredColumn(
  column: ColumnShape,
  data: readonly LeafData[],
  rows: readonly object[],
  order: Uint32Array,
  from: number,
  to: number,
): void {
  for (const d of data) {
    d.sink.reset()
    d.reps.reset()
    d.defs.reset()
    d.levels = 0
    d.nulls = 0
  }
  let row = from
  try {
    if (column.kind === 'primitive') {
      const d = data[0]!
      const n = to - from
      const defs = d.leaf.maxDef > 0 ? d.defs.ensure(n) : null
      d.nulls = d.sink.fill(rows, order, from, to, column.field.name, defs)
      d.defs.length = defs === null ? 0 : n
      d.levels = n
      return
    }
    const name = column.field.name
    const required = column.field.required
    for (; row < to; row++) {
      const value = (rows[order[row]!] as Row)[name]
      if (column.kind === 'list') shredList(column, data[0]!, value, required)
      else shredMap(column, data[0]!, data[1]!, value, required)
    }
  } catch (err) {
    throw columnError(column, err, order, row)
  }
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
  let rep = 0
  const add = (k: unknown, v: unknown) => {
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
    rep = 1
  }
  if (value instanceof Map) {
    for (const [k, v] of value) add(k, v)
  } else {
    const record = value as Readonly<Record<string, unknown>>
    for (const k in record) add(k, record[k])
  }
  if (rep === 0) {
    addLevel(key, 0, base)
    addLevel(val, 0, base)
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

function columnError(
  column: ColumnShape,
  err: unknown,
  order: Uint32Array,
  row: number,
): IcebergError {
  const name = column.field.name
  const reason = err instanceof Error ? err.message : String(err)
  const context: Record<string, unknown> = { column: name, fieldId: column.field.id }
  // Flat columns report no row (their loop is in the sink); nested ones report the row.
  if (column.kind !== 'primitive' && row < order.length) context['row'] = order[row]
  return new IcebergError('ICEBERG_INVALID_VALUE', `column ${name}: ${reason}`, {
    cause: err,
    context,
  })
}
