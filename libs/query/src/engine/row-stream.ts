import { QueryError } from '../errors.js'

/**
 * Rows of a result in chunks as DuckDB produces them (about 2,048 rows each), so big results (the
 * API's NDJSON and CSV formats) never sit in memory whole. Iterate it once; breaking out of the
 * loop releases the DuckDB connection.
 */
export type RowStream<Row> = AsyncIterable<readonly Row[]>

/**
 * All rows of `stream` in one array; `QUERY_RESULT_TOO_LARGE` (and the stream closed) as soon as
 * more than `maxRows` arrive.
 */
export async function collectRows<Row>(
  stream: RowStream<Row>,
  maxRows = Number.POSITIVE_INFINITY,
): Promise<Row[]> {
  const rows: Row[] = []
  for await (const chunk of stream) {
    for (const row of chunk) rows.push(row)
    if (rows.length > maxRows) {
      throw new QueryError(
        'QUERY_RESULT_TOO_LARGE',
        `the result has more than ${maxRows} rows; narrow the query or stream it`,
        { context: { maxRows } },
      )
    }
  }
  return rows
}

/** `stream` with every row passed through `map`. */
export async function* mapRows<From, To>(
  stream: RowStream<From>,
  map: (row: From) => To,
): AsyncGenerator<readonly To[]> {
  for await (const chunk of stream) yield chunk.map(map)
}
