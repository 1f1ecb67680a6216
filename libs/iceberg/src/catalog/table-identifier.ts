import { IcebergError } from '../errors.js'

/**
 * A namespace: one or more levels, outermost first (`['market_data']`). Catalogs that store it as one
 * string (the JDBC layout, pyiceberg) join the levels with `.`.
 */
export type Namespace = readonly string[]

/** A table's name within its namespace: `{ namespace: ['market_data'], name: 'trades_v2' }`. */
export interface TableIdentifier {
  readonly namespace: Namespace
  readonly name: string
}

/**
 * Why a level or table name is refused, or undefined when it is usable. Java's JdbcCatalog and
 * pyiceberg join namespace levels with `.` and split them again on read, so a `.` inside a level
 * would come back as two levels; pyiceberg also strips whitespace around levels, so ` a` would come
 * back as `a`. NUL cannot be stored in every database.
 */
function problemWith(part: string): string | undefined {
  if (typeof part !== 'string' || part.length === 0) return 'is empty'
  if (part.trim() !== part) return 'has leading or trailing whitespace'
  if (part.includes('.')) return "contains '.' (the JDBC catalog layout joins levels with '.')"
  if (part.includes('\u0000')) return 'contains NUL'
  return undefined
}

/** Throws `ICEBERG_INVALID_ARGUMENT` unless `namespace` has at least one usable level. */
export function validateNamespace(namespace: Namespace): Namespace {
  if (!Array.isArray(namespace) || namespace.length === 0) {
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', 'a namespace needs at least one level', {
      context: { namespace },
    })
  }
  namespace.forEach((level, i) => {
    const problem = problemWith(level)
    if (problem !== undefined) {
      throw new IcebergError(
        'ICEBERG_INVALID_ARGUMENT',
        `namespace level ${i} (${JSON.stringify(level)}) ${problem}`,
        { context: { namespace } },
      )
    }
  })
  return namespace
}

/**
 * Throws `ICEBERG_INVALID_ARGUMENT` unless `id` has a usable namespace (at least one level, as
 * pyiceberg's SqlCatalog requires) and name.
 */
export function validateTableIdentifier(id: TableIdentifier): TableIdentifier {
  validateNamespace(id.namespace)
  const problem = problemWith(id.name)
  if (problem !== undefined) {
    throw new IcebergError(
      'ICEBERG_INVALID_ARGUMENT',
      `table name ${JSON.stringify(id.name)} ${problem}`,
      { context: { namespace: id.namespace, name: id.name } },
    )
  }
  return id
}

/** `['a', 'b']` -> `'a.b'` (the JDBC catalog's stored form). */
export function formatNamespace(namespace: Namespace): string {
  return validateNamespace(namespace).join('.')
}

/** `'a.b'` -> `['a', 'b']`; throws `ICEBERG_INVALID_ARGUMENT` on an empty level. */
export function parseNamespace(text: string): Namespace {
  return validateNamespace(text.split('.'))
}

/** `{ namespace: ['market_data'], name: 'trades_v2' }` -> `'market_data.trades_v2'`. */
export function formatTableIdentifier(id: TableIdentifier): string {
  validateTableIdentifier(id)
  return [...id.namespace, id.name].join('.')
}

/**
 * `'market_data.trades_v2'` -> `{ namespace: ['market_data'], name: 'trades_v2' }`: the last part is
 * the table name, the others the namespace levels (pyiceberg's rule for string identifiers).
 */
export function parseTableIdentifier(text: string): TableIdentifier {
  const parts = text.split('.')
  if (parts.length < 2) {
    throw new IcebergError(
      'ICEBERG_INVALID_ARGUMENT',
      `table identifier ${JSON.stringify(text)} needs a namespace: write <namespace>.<table>`,
      { context: { identifier: text } },
    )
  }
  return validateTableIdentifier({ namespace: parts.slice(0, -1), name: parts.at(-1) as string })
}
