import {
  IcebergError,
  type ManifestCache,
  loadTable,
  planScan,
  selectSnapshot,
  type Catalog,
  type DataFile,
  type FileIO,
  type IcebergSchema,
  type ScanFilter,
  type ScanMetrics,
  type Snapshot,
  type TableDefinition,
  type TableMetadata,
} from '@k2/iceberg'

import { QueryError } from '../errors.js'
import type { SnapshotSelection } from '../params.js'
import { parquetRelation } from '../sql/relation.js'

/** What a query reads from one table: the snapshot, the pruned files, and the SQL relation. */
export interface TableScan {
  /** The snapshot read; undefined for a table without snapshots (or not created yet). */
  readonly snapshot: Snapshot | undefined
  readonly schema: IcebergSchema
  /** Locations of the data files that may hold matching rows. */
  readonly files: readonly string[]
  /** Their manifest entries (record counts, sizes, bounds). */
  readonly dataFiles: readonly DataFile[]
  /** Manifests and files read and skipped while planning. */
  readonly metrics: ScanMetrics
  /** `read_parquet([...])` of {@link files}, or a typed empty relation. */
  readonly relation: string
}

/** Reads tables' metadata through the catalog and plans scans, with caches (D4 read path). */
export interface TableSource {
  /** The table's metadata now; undefined when the table does not exist. */
  metadata(table: TableDefinition): Promise<TableMetadata | undefined>
  /** Plans a read of `table` at `selection` for `filter`. */
  scan(
    table: TableDefinition,
    selection: SnapshotSelection,
    filter?: ScanFilter,
  ): Promise<TableScan>
}

const METADATA_CACHE_ENTRIES = 64

/**
 * A {@link TableSource} over `catalog` and `io`. Caching: a table-metadata file never changes
 * once written, so parsed metadata is kept by its location and each query costs one catalog
 * pointer read while no commit happens; manifest lists and manifests (also immutable) are kept by
 * location in `manifests`, so planning a query against an already-seen snapshot reads no file.
 */
export function createTableSource(
  catalog: Catalog,
  io: FileIO,
  manifests: ManifestCache,
): TableSource {
  const byLocation = new Map<string, TableMetadata>()

  async function metadata(table: TableDefinition): Promise<TableMetadata | undefined> {
    let location: string
    try {
      location = (await catalog.loadTable(table.identifier)).metadataLocation
    } catch (error) {
      if (error instanceof IcebergError && error.code === 'ICEBERG_NOT_FOUND') return undefined
      throw error
    }
    const cached = byLocation.get(location)
    if (cached) return cached
    // loadTable re-reads the pointer if this metadata file was cleaned up meanwhile.
    const loaded = await loadTable({ catalog, io }, table.identifier)
    byLocation.set(loaded.metadataLocation, loaded.metadata)
    if (byLocation.size > METADATA_CACHE_ENTRIES) {
      byLocation.delete(byLocation.keys().next().value as string)
    }
    return loaded.metadata
  }

  return {
    metadata,
    async scan(table, selection, filter) {
      const md = await metadata(table)
      if (!md) {
        if (selection.snapshotId !== undefined || selection.asOfMs !== undefined) {
          throw snapshotNotFound(table, selection)
        }
        return emptyScan(table.schema)
      }
      let snapshot: Snapshot | undefined
      try {
        snapshot = selectSnapshot(md, selection)
      } catch (error) {
        if (error instanceof IcebergError && error.code === 'ICEBERG_NOT_FOUND') {
          throw snapshotNotFound(table, selection, error)
        }
        throw error
      }
      const plan = await planScan(io, md, {
        ...(snapshot ? { snapshotId: snapshot['snapshot-id'] } : {}),
        ...(filter ? { filter } : {}),
        cache: manifests,
      })
      const files = plan.files.map((f) => f.file_path)
      return {
        snapshot: plan.snapshot,
        schema: plan.schema,
        files,
        dataFiles: plan.files,
        metrics: plan.metrics,
        relation: parquetRelation(files, plan.schema),
      }
    },
  }
}

function emptyScan(schema: IcebergSchema): TableScan {
  return {
    snapshot: undefined,
    schema,
    files: [],
    dataFiles: [],
    metrics: { manifests: 0, manifestsSkipped: 0, dataFiles: 0, dataFilesSkipped: 0 },
    relation: parquetRelation([], schema),
  }
}

function snapshotNotFound(
  table: TableDefinition,
  selection: SnapshotSelection,
  cause?: unknown,
): QueryError {
  const what =
    selection.snapshotId !== undefined
      ? `snapshot ${selection.snapshotId}`
      : `a snapshot at or before ${new Date(selection.asOfMs ?? 0).toISOString()}`
  return new QueryError('QUERY_SNAPSHOT_NOT_FOUND', `${table.identifier.name} has no ${what}`, {
    ...(cause !== undefined ? { cause } : {}),
    context: {
      table: table.identifier.name,
      ...(selection.snapshotId !== undefined
        ? { snapshotId: selection.snapshotId.toString() }
        : { asOfMs: selection.asOfMs }),
    },
  })
}
