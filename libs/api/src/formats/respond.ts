import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { Context } from 'hono'

import type { Logger } from '@k2/core'
import type { RowStream } from '@k2/query'

import { toApiError } from '../errors.js'
import { csvLine } from './csv.js'
import { MEDIA_TYPES } from './negotiate.js'

/** Rows already in memory (small results: symbols, bars, summaries) as CSV or NDJSON. */
export function respondRows(
  c: Context,
  format: 'csv' | 'ndjson',
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): Response {
  const body =
    format === 'csv'
      ? csvLine(columns) + rows.map((r) => csvLine(columns.map((k) => r[k]))).join('')
      : rows.map((r) => `${JSON.stringify(r)}\n`).join('')
  return c.body(body, 200, { 'Content-Type': MEDIA_TYPES[format] })
}

/**
 * A {@link RowStream} as streamed CSV or NDJSON (D7 "NDJSON streaming"): chunks are pulled from
 * DuckDB only as fast as the client reads them, and a client that goes away cancels the stream,
 * which releases the DuckDB connection. The first chunk is fetched before the response starts,
 * so errors at the start of a query (timeout, bad snapshot) still get their status code; an error
 * later can only end the body: NDJSON then ends with an `{"error":{...}}` line, and either way it
 * is logged with the correlation id.
 */
export async function respondStream<Row>(
  c: Context,
  format: 'csv' | 'ndjson',
  columns: readonly string[],
  rows: RowStream<Row>,
  toJson: (row: Row) => Record<string, unknown>,
  logger: Logger,
): Promise<Response> {
  const iterator = rows[Symbol.asyncIterator]()
  const first = await iterator.next()
  const encoder = new TextEncoder()
  const render = (chunk: readonly Row[]) => {
    let text = ''
    for (const row of chunk) {
      const json = toJson(row)
      text += format === 'csv' ? csvLine(columns.map((k) => json[k])) : `${JSON.stringify(json)}\n`
    }
    return encoder.encode(text)
  }
  let pending: IteratorResult<readonly Row[]> | undefined = first
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === 'csv') controller.enqueue(encoder.encode(csvLine(columns)))
    },
    async pull(controller) {
      try {
        const next = pending ?? (await iterator.next())
        pending = undefined
        if (next.done) {
          controller.close()
          return
        }
        controller.enqueue(render(next.value))
      } catch (error) {
        const apiError = toApiError(error)
        logger.error(
          { err: error, code: apiError.code, correlation_id: c.get('correlationId') },
          'stream failed after the response started',
        )
        if (format === 'ndjson') {
          controller.enqueue(
            encoder.encode(
              `${JSON.stringify({ error: { code: apiError.code, message: apiError.message } })}\n`,
            ),
          )
        }
        controller.close()
      }
    },
    async cancel() {
      await iterator.return?.()
    },
  })
  return c.body(stream, 200, { 'Content-Type': MEDIA_TYPES[format] })
}

/**
 * A Parquet export (D7 "Parquet for bulk queries"): `write` has DuckDB write the file into a
 * fresh temporary directory; the bytes are sent and the directory removed.
 */
export async function respondParquet(
  c: Context,
  filename: string,
  write: (path: string) => Promise<{ rows: number; meta: { snapshotId: string | null } }>,
): Promise<Response> {
  const dir = await mkdtemp(join(tmpdir(), 'k2-api-export-'))
  try {
    const path = join(dir, filename)
    const { rows, meta } = await write(path)
    const bytes = await readFile(path)
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': MEDIA_TYPES.parquet,
      'Content-Disposition': `attachment; filename="${filename}"`,
      'X-K2-Row-Count': String(rows),
      ...(meta.snapshotId !== null ? { 'X-K2-Snapshot-ID': meta.snapshotId } : {}),
    })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
