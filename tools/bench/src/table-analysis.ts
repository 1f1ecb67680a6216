import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'

import {
  createCatalog,
  createLocalFileIO,
  currentSnapshot,
  liveDataFiles,
  loadTable,
  ManifestCache,
  MANIFEST_ENTRY_STATUS,
  toLocalPath,
  TRADES_V2_TABLE,
  type FileIO,
  type Snapshot,
} from '@k2/iceberg'

import { commitPoints, type CommitPoint } from './ingest-progress.js'

/** Exchange receipt -> committed, over every row (ms). */
export interface Freshness {
  readonly rows: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly maxMs: number
  readonly minMs: number
}

/** What the table holds of one symbol. */
export interface SymbolCount {
  readonly symbol: string
  readonly rows: number
  readonly distinctIds: number
  readonly minSequence: number
  readonly maxSequence: number
}

/** What the benchmark reads back from `market_data.trades_v2` after the supervisor stopped. */
export interface TableAnalysis {
  /** Append commits (snapshot time, `total-records`), in time order. */
  readonly commits: readonly CommitPoint[]
  readonly snapshots: number
  /** Data files the append snapshots added, and live files of the current snapshot. */
  readonly appendedFiles: number
  readonly liveFiles: number
  readonly totalRecords: number
  /** Undefined when no append added any file. */
  readonly freshness: Freshness | undefined
  readonly symbols: readonly SymbolCount[]
}

/**
 * Reads the trades table of `warehouse` (default SQLite catalog) back:
 * - **freshness**: for each append snapshot, the data files it added (manifest entries with
 *   status ADDED and its snapshot id, spec "Manifests"), each row's commit time = that snapshot's
 *   `timestamp-ms` (set when the commit was made, just before the catalog swap), minus the row's
 *   `ingestion_timestamp` (the feed's receipt time, D9); percentiles by DuckDB over the files.
 *   Files that compaction wrote later (`replace`) are not counted: their rows were already
 *   committed by an append. Expired snapshots would be missing (the default retention is 1 h).
 * - **exactly-once**: per symbol, rows, distinct `trade_id`s and the `source_sequence` range of
 *   the current snapshot's live files.
 */
export async function analyzeTradesTable(warehouse: string): Promise<TableAnalysis> {
  const catalog = await createCatalog({ warehouse })
  const io = createLocalFileIO()
  try {
    const table = await loadTable({ catalog, io }, TRADES_V2_TABLE.identifier)
    const snapshots = table.metadata.snapshots
    const current = currentSnapshot(table.metadata)
    const cache = new ManifestCache()
    const added = await appendedFiles(io, snapshots, cache)
    const live = (await liveDataFiles(io, current, cache)).map((f) => toLocalPath(f.file.file_path))
    const duck = await DuckDBInstance.create(':memory:')
    const conn = await duck.connect()
    try {
      return {
        commits: commitPoints(table.metadata),
        snapshots: snapshots.length,
        appendedFiles: added.length,
        liveFiles: live.length,
        totalRecords: Number(current?.summary['total-records'] ?? 0),
        freshness: await freshness(conn, added),
        symbols: await symbolCounts(conn, live),
      }
    } finally {
      conn.closeSync()
      duck.closeSync()
    }
  } finally {
    await catalog.close()
  }
}

/** Every data file an append snapshot added, with that snapshot's commit time. */
async function appendedFiles(
  io: FileIO,
  snapshots: readonly Snapshot[],
  cache: ManifestCache,
): Promise<Array<{ path: string; commitMs: number }>> {
  const out: Array<{ path: string; commitMs: number }> = []
  for (const snapshot of snapshots) {
    if (snapshot.summary.operation !== 'append') continue
    const id = snapshot['snapshot-id']
    for (const manifest of await cache.manifestsOf(io, snapshot)) {
      if (manifest.added_snapshot_id !== id) continue
      for (const entry of await cache.entriesOf(io, manifest)) {
        if (entry.status === MANIFEST_ENTRY_STATUS.ADDED && entry.snapshot_id === id) {
          out.push({
            path: toLocalPath(entry.data_file.file_path),
            commitMs: snapshot['timestamp-ms'],
          })
        }
      }
    }
  }
  return out
}

async function freshness(
  conn: DuckDBConnection,
  files: ReadonlyArray<{ path: string; commitMs: number }>,
): Promise<Freshness | undefined> {
  if (files.length === 0) return undefined
  const commits = files.map((f) => `(${sqlString(f.path)}, ${f.commitMs * 1000})`).join(', ')
  const sql = `
    WITH commits(path, commit_us) AS (VALUES ${commits}),
    lags AS (
      SELECT c.commit_us - epoch_us(p.ingestion_timestamp) AS lag_us
      FROM ${readParquet(files.map((f) => f.path))} p JOIN commits c ON p.filename = c.path
    )
    SELECT count(*)::VARCHAR AS n,
      quantile_disc(lag_us, 0.5)::VARCHAR AS p50, quantile_disc(lag_us, 0.99)::VARCHAR AS p99,
      max(lag_us)::VARCHAR AS mx, min(lag_us)::VARCHAR AS mn
    FROM lags`
  const row = (await conn.runAndReadAll(sql)).getRowObjectsJson()[0] ?? {}
  const ms = (key: string) => Number(row[key]) / 1000
  return {
    rows: Number(row['n']),
    p50Ms: ms('p50'),
    p99Ms: ms('p99'),
    maxMs: ms('mx'),
    minMs: ms('mn'),
  }
}

async function symbolCounts(
  conn: DuckDBConnection,
  files: readonly string[],
): Promise<SymbolCount[]> {
  if (files.length === 0) return []
  const sql = `
    SELECT symbol, count(*)::VARCHAR AS n, count(DISTINCT trade_id)::VARCHAR AS d,
      min(source_sequence)::VARCHAR AS lo, max(source_sequence)::VARCHAR AS hi
    FROM ${readParquet(files)} GROUP BY symbol ORDER BY symbol`
  return (await conn.runAndReadAll(sql)).getRowObjectsJson().map((r) => ({
    symbol: String(r['symbol']),
    rows: Number(r['n']),
    distinctIds: Number(r['d']),
    minSequence: Number(r['lo']),
    maxSequence: Number(r['hi']),
  }))
}

function readParquet(paths: readonly string[]): string {
  return `read_parquet([${paths.map(sqlString).join(', ')}], filename = true)`
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`
}
