import { z } from 'zod'

import { columnsOf } from '../formats/csv.js'
import { chooseFormat } from '../formats/negotiate.js'
import { respondRows } from '../formats/respond.js'
import { snapshotJson, symbolJson } from '../formats/rows-json.js'
import { ok } from '../http/envelope.js'
import type { Format } from '../params.js'
import { PARAMETER_NAMES, runQuery, type RouteDeps } from './deps.js'
import { defineRoute, type RouteDefinition } from './route.js'
import { SnapshotSchema, StatsSchema, SymbolSchema } from './schemas.js'

const TABLE_FORMATS: readonly Format[] = ['json', 'csv', 'ndjson']
const formatQuery = z.object({ format: z.enum(['json', 'csv', 'ndjson']).optional() }).strict()

/**
 * Symbols, table statistics and snapshots: the current state of the tables. They take no
 * `as_of` (refused as an unknown parameter rather than accepted and ignored, an old pitfall).
 */
export function catalogRoutes(deps: RouteDeps): RouteDefinition[] {
  const { engine } = deps
  const table = (
    c: Parameters<RouteDefinition['handle']>[0],
    f: Format | undefined,
    rows: Record<string, unknown>[],
  ) => {
    const chosen = chooseFormat(c, f, TABLE_FORMATS)
    return chosen === 'json' || chosen === 'parquet'
      ? ok(c, rows)
      : respondRows(c, chosen, columnsOf(rows), rows)
  }
  return [
    defineRoute({
      method: 'get',
      path: '/v1/symbols',
      operationId: 'listSymbols',
      tag: 'catalog',
      summary: 'Symbols with trades or quotes, with counts and time span',
      auth: true,
      query: formatQuery,
      formats: TABLE_FORMATS,
      data: z.array(SymbolSchema),
      handle: async (c, { query }) =>
        table(
          c,
          query.format,
          (await runQuery(PARAMETER_NAMES, () => engine.symbols())).map(symbolJson),
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/stats',
      operationId: 'tableStats',
      tag: 'catalog',
      summary: 'Rows, files, bytes and snapshots per table (current snapshot)',
      auth: true,
      query: formatQuery,
      formats: TABLE_FORMATS,
      data: z.array(StatsSchema),
      handle: async (c, { query }) =>
        table(
          c,
          query.format,
          (await runQuery(PARAMETER_NAMES, () => engine.stats())).map((t) => ({ ...t })),
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/snapshots',
      operationId: 'listSnapshots',
      tag: 'time travel',
      summary: 'Snapshots of a table, oldest first (time-travel targets for as_of)',
      auth: true,
      query: z
        .object({
          table: z
            .string()
            .optional()
            .describe('trades (default), quotes, reference_data or their _v2 names'),
          format: z.enum(['json', 'csv', 'ndjson']).optional(),
        })
        .strict(),
      formats: TABLE_FORMATS,
      data: z.array(SnapshotSchema),
      handle: async (c, { query }) => {
        const snapshots = await runQuery(PARAMETER_NAMES, () =>
          engine.snapshots(query.table ?? 'trades'),
        )
        const rows = snapshots.map(snapshotJson)
        const chosen = chooseFormat(c, query.format, TABLE_FORMATS)
        if (chosen === 'csv' || chosen === 'ndjson') {
          return respondRows(c, chosen, columnsOf(rows), rows)
        }
        return ok(c, rows)
      },
    }),
  ]
}
