import type { DuckDBConnection } from '@duckdb/node-api'

import { IcebergError } from '../errors.js'
import { encodeBlock } from './block-encoder.js'
import type { ColumnPlan } from './column-plan.js'

/** Rows per staged block: one staging row holds this many rows of every column. */
export const BLOCK_ROWS = 2048
/** Rows per staging table: the unit handed to DuckDB while JS encodes the next one. */
export const CHUNK_ROWS = 32 * BLOCK_ROWS

/** DDL of the typed table rows are loaded into; required columns are NOT NULL (a backstop). */
export function typedTableSql(table: string, columns: readonly ColumnPlan[]): string {
  const defs = columns.map((c) => `${c.sqlName} ${c.sqlType}${c.field.required ? ' NOT NULL' : ''}`)
  return `CREATE TABLE ${table} (${defs.join(', ')})`
}

/**
 * Loads rows into a typed DuckDB table. Each chunk of rows is encoded by JS into a staging table
 * of blocks (one VARCHAR per column and block, see `encodeBlock`), then converted by DuckDB in a
 * single `INSERT ... SELECT unnest(...)` on another connection, in the background: while DuckDB
 * converts chunk k, JS encodes chunk k+1 (at most one load in flight, so staging memory stays at
 * two chunks). The first failure is rethrown by the next {@link TableLoader.add} or by
 * {@link TableLoader.done}.
 */
export class TableLoader {
  private inflight: Promise<void> = Promise.resolve()

  constructor(
    private readonly stageConn: DuckDBConnection,
    private readonly loadConn: DuckDBConnection,
    private readonly table: string,
    private readonly columns: readonly ColumnPlan[],
    private readonly newTableName: () => string,
  ) {}

  /** Stages `rows[start, end)` now and starts loading them; waits for the previous load. */
  async add(rows: readonly object[], start: number, end: number): Promise<void> {
    const staging = this.newTableName()
    await stage(this.stageConn, staging, this.columns, rows, start, end)
    try {
      await this.inflight
    } catch (err) {
      await dropTable(this.stageConn, staging)
      throw err
    }
    const load = this.load(staging, end - start)
    load.catch(() => undefined) // observed by the next add() or done()
    this.inflight = load
  }

  /** Waits until every staged chunk is in the typed table. */
  async done(): Promise<void> {
    await this.inflight
  }

  /** Waits for the load in flight to end, successfully or not (before cleaning up). */
  async settled(): Promise<void> {
    await this.inflight.catch(() => undefined)
  }

  private async load(staging: string, expected: number): Promise<void> {
    try {
      const loaded = await insert(this.loadConn, this.table, staging, this.columns)
      if (loaded !== expected) {
        throw new IcebergError('ICEBERG_IO_FAILED', `loaded ${loaded} of ${expected} rows`)
      }
    } finally {
      await dropTable(this.loadConn, staging)
    }
  }
}

async function stage(
  conn: DuckDBConnection,
  name: string,
  columns: readonly ColumnPlan[],
  rows: readonly object[],
  start: number,
  end: number,
): Promise<void> {
  const defs = columns.map((_, i) => `c${i} VARCHAR`).join(', ')
  await conn.run(`CREATE TABLE ${name} (${defs})`)
  try {
    const appender = await conn.createAppender(name)
    try {
      for (let from = start; from < end; from += BLOCK_ROWS) {
        const to = Math.min(end, from + BLOCK_ROWS)
        // Encode the whole block before appending, so a rejected value never leaves a half row.
        const encoded = columns.map((c) => encodeBlock(c, rows, from, to))
        for (const text of encoded) appender.appendVarchar(text)
        appender.endRow()
      }
      appender.flushSync()
    } finally {
      appender.closeSync()
    }
  } catch (err) {
    await dropTable(conn, name)
    throw err
  }
}

async function insert(
  conn: DuckDBConnection,
  table: string,
  staging: string,
  columns: readonly ColumnPlan[],
): Promise<number> {
  // Several unnest() in one SELECT zip their lists element by element. (A per-block check of the
  // list lengths in SQL made this ten times slower, hence the separator check in the encoder.)
  const lists = columns.map((c, i) => `${c.parseBlock(`c${i}`)} AS l${i}`).join(', ')
  const unnested = columns.map((_, i) => `unnest(l${i}) AS v${i}`).join(', ')
  const converted = columns.map((c, i) => c.convert(`v${i}`)).join(', ')
  const result = await conn.run(
    `INSERT INTO ${table} SELECT ${converted} FROM (SELECT ${unnested} FROM (SELECT ${lists} FROM ${staging}))`,
  )
  return result.rowsChanged
}

/** Drops a table, ignoring failures: used on cleanup paths, where the first error matters. */
export async function dropTable(conn: DuckDBConnection, name: string): Promise<void> {
  await conn.run(`DROP TABLE IF EXISTS ${name}`).then(
    () => undefined,
    () => undefined,
  )
}
