import {
  DuckDBInstance,
  type DuckDBConnection,
  type DuckDBValue,
  type Json,
} from '@duckdb/node-api'
import type { Logger } from '@k2/core'

import { QueryError } from '../errors.js'
import type { RowStream } from './row-stream.js'

/** Values a statement binds: text, integers as bigints, booleans, null. Nothing else reaches SQL. */
export type SqlParams = Readonly<Record<string, string | bigint | boolean | null>>

/** A row as DuckDB's JSON conversion gives it (BIGINT and VARCHAR as strings). */
export type JsonRow = Record<string, Json>

/** Options of one statement. */
export interface RunOptions {
  /** Interrupt the statement after this long (ms). */
  readonly timeoutMs: number
  /** A short name for logs. */
  readonly label: string
}

/** One in-process DuckDB with a few connections that statements take turns on. */
export interface DuckDbPool {
  /** Runs a prepared statement with bound `params`, streaming its rows. */
  stream(sql: string, params: SqlParams, options: RunOptions): RowStream<JsonRow>
  /** Runs a prepared statement and returns every row (for small results). */
  all(sql: string, params: SqlParams, options: RunOptions): Promise<JsonRow[]>
  /** Waits for running statements' connections to come back, then closes DuckDB. */
  close(): Promise<void>
}

/** Options of {@link createDuckDbPool}. */
export interface DuckDbPoolOptions {
  readonly connections: number
  /** DuckDB worker threads; DuckDB's default (one per core) when absent. */
  readonly threads?: number
  /** DuckDB `memory_limit` (e.g. `256MB`); DuckDB's default (80% of RAM) when absent. */
  readonly memoryLimit?: string
  readonly logger: Logger
}

/**
 * Opens an in-memory DuckDB (it only reads Parquet files) with `connections` connections. Every
 * statement is prepared and bound, never built from caller input (D7). The session time zone is
 * UTC so no TIMESTAMPTZ is ever shown or truncated in a local zone.
 *
 * Timeouts: a timer calls `connection.interrupt()`; DuckDB then fails the running statement with
 * an INTERRUPT error, which becomes `QUERY_TIMEOUT`. The timer is cleared before the connection
 * goes back to the pool (both on the one JS thread), so an interrupt can never hit the next
 * statement on that connection.
 */
export async function createDuckDbPool(options: DuckDbPoolOptions): Promise<DuckDbPool> {
  const instance = await DuckDBInstance.create(':memory:', {
    ...(options.threads !== undefined ? { threads: String(options.threads) } : {}),
    ...(options.memoryLimit !== undefined ? { memory_limit: options.memoryLimit } : {}),
  })
  const idle: DuckDBConnection[] = []
  for (let i = 0; i < options.connections; i++) {
    const conn = await instance.connect()
    await conn.run("SET TimeZone = 'UTC'")
    idle.push(conn)
  }
  const waiters: Array<(conn: DuckDBConnection) => void> = []
  let closed = false

  const acquire = async (): Promise<DuckDBConnection> => {
    if (closed) throw new QueryError('QUERY_ENGINE_CLOSED', 'the query engine is closed')
    const conn = idle.pop()
    if (conn) return conn
    return new Promise((resolve) => waiters.push(resolve))
  }
  const release = (conn: DuckDBConnection) => {
    const next = waiters.shift()
    if (next) next(conn)
    else idle.push(conn)
  }

  async function* run(sql: string, params: SqlParams, opts: RunOptions): RowStream<JsonRow> {
    const started = performance.now()
    const conn = await acquire()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      conn.interrupt()
    }, opts.timeoutMs)
    let rows = 0
    try {
      const prepared = await conn.prepare(sql)
      try {
        prepared.bind(params as Record<string, DuckDBValue>)
        const result = await prepared.stream()
        for await (const chunk of result.yieldRowObjectJson()) {
          rows += chunk.length
          if (chunk.length > 0) yield chunk
        }
      } finally {
        prepared.destroySync()
      }
    } catch (error) {
      if (timedOut) {
        throw new QueryError(
          'QUERY_TIMEOUT',
          `${opts.label}: interrupted after ${opts.timeoutMs} ms`,
          {
            cause: error,
            context: { query: opts.label, timeoutMs: opts.timeoutMs },
          },
        )
      }
      if (error instanceof QueryError) throw error
      throw new QueryError('QUERY_FAILED', `${opts.label}: ${(error as Error).message}`, {
        cause: error,
        context: { query: opts.label },
      })
    } finally {
      clearTimeout(timer)
      release(conn)
      options.logger.debug(
        { query: opts.label, rows, ms: Math.round(performance.now() - started), timedOut },
        'query finished',
      )
    }
  }

  return {
    stream: run,
    async all(sql, params, opts) {
      const rows: JsonRow[] = []
      for await (const chunk of run(sql, params, opts)) rows.push(...chunk)
      return rows
    },
    async close() {
      if (closed) return
      closed = true
      while (idle.length < options.connections) {
        await new Promise<void>((resolve) => waiters.push((conn) => (idle.push(conn), resolve())))
      }
      for (const conn of idle) conn.closeSync()
      instance.closeSync()
    },
  }
}
