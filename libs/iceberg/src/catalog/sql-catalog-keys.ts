import { IcebergError } from '../errors.js'
import { SQL_CATALOG_LIMITS } from './sql-catalog-layout.js'
import {
  formatNamespace,
  formatTableIdentifier,
  validateTableIdentifier,
  type Namespace,
  type TableIdentifier,
} from './table-identifier.js'

/**
 * Identifiers in the stored form of the JDBC layout (levels joined with `.`), checked against the
 * layout's column sizes before they reach the database (PostgreSQL would refuse longer values,
 * SQLite would silently keep them and other clients could then fail on them).
 */

/** Throws `ICEBERG_INVALID_ARGUMENT` when `value` is empty or longer than its column allows. */
export function checkText(what: string, value: string, max: number): string {
  if (typeof value !== 'string' || value === '') {
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', `${what} must be a non-empty string`)
  }
  if ([...value].length > max) {
    throw new IcebergError(
      'ICEBERG_INVALID_ARGUMENT',
      `${what} has more than ${max} characters, the JDBC catalog's column size`,
      { context: { [what]: value } },
    )
  }
  return value
}

/** Namespace text checked against the column size, plus the `ns.` prefix arguments of lookups. */
export function namespaceKey(namespace: Namespace): { text: string; prefixArgs: [number, string] } {
  const text = checkText('namespace', formatNamespace(namespace), SQL_CATALOG_LIMITS.namespace)
  const prefix = `${text}.`
  return { text, prefixArgs: [[...prefix].length, prefix] }
}

/** The stored key of a table, checked against the column sizes, and its display form. */
export function tableKey(id: TableIdentifier): { ns: string; name: string; display: string } {
  validateTableIdentifier(id)
  return {
    ns: namespaceKey(id.namespace).text,
    name: checkText('table name', id.name, SQL_CATALOG_LIMITS.tableName),
    display: formatTableIdentifier(id),
  }
}
