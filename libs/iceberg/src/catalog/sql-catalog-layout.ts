import type Database from 'better-sqlite3'

/**
 * The JDBC catalog's tables, shared by Java's JdbcCatalog (`JdbcUtil`) and pyiceberg's SqlCatalog
 * (`pyiceberg/catalog/sql.py`): one row per table or view in `iceberg_tables`, one row per namespace
 * property in `iceberg_namespace_properties`, both keyed by `catalog_name` so several catalogs can
 * share one database. Namespaces are stored as their levels joined with `.`.
 *
 * Two layouts exist: "V0" without `iceberg_type`, and "V1" (Java 1.5+, pyiceberg 0.7+) where
 * `iceberg_type` is `'TABLE'` or `'VIEW'` and NULL means a table written by a V0 client. We create
 * V1 and work with a V0 database as we find it, like both reference clients do by default.
 */

/** Which layout a database has: V1 has the `iceberg_type` column. */
export type SqlCatalogLayoutVersion = 'V0' | 'V1'

/** Column sizes of the layout (VARCHAR limits that PostgreSQL enforces and SQLite does not). */
export const SQL_CATALOG_LIMITS = {
  catalogName: 255,
  namespace: 255,
  tableName: 255,
  metadataLocation: 1000,
  propertyKey: 255,
  propertyValue: 1000,
} as const

/** The `iceberg_type` of table rows (views are `'VIEW'`; we neither create nor touch them). */
export const TABLE_RECORD_TYPE = 'TABLE'

/** The property every namespace created by Java or by us carries, so it exists without tables. */
export const NAMESPACE_EXISTS_PROPERTY = 'exists'

/**
 * DDL of the V1 layout, as pyiceberg 0.12 creates it (column types and NOT NULLs checked against a
 * database it made). Java declares the property columns nullable; rows valid here are valid there.
 */
export const CREATE_TABLES_SQL = `
CREATE TABLE IF NOT EXISTS iceberg_tables (
  catalog_name VARCHAR(255) NOT NULL,
  table_namespace VARCHAR(255) NOT NULL,
  table_name VARCHAR(255) NOT NULL,
  metadata_location VARCHAR(1000),
  previous_metadata_location VARCHAR(1000),
  iceberg_type VARCHAR(5),
  PRIMARY KEY (catalog_name, table_namespace, table_name)
);
CREATE TABLE IF NOT EXISTS iceberg_namespace_properties (
  catalog_name VARCHAR(255) NOT NULL,
  namespace VARCHAR(255) NOT NULL,
  property_key VARCHAR(255) NOT NULL,
  property_value VARCHAR(1000) NOT NULL,
  PRIMARY KEY (catalog_name, namespace, property_key)
);`

/** The SQL text of every statement the SQL catalog runs, for one layout version. */
export interface SqlCatalogStatements {
  readonly selectTable: string
  readonly insertTable: string
  readonly commitTable: string
  readonly dropTable: string
  readonly listTables: string
  readonly namespaceInTables: string
  readonly namespaceInProperties: string
  readonly allNamespaces: string
  readonly namespaceProperties: string
  readonly insertProperty: string
}

/**
 * The statements for `version`. Table statements skip view rows as Java's V1 SQL does
 * (`iceberg_type = 'TABLE' OR iceberg_type IS NULL`). Namespace lookups match the namespace itself
 * or any descendant (`ns.` prefix), as Java and pyiceberg do; they compare the prefix with
 * `substr` rather than their `LIKE 'ns.%' ESCAPE '!'`, because SQLite's LIKE ignores ASCII case and
 * would find `A` in `a.b`. All parameters are positional; the argument order is noted per statement.
 */
export function sqlCatalogStatements(version: SqlCatalogLayoutVersion): SqlCatalogStatements {
  const isTable =
    version === 'V1' ? ` AND (iceberg_type = '${TABLE_RECORD_TYPE}' OR iceberg_type IS NULL)` : ''
  const key = 'catalog_name = ? AND table_namespace = ? AND table_name = ?'
  const descendantOf = (column: string) => `(${column} = ? OR substr(${column}, 1, ?) = ?)` // (ns, length of 'ns.', 'ns.')
  return {
    // (catalog, ns, name)
    selectTable: `SELECT metadata_location, previous_metadata_location FROM iceberg_tables WHERE ${key}${isTable}`,
    // (catalog, ns, name, location)
    insertTable:
      version === 'V1'
        ? `INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type) VALUES (?, ?, ?, ?, NULL, '${TABLE_RECORD_TYPE}')`
        : `INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location) VALUES (?, ?, ?, ?, NULL)`,
    // (new, expected, catalog, ns, name, expected): Java's V1_DO_COMMIT_TABLE_SQL
    commitTable: `UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ? WHERE ${key} AND metadata_location = ?${isTable}`,
    // (catalog, ns, name)
    dropTable: `DELETE FROM iceberg_tables WHERE ${key}${isTable}`,
    // (catalog, ns)
    listTables: `SELECT table_name FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?${isTable} ORDER BY table_name`,
    // (catalog, ns, length, prefix)
    namespaceInTables: `SELECT 1 FROM iceberg_tables WHERE catalog_name = ? AND ${descendantOf('table_namespace')} LIMIT 1`,
    // (catalog, ns, length, prefix)
    namespaceInProperties: `SELECT 1 FROM iceberg_namespace_properties WHERE catalog_name = ? AND ${descendantOf('namespace')} LIMIT 1`,
    // (catalog, catalog)
    allNamespaces:
      'SELECT table_namespace AS namespace FROM iceberg_tables WHERE catalog_name = ? UNION SELECT namespace FROM iceberg_namespace_properties WHERE catalog_name = ?',
    // (catalog, ns)
    namespaceProperties:
      'SELECT property_key, property_value FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?',
    // (catalog, ns, key, value)
    insertProperty:
      'INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value) VALUES (?, ?, ?, ?)',
  }
}

/** A row of `iceberg_tables` as the catalog reads it. */
export interface TableRow {
  readonly metadata_location: string | null
  readonly previous_metadata_location: string | null
}

/** Prepares every statement once per connection (better-sqlite3 statements are reusable). */
export function prepareStatements(db: Database.Database, version: SqlCatalogLayoutVersion) {
  const sql = sqlCatalogStatements(version)
  type Prefix = [catalog: string, ns: string, prefixLength: number, prefix: string]
  return {
    selectTable: db.prepare<[string, string, string], TableRow>(sql.selectTable),
    insertTable: db.prepare<[string, string, string, string]>(sql.insertTable),
    commitTable: db.prepare<[string, string, string, string, string, string]>(sql.commitTable),
    dropTable: db.prepare<[string, string, string]>(sql.dropTable),
    listTables: db.prepare<[string, string], string>(sql.listTables).pluck(),
    namespaceInTables: db.prepare<Prefix>(sql.namespaceInTables),
    namespaceInProperties: db.prepare<Prefix>(sql.namespaceInProperties),
    allNamespaces: db.prepare<[string, string], string>(sql.allNamespaces).pluck(),
    namespaceProperties: db
      .prepare<[string, string], [string, string]>(sql.namespaceProperties)
      .raw(),
    insertProperty: db.prepare<[string, string, string, string]>(sql.insertProperty),
  }
}
