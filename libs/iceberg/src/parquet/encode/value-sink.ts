import type { ByteWriter } from '../format/byte-writer.js'
import type { SingleValue } from '../../spec/single-value.js'

/**
 * The non-null values of one Parquet leaf column for one row group, checked and converted from
 * the JS row values as they arrive, with what the column chunk's statistics and the Iceberg
 * metrics need. One implementation per physical storage (see `createValueSink`).
 */
export interface ValueSink {
  /** Number of values held. */
  readonly count: number
  /** Checks and appends one non-null value; throws `ICEBERG_INVALID_VALUE` when it is rejected. */
  push(value: unknown): void
  /**
   * Appends the non-null values of `values[i]` for i in [from, to) (a block of one column's
   * values, taken from the rows by the column's own accessor), and writes each row's definition
   * level to `defs[i - from]` (1 present, 0 null) when `defs` is given; a null with `defs` null
   * (a required column) throws. Returns the number of nulls. This is the hot loop of flat
   * columns, one per hot sink class so that it stays monomorphic; rows are read in their memory
   * order (reading row objects in sort order is several times slower: every row is a cache miss).
   */
  fill(values: readonly unknown[], from: number, to: number, defs: Uint8Array | null): number
  /**
   * Appends the values at `indices[0, count)` of `source` (a sink of the same class that holds
   * the whole file's values in row order): how a row group's values are put together in sort
   * order after the rows were read once in memory order.
   */
  gather(source: ValueSink, indices: Uint32Array, count: number): void
  /** Writes the values in PLAIN encoding. */
  writePlain(out: ByteWriter): void
  /** Minimum and maximum in single-value form (NaN excluded), or null when there is none. */
  bounds(): { readonly min: SingleValue; readonly max: SingleValue } | null
  /** Minimum and maximum in Parquet's statistics encoding (PLAIN without length), or null. */
  statistics(): { readonly min: Uint8Array; readonly max: Uint8Array } | null
  /** NaN values seen (float and double only; 0 otherwise). */
  readonly nanCount: number
  /** Empties the sink for the next row group. */
  reset(): void
  /**
   * Drops the values from index `count` on: a source sink whose reading of a batch of rows failed
   * midway goes back to where the batch began. Only a source sink's values are kept exact (its
   * own bounds are never read: a row group's come from its gathered sink).
   */
  truncate(count: number): void
  /** Makes room for `n` values in all (a source sink of a flat column: its row count so far). */
  reserve?(n: number): void
  /** Ends the reading of a source sink (the whole file's values); later only `gather` reads it. */
  seal?(): void
  /**
   * The values as numbers that order as the values do (value index -> number), with the number
   * of distinct ranks when they are ranks of few distinct values (0 otherwise), or null when the
   * values cannot be compared as numbers exactly (the sort then reads the rows).
   */
  sortNumbers?(): { readonly numbers: Float64Array; readonly ranks: number } | null
  /**
   * The values in a form `sort-rows` compares exactly when {@link sortNumbers} gives null (strings,
   * bigints, numbers with NaN, bytes or bigints of fixed-width values); slower, for the rare sort
   * key that is not a number or a dictionary string.
   */
  sortValues?(): readonly unknown[]
}

/** A sink whose values may be dictionary-encoded (strings). */
export interface DictionarySink extends ValueSink {
  /**
   * Dictionary-encodes the values when that pays (few distinct values): the distinct values in
   * PLAIN encoding written to `dictionary` and their indices, or null to write PLAIN values.
   */
  dictionaryEncode(dictionary: ByteWriter): Uint32Array | null
  /** Number of entries of the last dictionary. */
  readonly dictionarySize: number
}

/** Index of the row group's row `i` in the caller's rows. */
export type RowOrder = Uint32Array

/** The "null" answer of `fill`'s required check, shared by the sinks. */
export function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined
}

/** A null in a required column (the shredder adds the column's name). */
export function requiredNull(): Error {
  return new RequiredNullError()
}

/** Thrown for a null in a required column or a required list element or map value. */
export class RequiredNullError extends Error {
  constructor() {
    super('required but null')
  }
}
