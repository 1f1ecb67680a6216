import type { Context } from 'hono'

import { invalidParameter } from '../errors.js'
import type { Format } from '../params.js'

/** Media type of each format. */
export const MEDIA_TYPES: Readonly<Record<Format, string>> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
}

const ACCEPTED: ReadonlyArray<[string, Format]> = [
  ['application/json', 'json'],
  ['text/csv', 'csv'],
  ['application/x-ndjson', 'ndjson'],
  ['application/ndjson', 'ndjson'],
  ['application/jsonl', 'ndjson'],
  ['application/vnd.apache.parquet', 'parquet'],
  ['application/x-parquet', 'parquet'],
]

/**
 * The response format (D7): `format` when given (a format this route cannot produce is a 400
 * naming `format`), else the first media type of `Accept` (by q-value) the route produces, else
 * JSON.
 */
export function chooseFormat(
  c: Context,
  requested: Format | undefined,
  allowed: readonly Format[],
): Format {
  if (requested !== undefined) {
    if (!allowed.includes(requested)) {
      throw invalidParameter('format', `must be one of ${allowed.join(', ')} here`)
    }
    return requested
  }
  const accept = c.req.header('Accept')
  if (!accept) return 'json'
  const ranked = accept
    .split(',')
    .map((part, i) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { type: type.trim(), q: q ? Number(q.slice(2)) || 0 : 1, i }
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
  for (const { type } of ranked) {
    const hit = ACCEPTED.find(([media]) => media === type)
    if (hit && allowed.includes(hit[1])) return hit[1]
  }
  return 'json'
}
