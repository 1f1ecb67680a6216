import { IcebergError } from '../errors.js'
import { TEXT_SEPARATOR, type ColumnPlan } from './column-plan.js'

/**
 * Encodes one column of a block of rows as a single string for DuckDB: the separator-joined
 * values (prefixed by the separator, to tell the forms apart) for a text column without nulls
 * and without the separator in any value, otherwise a JSON array. One string per column and block
 * means one call into DuckDB per ~2000 values instead of one per value, which is what makes
 * staging fast (see the README for the measurements).
 *
 * Rows are read by column name; a missing property counts as null. A null in a required column
 * throws `ICEBERG_INVALID_VALUE`, as does any value its type rejects.
 */
export function encodeBlock(
  column: ColumnPlan,
  rows: readonly object[],
  start: number,
  end: number,
): string {
  const values = new Array<unknown>(end - start)
  const state: BlockState = { row: start, nulls: false, separator: false }
  try {
    // The hot types get loops without a call per value (a shared call site is megamorphic).
    if (column.fastPath === 'string') stageStrings(column, rows, start, end, values, state)
    else if (column.fastPath === 'int64') stageInt64s(column, rows, start, end, values, state)
    else stageAny(column, rows, start, end, values, state)
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    const name = column.field.name
    throw new IcebergError('ICEBERG_INVALID_VALUE', `column ${name}: ${reason}`, {
      cause: err,
      context: { column: name, fieldId: column.field.id, rowInFile: state.row },
    })
  }
  if (column.text && !state.nulls && !state.separator) {
    return TEXT_SEPARATOR + values.join(TEXT_SEPARATOR)
  }
  return JSON.stringify(values)
}

interface BlockState {
  /** The row being staged, for error messages. */
  row: number
  nulls: boolean
  /** A value contains the text separator (free text only: staged numbers and hex never do). */
  separator: boolean
}

type Row = Record<string, unknown>

function missing(column: ColumnPlan, state: BlockState): null {
  if (column.field.required) throw new IcebergError('ICEBERG_INVALID_VALUE', 'required but null')
  state.nulls = true
  return null
}

function stageStrings(
  column: ColumnPlan,
  rows: readonly object[],
  start: number,
  end: number,
  values: unknown[],
  state: BlockState,
): void {
  const name = column.field.name
  let separator = false
  for (let i = start; i < end; i++) {
    const value = (rows[i] as Row)[name]
    if (typeof value === 'string') {
      if (!separator && value.includes(TEXT_SEPARATOR)) separator = true
      values[i - start] = value
    } else {
      state.row = i
      values[i - start] =
        value === null || value === undefined ? missing(column, state) : column.stage(value)
    }
  }
  state.separator = separator
}

function stageInt64s(
  column: ColumnPlan,
  rows: readonly object[],
  start: number,
  end: number,
  values: unknown[],
  state: BlockState,
): void {
  const name = column.field.name
  for (let i = start; i < end; i++) {
    const value = (rows[i] as Row)[name]
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      values[i - start] = value
    } else {
      state.row = i
      values[i - start] =
        value === null || value === undefined ? missing(column, state) : column.stage(value)
    }
  }
}

function stageAny(
  column: ColumnPlan,
  rows: readonly object[],
  start: number,
  end: number,
  values: unknown[],
  state: BlockState,
): void {
  const name = column.field.name
  const stage = column.stage
  for (let i = start; i < end; i++) {
    state.row = i
    const value = (rows[i] as Row)[name]
    values[i - start] =
      value === null || value === undefined ? missing(column, state) : stage(value)
  }
}
