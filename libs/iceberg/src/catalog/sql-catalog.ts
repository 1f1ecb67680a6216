import Database from 'better-sqlite3'

import { IcebergError } from '../errors.js'
import type { Catalog, NamespaceProperties, TableLocation } from './catalog.js'
import { checkText, namespaceKey, tableKey } from './sql-catalog-keys.js'
import {
  CREATE_TABLES_SQL,
  NAMESPACE_EXISTS_PROPERTY,
  SQL_CATALOG_LIMITS,
  prepareStatements,
  type SqlCatalogLayoutVersion,
} from './sql-catalog-layout.js'
import {
  SQL_CATALOG_DEFAULTS,
  validateSqlCatalogOptions,
  type SqlCatalogOptions,
} from './sql-catalog-options.js'
import { toCatalogError } from './sqlite-errors.js'
import type { Namespace, TableIdentifier } from './table-identifier.js'

/** The SQL catalog: a {@link Catalog} in the JDBC layout on one SQLite file. */
export interface SqlCatalog extends Catalog {
  /** The database file. */
  readonly path: string
  /** The layout the database had when opened (we create V1; older databases may be V0). */
  readonly layoutVersion: SqlCatalogLayoutVersion
}

/**
 * Opens (and if needed creates) the SQL catalog in a SQLite file, in the layout Java's JdbcCatalog
 * and pyiceberg's SqlCatalog share, so they see the same namespaces and tables.
 *
 * Concurrency: several processes may open the same file. WAL journal mode lets readers run while
 * one process writes; every write is one short `BEGIN IMMEDIATE` transaction, which takes the
 * write lock before reading, so SQLite's busy timeout covers it (a deferred transaction that reads
 * and then writes can fail at once with SQLITE_BUSY_SNAPSHOT). A lock held longer than the timeout
 * surfaces as `ICEBERG_CATALOG_UNAVAILABLE`, which the retry policy retries.
 */
export function openSqlCatalog(
  options: Pick<SqlCatalogOptions, 'path'> & Partial<SqlCatalogOptions>,
): SqlCatalog {
  const opts = validateSqlCatalogOptions({ ...SQL_CATALOG_DEFAULTS, ...options })
  let db: Database.Database | undefined
  try {
    db = new Database(opts.path, { timeout: opts.busyTimeoutMs })
    db.pragma('journal_mode = WAL')
    db.exec(CREATE_TABLES_SQL)
    const columns = db.prepare("SELECT name FROM pragma_table_info('iceberg_tables')").pluck().all()
    const version: SqlCatalogLayoutVersion = columns.includes('iceberg_type') ? 'V1' : 'V0'
    return new SqliteJdbcCatalog(db, opts, version)
  } catch (err) {
    db?.close()
    throw toCatalogError(err, 'open', { path: opts.path })
  }
}

class SqliteJdbcCatalog implements SqlCatalog {
  readonly name: string
  readonly path: string
  private readonly stmt: ReturnType<typeof prepareStatements>
  private closed = false

  constructor(
    private readonly db: Database.Database,
    options: SqlCatalogOptions,
    readonly layoutVersion: SqlCatalogLayoutVersion,
  ) {
    this.name = options.name
    this.path = options.path
    this.stmt = prepareStatements(db, layoutVersion)
  }

  async createNamespace(namespace: Namespace, properties: NamespaceProperties = {}): Promise<void> {
    const key = namespaceKey(namespace)
    const entries = Object.entries(properties).map(([k, v]) => {
      if (k === NAMESPACE_EXISTS_PROPERTY) {
        throw new IcebergError(
          'ICEBERG_INVALID_ARGUMENT',
          `namespace property '${NAMESPACE_EXISTS_PROPERTY}' is reserved by the JDBC catalog`,
        )
      }
      checkText('property key', k, SQL_CATALOG_LIMITS.propertyKey)
      return [k, checkText(`property ${k}`, v, SQL_CATALOG_LIMITS.propertyValue)] as const
    })
    // Java's JdbcCatalog always adds exists=true; pyiceberg only when there are no properties.
    const rows = [[NAMESPACE_EXISTS_PROPERTY, 'true'] as const, ...entries]
    this.write('createNamespace', { namespace: key.text }, () => {
      if (this.namespaceExistsNow(key.text, key.prefixArgs)) {
        throw new IcebergError('ICEBERG_ALREADY_EXISTS', `namespace ${key.text} already exists`, {
          context: { namespace: key.text },
        })
      }
      for (const [k, v] of rows) this.stmt.insertProperty.run(this.name, key.text, k, v)
    })
  }

  async namespaceExists(namespace: Namespace): Promise<boolean> {
    const key = namespaceKey(namespace)
    return this.read('namespaceExists', { namespace: key.text }, () =>
      this.namespaceExistsNow(key.text, key.prefixArgs),
    )
  }

  async listNamespaces(parent: Namespace = []): Promise<Namespace[]> {
    const depth = parent.length
    const key = depth > 0 ? namespaceKey(parent) : undefined
    return this.read('listNamespaces', { parent: key?.text ?? '' }, () => {
      if (key !== undefined) this.requireNamespaceNow(key.text, key.prefixArgs)
      // Namespaces exist through their property rows and through the tables in them (and so do
      // their ancestors): collect both, keep the direct children of `parent`, as Java does.
      const children = new Map<string, Namespace>()
      for (const text of this.stmt.allNamespaces.all(this.name, this.name)) {
        const levels = text.split('.')
        if (levels.length <= depth || parent.some((level, i) => levels[i] !== level)) continue
        const child = levels.slice(0, depth + 1)
        children.set(child.join('.'), child)
      }
      return [...children.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, ns]) => ns)
    })
  }

  async loadNamespaceProperties(namespace: Namespace): Promise<NamespaceProperties> {
    const key = namespaceKey(namespace)
    return this.read('loadNamespaceProperties', { namespace: key.text }, () => {
      this.requireNamespaceNow(key.text, key.prefixArgs)
      const rows = this.stmt.namespaceProperties.all(this.name, key.text)
      // Like Java's loadNamespaceMetadata: the existence marker is not a user property.
      return Object.fromEntries(rows.filter(([k]) => k !== NAMESPACE_EXISTS_PROPERTY))
    })
  }

  async createTable(id: TableIdentifier, metadataLocation: string): Promise<void> {
    const key = tableKey(id)
    const ns = namespaceKey(id.namespace)
    checkText('metadata location', metadataLocation, SQL_CATALOG_LIMITS.metadataLocation)
    try {
      this.write('createTable', { table: key.display }, () => {
        this.requireNamespaceNow(ns.text, ns.prefixArgs)
        this.stmt.insertTable.run(this.name, key.ns, key.name, metadataLocation)
      })
    } catch (err) {
      if (err instanceof IcebergError && err.code === 'ICEBERG_ALREADY_EXISTS') {
        throw new IcebergError('ICEBERG_ALREADY_EXISTS', `table ${key.display} already exists`, {
          cause: err,
          context: { table: key.display },
        })
      }
      throw err
    }
  }

  async loadTable(id: TableIdentifier): Promise<TableLocation> {
    const key = tableKey(id)
    const row = this.read('loadTable', { table: key.display }, () =>
      this.stmt.selectTable.get(this.name, key.ns, key.name),
    )
    // A row without a location is unusable; pyiceberg reports it as a missing table too.
    if (row === undefined || row.metadata_location === null) {
      throw new IcebergError('ICEBERG_NOT_FOUND', `table ${key.display} does not exist`, {
        context: { table: key.display },
      })
    }
    return {
      metadataLocation: row.metadata_location,
      previousMetadataLocation: row.previous_metadata_location,
    }
  }

  async tableExists(id: TableIdentifier): Promise<boolean> {
    const key = tableKey(id)
    return this.read('tableExists', { table: key.display }, () => {
      return this.stmt.selectTable.get(this.name, key.ns, key.name) !== undefined
    })
  }

  async listTables(namespace: Namespace): Promise<TableIdentifier[]> {
    const key = namespaceKey(namespace)
    return this.read('listTables', { namespace: key.text }, () => {
      this.requireNamespaceNow(key.text, key.prefixArgs)
      return this.stmt.listTables
        .all(this.name, key.text)
        .map((name) => ({ namespace: [...namespace], name }))
    })
  }

  async commitTable(
    id: TableIdentifier,
    expectedMetadataLocation: string,
    newMetadataLocation: string,
  ): Promise<void> {
    const key = tableKey(id)
    const limit = SQL_CATALOG_LIMITS.metadataLocation
    checkText('expected metadata location', expectedMetadataLocation, limit)
    checkText('new metadata location', newMetadataLocation, limit)
    if (expectedMetadataLocation === newMetadataLocation) {
      throw new IcebergError(
        'ICEBERG_INVALID_ARGUMENT',
        `commit of ${key.display}: the new metadata location equals the expected one`,
        { context: { table: key.display, location: newMetadataLocation } },
      )
    }
    const context = { table: key.display, expected: expectedMetadataLocation }
    this.write('commitTable', context, () => {
      // The compare-and-swap: the row changes only while it still holds the expected location.
      const { changes } = this.stmt.commitTable.run(
        newMetadataLocation,
        expectedMetadataLocation,
        this.name,
        key.ns,
        key.name,
        expectedMetadataLocation,
      )
      if (changes === 1) return
      // Same transaction, so "gone" vs "moved on" is decided on the state the UPDATE saw.
      const row = this.stmt.selectTable.get(this.name, key.ns, key.name)
      if (row === undefined) {
        throw new IcebergError('ICEBERG_NOT_FOUND', `table ${key.display} does not exist`, {
          context,
        })
      }
      throw new IcebergError(
        'ICEBERG_COMMIT_CONFLICT',
        `commit of ${key.display} lost: its metadata moved from ${expectedMetadataLocation} to ${String(row.metadata_location)}`,
        { context: { ...context, current: row.metadata_location } },
      )
    })
  }

  async dropTable(id: TableIdentifier): Promise<void> {
    const key = tableKey(id)
    const changes = this.write('dropTable', { table: key.display }, () => {
      return this.stmt.dropTable.run(this.name, key.ns, key.name).changes
    })
    if (changes === 0) {
      throw new IcebergError('ICEBERG_NOT_FOUND', `table ${key.display} does not exist`, {
        context: { table: key.display },
      })
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.db.close()
  }

  private namespaceExistsNow(text: string, prefixArgs: [number, string]): boolean {
    return (
      this.stmt.namespaceInTables.get(this.name, text, ...prefixArgs) !== undefined ||
      this.stmt.namespaceInProperties.get(this.name, text, ...prefixArgs) !== undefined
    )
  }

  private requireNamespaceNow(text: string, prefixArgs: [number, string]): void {
    if (!this.namespaceExistsNow(text, prefixArgs)) {
      throw new IcebergError('ICEBERG_NOT_FOUND', `namespace ${text} does not exist`, {
        context: { namespace: text },
      })
    }
  }

  /** Runs `fn` in one read transaction (a consistent snapshot; never blocks the writer in WAL). */
  private read<T>(operation: string, context: Record<string, unknown>, fn: () => T): T {
    return this.run(operation, context, () => this.db.transaction(fn).deferred())
  }

  /** Runs `fn` in one `BEGIN IMMEDIATE` transaction: all or nothing, write lock held throughout. */
  private write<T>(operation: string, context: Record<string, unknown>, fn: () => T): T {
    return this.run(operation, context, () => this.db.transaction(fn).immediate())
  }

  private run<T>(operation: string, context: Record<string, unknown>, fn: () => T): T {
    if (this.closed) {
      throw new IcebergError('ICEBERG_CATALOG_FAILED', `SQL catalog ${this.path} is closed`, {
        context: { ...context, operation },
      })
    }
    try {
      return fn()
    } catch (err) {
      throw toCatalogError(err, operation, { ...context, path: this.path })
    }
  }
}
