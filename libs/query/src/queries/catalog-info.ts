import {
  QUOTES_V2_TABLE,
  REFERENCE_DATA_V2_TABLE,
  TRADES_V2_TABLE,
  type TableDefinition,
} from '@k2/iceberg'

import type { QueryContext } from '../engine/query-context.js'
import { invalidParameter } from '../errors.js'
import { integer, text } from './rows.js'

/** The tables queries read, by table name and by short name (`trades` = `trades_v2`). */
export const QUERY_TABLES: Readonly<Record<string, TableDefinition>> = {
  trades: TRADES_V2_TABLE,
  trades_v2: TRADES_V2_TABLE,
  quotes: QUOTES_V2_TABLE,
  quotes_v2: QUOTES_V2_TABLE,
  reference_data: REFERENCE_DATA_V2_TABLE,
  reference_data_v2: REFERENCE_DATA_V2_TABLE,
}

/** A symbol with data, and how much. */
export interface SymbolInfo {
  readonly symbol: string
  readonly exchange: string
  readonly trade_count: number
  readonly quote_count: number
  /** First and last trade or quote time, µs UTC. */
  readonly first_timestamp: number
  readonly last_timestamp: number
}

/** Size of one table at its current snapshot. */
export interface TableStats {
  readonly table: string
  /** Current snapshot id (decimal string), null when the table has none. */
  readonly snapshot_id: string | null
  readonly rows: number
  readonly files: number
  readonly size_bytes: number
  /** Snapshots kept in the metadata (time-travel targets). */
  readonly snapshots: number
}

/** A snapshot of a table (time-travel target, D7 `GET /v1/snapshots`). */
export interface SnapshotInfo {
  readonly snapshot_id: string
  readonly parent_snapshot_id: string | null
  readonly sequence_number: string
  readonly timestamp_ms: number
  readonly operation: string
  readonly is_current: boolean
  readonly summary: Readonly<Record<string, string>>
}

/**
 * Symbols of `trades_v2` and `quotes_v2` with counts and time span, sorted by symbol then exchange.
 * Cached per pair of current snapshots: snapshots are immutable, so the answer only changes
 * with a commit.
 */
export function createSymbolsQuery(ctx: QueryContext): () => Promise<SymbolInfo[]> {
  let cached: { key: string; value: Promise<SymbolInfo[]> } | undefined
  return async () => {
    const trades = await ctx.tables.scan(TRADES_V2_TABLE, {})
    const quotes = await ctx.tables.scan(QUOTES_V2_TABLE, {})
    const key = `${trades.snapshot?.['snapshot-id']}/${quotes.snapshot?.['snapshot-id']}`
    if (cached?.key !== key) {
      const per = (relation: string, kind: string) =>
        `SELECT symbol, exchange, count(*) AS ${kind}, min("timestamp") AS t0, max("timestamp") AS t1 ` +
        `FROM ${relation} GROUP BY symbol, exchange`
      const sql =
        `SELECT symbol, exchange, coalesce(t.trades, 0)::VARCHAR AS trade_count, ` +
        `coalesce(q.quotes, 0)::VARCHAR AS quote_count, ` +
        `epoch_us(least(coalesce(t.t0, q.t0), coalesce(q.t0, t.t0)))::VARCHAR AS first_timestamp, ` +
        `epoch_us(greatest(coalesce(t.t1, q.t1), coalesce(q.t1, t.t1)))::VARCHAR AS last_timestamp ` +
        `FROM (${per(trades.relation, 'trades')}) t ` +
        `FULL OUTER JOIN (${per(quotes.relation, 'quotes')}) q USING (symbol, exchange) ` +
        `ORDER BY symbol, exchange`
      const value = ctx.pool
        .all(sql, {}, { timeoutMs: ctx.timeoutMs, label: 'symbols' })
        .then((rows) =>
          rows.map((r) => ({
            symbol: text(r['symbol']),
            exchange: text(r['exchange']),
            trade_count: integer(r['trade_count']) ?? 0,
            quote_count: integer(r['quote_count']) ?? 0,
            first_timestamp: integer(r['first_timestamp'])!,
            last_timestamp: integer(r['last_timestamp'])!,
          })),
        )
      value.catch(() => (cached = undefined))
      cached = { key, value }
    }
    return cached.value
  }
}

/** Rows, files and snapshots of the market-data tables, from metadata and manifests only. */
export async function queryStats(ctx: QueryContext): Promise<TableStats[]> {
  const out: TableStats[] = []
  for (const table of [TRADES_V2_TABLE, QUOTES_V2_TABLE, REFERENCE_DATA_V2_TABLE]) {
    const md = await ctx.tables.metadata(table)
    const scan = await ctx.tables.scan(table, {})
    let rows = 0n
    let size = 0n
    for (const file of scan.dataFiles) {
      rows += file.record_count
      size += file.file_size_in_bytes
    }
    out.push({
      table: table.identifier.name,
      snapshot_id: scan.snapshot ? scan.snapshot['snapshot-id'].toString() : null,
      rows: Number(rows),
      files: scan.files.length,
      size_bytes: Number(size),
      snapshots: md?.snapshots.length ?? 0,
    })
  }
  return out
}

/** The snapshots of `table` (a name of {@link QUERY_TABLES}), oldest first. */
export async function querySnapshots(ctx: QueryContext, table: string): Promise<SnapshotInfo[]> {
  const definition =
    typeof table === 'string' && Object.hasOwn(QUERY_TABLES, table)
      ? QUERY_TABLES[table]
      : undefined
  if (!definition) {
    throw invalidParameter('table', `must be one of ${Object.keys(QUERY_TABLES).join(', ')}`)
  }
  const md = await ctx.tables.metadata(definition)
  if (!md) return []
  const current = md['current-snapshot-id']
  return [...md.snapshots]
    .sort((a, b) => a['timestamp-ms'] - b['timestamp-ms'])
    .map((s) => ({
      snapshot_id: s['snapshot-id'].toString(),
      parent_snapshot_id: s['parent-snapshot-id']?.toString() ?? null,
      sequence_number: s['sequence-number'].toString(),
      timestamp_ms: s['timestamp-ms'],
      operation: s.summary.operation,
      is_current: s['snapshot-id'] === current,
      summary: Object.fromEntries(Object.entries(s.summary).map(([k, v]) => [k, String(v)])),
    }))
}
