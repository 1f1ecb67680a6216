import { IcebergError, type IcebergErrorCode } from '../errors.js'

/**
 * SQLite result codes (https://sqlite.org/rescode.html) -> our codes, by primary code: better-sqlite3
 * reports extended codes such as `SQLITE_BUSY_SNAPSHOT`, whose primary code is the first two words.
 * BUSY/LOCKED (another process holds the lock past the busy timeout) and I/O errors can pass, so
 * they are retriable; a corrupt, read-only or full database, a missing file or an unexpected schema
 * (`SQLITE_ERROR`) will not. The only constraints the catalog can break are primary keys (a table or
 * namespace property created twice), hence `ALREADY_EXISTS`.
 */
const SQLITE_CODE_MAP: Readonly<Record<string, IcebergErrorCode>> = {
  SQLITE_BUSY: 'ICEBERG_CATALOG_UNAVAILABLE',
  SQLITE_LOCKED: 'ICEBERG_CATALOG_UNAVAILABLE',
  SQLITE_IOERR: 'ICEBERG_CATALOG_UNAVAILABLE',
  SQLITE_PROTOCOL: 'ICEBERG_CATALOG_UNAVAILABLE',
  SQLITE_CONSTRAINT: 'ICEBERG_ALREADY_EXISTS',
}

/** The primary SQLite code of an error thrown by better-sqlite3, or undefined for other errors. */
export function sqlitePrimaryCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined
  const code = (err as { code: unknown }).code
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined
  return code.split('_').slice(0, 2).join('_')
}

/**
 * Wraps an error thrown by better-sqlite3 into an `IcebergError` (code from the table above, else
 * `ICEBERG_CATALOG_FAILED`), keeping the SQLite code in the context and the original as `cause`.
 * IcebergErrors pass through unchanged.
 */
export function toCatalogError(
  err: unknown,
  operation: string,
  context: Record<string, unknown> = {},
): IcebergError {
  if (err instanceof IcebergError) return err
  const primary = sqlitePrimaryCode(err)
  const code =
    (primary !== undefined ? SQLITE_CODE_MAP[primary] : undefined) ?? 'ICEBERG_CATALOG_FAILED'
  const detail = err instanceof Error ? err.message : String(err)
  const sqliteCode = (err as { code?: unknown } | null)?.code
  return new IcebergError(code, `SQL catalog: ${operation} failed: ${detail}`, {
    cause: err,
    context: { ...context, operation, ...(typeof sqliteCode === 'string' ? { sqliteCode } : {}) },
  })
}
