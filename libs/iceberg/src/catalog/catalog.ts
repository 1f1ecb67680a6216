import type { Namespace, TableIdentifier } from './table-identifier.js'

export type { Namespace, TableIdentifier } from './table-identifier.js'

/** Namespace properties: plain string pairs, as every Iceberg catalog stores them. */
export type NamespaceProperties = Readonly<Record<string, string>>

/** Where a table's current metadata lives, as the catalog last recorded it. */
export interface TableLocation {
  /** The current `*.metadata.json` (the one every reader should use). */
  readonly metadataLocation: string
  /** The metadata file the last commit replaced; null for a table that was never committed to. */
  readonly previousMetadataLocation: string | null
}

/**
 * An Iceberg catalog: it maps table identifiers to their current metadata file and swaps that
 * pointer atomically, which is the whole of Iceberg's commit protocol (spec "Optimistic Concurrency":
 * "an atomic swap of one table metadata file for another"). Metadata files themselves are written and read by
 * the caller. Kept small so the SQL catalog, a REST client and an S3-backed store can all implement
 * it. Errors are `IcebergError`s: `ICEBERG_NOT_FOUND`, `ICEBERG_ALREADY_EXISTS`,
 * `ICEBERG_COMMIT_CONFLICT` and `ICEBERG_CATALOG_UNAVAILABLE` (both retriable),
 * `ICEBERG_INVALID_ARGUMENT`, `ICEBERG_CATALOG_FAILED`.
 */
export interface Catalog {
  /** The catalog's name (the JDBC layout's `catalog_name`; several catalogs can share a database). */
  readonly name: string

  /**
   * Creates a namespace with optional properties; `ICEBERG_ALREADY_EXISTS` when it exists, also
   * implicitly (as the parent of another namespace or the namespace of a table).
   */
  createNamespace(namespace: Namespace, properties?: NamespaceProperties): Promise<void>
  /** True when the namespace was created or holds a table or a child namespace. */
  namespaceExists(namespace: Namespace): Promise<boolean>
  /** The direct children of `parent`, or the top-level namespaces without it; sorted. */
  listNamespaces(parent?: Namespace): Promise<Namespace[]>
  /** The namespace's properties; `ICEBERG_NOT_FOUND` when it does not exist. */
  loadNamespaceProperties(namespace: Namespace): Promise<NamespaceProperties>

  /**
   * Registers a table whose first metadata file the caller has written. `ICEBERG_ALREADY_EXISTS`
   * when the name is taken, `ICEBERG_NOT_FOUND` when the namespace does not exist.
   */
  createTable(id: TableIdentifier, metadataLocation: string): Promise<void>
  /** The table's current and previous metadata locations; `ICEBERG_NOT_FOUND` when unknown. */
  loadTable(id: TableIdentifier): Promise<TableLocation>
  /** True when the table is registered. */
  tableExists(id: TableIdentifier): Promise<boolean>
  /** The tables of one namespace, sorted by name; `ICEBERG_NOT_FOUND` when it does not exist. */
  listTables(namespace: Namespace): Promise<TableIdentifier[]>
  /**
   * Atomically moves the table from `expectedMetadataLocation` to `newMetadataLocation` (which
   * becomes `current`, the expected one `previous`). `ICEBERG_COMMIT_CONFLICT` (retriable: reload,
   * re-apply, retry) when the current location is no longer the expected one; `ICEBERG_NOT_FOUND`
   * when the table is gone. Nothing changes unless it resolves.
   */
  commitTable(
    id: TableIdentifier,
    expectedMetadataLocation: string,
    newMetadataLocation: string,
  ): Promise<void>
  /** Unregisters the table (its files stay); `ICEBERG_NOT_FOUND` when unknown. */
  dropTable(id: TableIdentifier): Promise<void>
  /** Releases the catalog's connections; later calls fail with `ICEBERG_CATALOG_FAILED`. */
  close(): Promise<void>
}
