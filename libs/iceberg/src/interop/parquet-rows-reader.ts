import { DuckDBInstance } from '@duckdb/node-api'

import { toLocalPath } from '../io/index.js'
import type { StructType } from '../spec/types.js'
import { decimalParams, isPrimitive } from '../spec/types.js'
import { canonicalRow } from './canonical-rows.js'
import { quoteIdentifier, quoteString } from '../parquet/sql.js'

/**
 * The last step of our read path (D4: "hand the surviving file list to DuckDB read_parquet"), for
 * tests: reads data files with `@duckdb/node-api` and returns canonical rows. Columns are matched
 * by name; timestamps come back as µs (`epoch_us`) and decimals as text, so nothing goes through a
 * float or a time zone.
 */
export interface ParquetRowsReader {
  /**
   * Canonical rows (see `canonical-rows.ts`) of `files` (locations from manifests) for `schema`,
   * keeping the rows that satisfy the DuckDB SQL condition `where` when given; [] for no files.
   */
  read(files: readonly string[], schema: StructType, where?: string): Promise<string[]>
  /** Count of rows of `files` satisfying `where`. */
  count(files: readonly string[], where?: string): Promise<number>
  close(): void
}

const TIMESTAMP_TYPES = new Set(['timestamp', 'timestamptz'])

function source(files: readonly string[]): string {
  return `read_parquet([${files.map((f) => quoteString(toLocalPath(f))).join(', ')}])`
}

/** Opens an in-memory DuckDB for reading data files. */
export async function createParquetRowsReader(): Promise<ParquetRowsReader> {
  const instance = await DuckDBInstance.create(':memory:')
  const conn = await instance.connect()
  return {
    async read(files, schema, where) {
      if (files.length === 0) return []
      const selects = schema.fields.map((f) => {
        const col = quoteIdentifier(f.name)
        if (isPrimitive(f.type) && TIMESTAMP_TYPES.has(f.type)) return `epoch_us(${col}) AS ${col}`
        if (decimalParams(f.type) !== undefined) return `${col}::VARCHAR AS ${col}`
        return col
      })
      const sql = `SELECT ${selects.join(', ')} FROM ${source(files)}${where ? ` WHERE ${where}` : ''}`
      const reader = await conn.runAndReadAll(sql)
      return reader.getRowObjectsJson().map((row) => canonicalRow(schema, row))
    },
    async count(files, where) {
      if (files.length === 0) return 0
      const sql = `SELECT count(*)::VARCHAR AS n FROM ${source(files)}${where ? ` WHERE ${where}` : ''}`
      const reader = await conn.runAndReadAll(sql)
      return Number(reader.getRowObjectsJson()[0]?.['n'])
    },
    close() {
      conn.closeSync()
      instance.closeSync()
    },
  }
}
