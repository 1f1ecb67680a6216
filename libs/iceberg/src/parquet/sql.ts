/** A DuckDB identifier in double quotes, so any Iceberg column name is safe in SQL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** A DuckDB string literal (used for file paths, which COPY cannot take as parameters). */
export function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}
