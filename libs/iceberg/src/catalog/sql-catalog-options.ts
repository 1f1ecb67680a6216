import { IcebergError } from '../errors.js'
import { SQL_CATALOG_LIMITS } from './sql-catalog-layout.js'

/** Options of {@link openSqlCatalog}. */
export interface SqlCatalogOptions {
  /** The SQLite database file (created with its tables when missing), or `:memory:`. */
  readonly path: string
  /** The `catalog_name` of our rows; pyiceberg must use the same name to see them. */
  readonly name: string
  /** How long a statement waits for another process's write lock before failing, in ms. */
  readonly busyTimeoutMs: number
}

/** Defaults: catalog `k2`, 5 s busy timeout. */
export const SQL_CATALOG_DEFAULTS = { name: 'k2', busyTimeoutMs: 5_000 } as const

/** Throws `ICEBERG_INVALID_ARGUMENT` naming the first bad option. */
export function validateSqlCatalogOptions(options: SqlCatalogOptions): SqlCatalogOptions {
  const bad = (field: string, why: string): never => {
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', `sqlCatalog.${field} ${why}`, {
      context: { field: `sqlCatalog.${field}` },
    })
  }
  if (typeof options.path !== 'string' || options.path === '') bad('path', 'must be a file path')
  if (typeof options.name !== 'string' || options.name === '') bad('name', 'must not be empty')
  if ([...options.name].length > SQL_CATALOG_LIMITS.catalogName) {
    bad('name', `must have at most ${SQL_CATALOG_LIMITS.catalogName} characters`)
  }
  const t = options.busyTimeoutMs
  if (!Number.isInteger(t) || t < 0 || t > 0x7fffffff) {
    bad('busyTimeoutMs', 'must be an integer >= 0')
  }
  return options
}
