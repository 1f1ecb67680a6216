import type { Logger } from '@k2/core'

import type { DuckDbPool } from './duckdb-pool.js'
import type { TableScan, TableSource } from './table-source.js'

/** What every query function uses: DuckDB, the tables, and the engine's limits. */
export interface QueryContext {
  readonly pool: DuckDbPool
  readonly tables: TableSource
  /** IANA zone names DuckDB's ICU knows (valid `tz` values). */
  readonly timeZones: ReadonlySet<string>
  readonly timeoutMs: number
  /** Most rows a streamed or collected result may have. */
  readonly maxRows: number
  readonly logger: Logger
}

/** How a result was read: the snapshot (for reproducible reads) and what pruning skipped. */
export interface QueryMeta {
  /** The snapshot read, as a decimal string (64-bit ids do not fit a JS number); null: no data. */
  readonly snapshotId: string | null
  /** Data files handed to DuckDB. */
  readonly filesRead: number
  /** Data files skipped by partition values or column bounds. */
  readonly filesSkipped: number
  /** Manifests skipped by their partition summaries (their files are not counted above). */
  readonly manifestsSkipped: number
}

/** The {@link QueryMeta} of a scan. */
export function metaOf(scan: TableScan): QueryMeta {
  return {
    snapshotId: scan.snapshot ? scan.snapshot['snapshot-id'].toString() : null,
    filesRead: scan.files.length,
    filesSkipped: scan.metrics.dataFilesSkipped,
    manifestsSkipped: scan.metrics.manifestsSkipped,
  }
}
