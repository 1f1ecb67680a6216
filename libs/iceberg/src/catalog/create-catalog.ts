import { mkdirSync } from 'node:fs'
import { dirname, join, normalize, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { IcebergError } from '../errors.js'
import type { Catalog } from './catalog.js'
import { openSqlCatalog } from './sql-catalog.js'
import { SQL_CATALOG_DEFAULTS } from './sql-catalog-options.js'

/** Options of {@link createCatalog} (from `K2_CATALOG_URI`, `K2_WAREHOUSE` through `@k2/config`). */
export interface CreateCatalogOptions {
  /** Catalog URI; unset or empty = SQLite file `<warehouse>/catalog.db`. */
  readonly uri?: string
  /** The warehouse directory (a path or a `file://` URL). */
  readonly warehouse: string
  /** The catalog name (`catalog_name` in the JDBC layout); default `k2`. */
  readonly name?: string
}

/** Where a catalog URI points; only SQLite so far (PostgreSQL and REST come later, D4). */
export interface CatalogTarget {
  readonly kind: 'sqlite'
  /** Absolute path of the SQLite file, or `:memory:`. */
  readonly path: string
}

const MEMORY = ':memory:'

function unsupported(uri: string, why: string): IcebergError {
  // Only the scheme goes into the message: the rest of a database URI may hold a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(uri)?.[0] ?? '(no scheme)'
  return new IcebergError('ICEBERG_INVALID_ARGUMENT', `K2_CATALOG_URI (${scheme}...): ${why}`, {
    context: { field: 'K2_CATALOG_URI', scheme },
  })
}

/** The warehouse as a local directory path. */
function warehouseDir(warehouse: string): string {
  if (warehouse.startsWith('file:')) return fileURLToPath(warehouse)
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(warehouse)) {
    throw new IcebergError(
      'ICEBERG_INVALID_ARGUMENT',
      `K2_WAREHOUSE ${warehouse}: the default SQLite catalog needs a local warehouse; set K2_CATALOG_URI`,
      { context: { field: 'K2_WAREHOUSE' } },
    )
  }
  return resolve(warehouse)
}

/**
 * Reads a catalog URI. SQLite forms: `sqlite:<path>` (relative to the working directory or
 * absolute), `sqlite:///abs/path` (URL form; SQLAlchemy's `sqlite:////abs/path` means the same),
 * `sqlite::memory:`. Note: SQLAlchemy reads `sqlite:///x.db` as the relative path `x.db`; we read a
 * path after `sqlite://` as absolute, like a `file://` URL. `postgresql://` and `http(s)://` (REST)
 * are recognised and refused as not supported yet; anything else is refused as unknown.
 */
export function parseCatalogUri(uri: string | undefined, warehouse: string): CatalogTarget {
  if (uri === undefined || uri.trim() === '') {
    return { kind: 'sqlite', path: join(warehouseDir(warehouse), 'catalog.db') }
  }
  if (/^postgres(ql)?(\+[a-z0-9]+)?:/i.test(uri)) {
    throw unsupported(uri, 'PostgreSQL catalogs are not supported yet; use sqlite:')
  }
  if (/^https?:/i.test(uri)) {
    throw unsupported(uri, 'REST catalogs are not supported yet; use sqlite:')
  }
  if (!uri.startsWith('sqlite:')) {
    throw unsupported(uri, 'unknown catalog scheme; use sqlite:<path>')
  }
  const rest = uri.slice('sqlite:'.length)
  if (rest === MEMORY) return { kind: 'sqlite', path: MEMORY }
  if (rest.startsWith('//')) {
    const path = rest.slice(2)
    if (!path.startsWith('/') || path === '/') {
      throw unsupported(uri, 'write sqlite:///absolute/path or sqlite:relative/path')
    }
    return { kind: 'sqlite', path: normalize(path) }
  }
  if (rest === '') throw unsupported(uri, 'the SQLite file path is missing')
  return { kind: 'sqlite', path: resolve(rest) }
}

/**
 * Opens the catalog `uri` names (default: SQLite `<warehouse>/catalog.db`), creating the SQLite
 * file's directory when missing. Invalid or not-yet-supported URIs fail with
 * `ICEBERG_INVALID_ARGUMENT` naming K2_CATALOG_URI.
 */
export async function createCatalog(options: CreateCatalogOptions): Promise<Catalog> {
  const target = parseCatalogUri(options.uri, options.warehouse)
  if (target.path !== MEMORY) {
    try {
      mkdirSync(dirname(target.path), { recursive: true })
    } catch (err) {
      throw new IcebergError(
        'ICEBERG_CATALOG_FAILED',
        `cannot create the directory of the SQL catalog ${target.path}: ${(err as Error).message}`,
        { cause: err, context: { path: target.path } },
      )
    }
  }
  return openSqlCatalog({ path: target.path, name: options.name ?? SQL_CATALOG_DEFAULTS.name })
}
