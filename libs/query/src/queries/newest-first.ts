import type { TableDefinition } from '@k2/iceberg'

import { decodeCursor, encodeCursor, type CursorKind } from '../cursor.js'
import type { JsonRow, SqlParams } from '../engine/duckdb-pool.js'
import { metaOf, type QueryContext, type QueryMeta } from '../engine/query-context.js'
import { collectRows, mapRows, type RowStream } from '../engine/row-stream.js'
import { parseLimit, type SnapshotSelection } from '../params.js'
import { timestampParam, WhereBuilder } from '../sql/where.js'
import { minEnd, scanFilterOf, whereMarket, type MarketFilter } from './market-filter.js'

/** One page of a keyset-paginated query. */
export interface Page<Row> {
  readonly rows: readonly Row[]
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null
  readonly meta: QueryMeta
}

/** How one table is listed newest first (trades: by trade_id, quotes: by quote_id). */
export interface NewestFirstTable<Row> {
  readonly kind: CursorKind
  readonly table: TableDefinition
  /** Unique id column that breaks ties in time. */
  readonly idColumn: 'trade_id' | 'quote_id'
  readonly columnsSql: string
  /** The SELECT list with the table's own types (Parquet exports). */
  readonly nativeColumnsSql: string
  readonly toRow: (row: JsonRow) => Row
  readonly idOf: (row: Row) => string
  readonly timestampOf: (row: Row) => number
}

/** A validated newest-first request. */
export interface NewestFirstRequest {
  readonly filter: MarketFilter
  /** Extra conditions (price/quantity) added to the WHERE clause. */
  readonly extra?: (where: WhereBuilder) => void
  readonly limit: number
  readonly cursor?: string | undefined
  readonly selection: SnapshotSelection
}

/** The SELECT of a newest-first request (shared by streams and Parquet exports). */
async function newestFirstSelect<Row>(
  ctx: QueryContext,
  spec: NewestFirstTable<Row>,
  request: NewestFirstRequest,
  columnsSql: string,
): Promise<{ sql: string; params: SqlParams; meta: QueryMeta }> {
  const after = decodeCursor('cursor', spec.kind, request.cursor)
  const filter: MarketFilter = after
    ? { ...request.filter, end: minEnd(request.filter.end, after.timestamp + 1n) }
    : request.filter
  const scan = await ctx.tables.scan(spec.table, request.selection, scanFilterOf(filter))
  const where = whereMarket(new WhereBuilder(), filter)
  request.extra?.(where)
  if (after) {
    const ts = timestampParam(where, after.timestamp)
    where.and(
      `"timestamp" < ${ts} OR ("timestamp" = ${ts} AND ${spec.idColumn} < ${where.param(after.id)})`,
    )
  }
  const sql =
    `SELECT ${columnsSql} FROM ${scan.relation} ${where.sql} ` +
    `ORDER BY "timestamp" DESC, ${spec.idColumn} DESC LIMIT ${where.param(BigInt(request.limit))}`
  return { sql, params: where.params, meta: metaOf(scan) }
}

/**
 * Rows newest first, `(timestamp, id)` descending, starting after the cursor's row: keyset
 * pagination (D7), so a page costs the same however deep it is, and rows committed meanwhile
 * never shift or repeat a page (the old API applied `offset` after `limit`). The cursor also
 * narrows file pruning: nothing newer than its row is read.
 */
export async function newestFirstStream<Row>(
  ctx: QueryContext,
  spec: NewestFirstTable<Row>,
  request: NewestFirstRequest,
): Promise<{ rows: RowStream<Row>; meta: QueryMeta }> {
  const { sql, params, meta } = await newestFirstSelect(ctx, spec, request, spec.columnsSql)
  const rows = ctx.pool.stream(sql, params, { timeoutMs: ctx.timeoutMs, label: spec.kind })
  return { rows: mapRows(rows, spec.toRow), meta }
}

/**
 * The rows of {@link newestFirstStream} written by DuckDB to a Parquet file at `path` (zstd, the
 * table's own column types: decimals, timestamptz, lists, maps), for bulk exports (D7 "Parquet
 * for bulk queries"). `path` is chosen by the caller, never by a user.
 */
export async function newestFirstParquet<Row>(
  ctx: QueryContext,
  spec: NewestFirstTable<Row>,
  request: NewestFirstRequest,
  path: string,
): Promise<{ rows: number; meta: QueryMeta }> {
  const { sql, params, meta } = await newestFirstSelect(ctx, spec, request, spec.nativeColumnsSql)
  const [row] = await ctx.pool.all(
    `COPY (${sql}) TO ${quoteSqlString(path)} (FORMAT parquet, COMPRESSION zstd)`,
    params,
    { timeoutMs: ctx.timeoutMs, label: `${spec.kind} parquet` },
  )
  return { rows: Number(row?.['Count'] ?? 0), meta }
}

/** A SQL string literal of our own text (a temporary file path). */
function quoteSqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

/** One page of at most `request.limit` rows and the cursor of the next. */
export async function newestFirstPage<Row>(
  ctx: QueryContext,
  spec: NewestFirstTable<Row>,
  request: NewestFirstRequest,
): Promise<Page<Row>> {
  // One row more than asked tells whether a next page exists.
  const { rows, meta } = await newestFirstStream(ctx, spec, {
    ...request,
    limit: request.limit + 1,
  })
  const all = await collectRows(rows)
  const page = all.slice(0, request.limit)
  const last = page[page.length - 1]
  const nextCursor =
    all.length > request.limit && last !== undefined
      ? encodeCursor(spec.kind, { timestamp: BigInt(spec.timestampOf(last)), id: spec.idOf(last) })
      : null
  return { rows: page, nextCursor, meta }
}

/** `limit` for a page (default 100, at most 10,000) or a stream (at most `maxRows`). */
export function pageLimit(value: unknown, streaming: boolean, maxRows: number): number {
  return streaming ? parseLimit('limit', value, maxRows, maxRows) : parseLimit('limit', value)
}
