import type { QueryEngine } from '@k2/query'
import type { K2Metrics } from '@k2/telemetry'

/**
 * The `query_type` label of `k2_query_duration_seconds` for each query of the engine (D7, D8):
 * one value per kind of query, so label values stay few. `close` is not a query.
 */
export const QUERY_TYPES = {
  trades: 'trades',
  tradesStream: 'trades_stream',
  tradesParquet: 'trades_parquet',
  quotes: 'quotes',
  quotesStream: 'quotes_stream',
  quotesParquet: 'quotes_parquet',
  dailySummary: 'daily_summary',
  bars: 'bars',
  replay: 'replay',
  symbols: 'symbols',
  stats: 'stats',
  snapshots: 'snapshots',
} as const satisfies Record<Exclude<keyof QueryEngine, 'close'>, string>

/**
 * The engine with every query timed into `k2_query_duration_seconds{query_type}`, failed ones
 * included (a timeout is a slow query too). For the streaming queries the time is until the stream
 * is ready (planning and the first DuckDB chunk), not until the client has read it all.
 */
export function timedQueryEngine(
  engine: QueryEngine,
  metrics: Pick<K2Metrics, 'queryDuration'>,
): QueryEngine {
  const timed = { ...engine } as Record<string, unknown>
  for (const [method, queryType] of Object.entries(QUERY_TYPES)) {
    const query = (engine as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[
      method
    ]!.bind(engine)
    timed[method] = async (...args: unknown[]) => {
      const started = performance.now()
      try {
        return await query(...args)
      } finally {
        metrics.queryDuration.observe(
          { query_type: queryType },
          (performance.now() - started) / 1000,
        )
      }
    }
  }
  timed['close'] = () => engine.close()
  return timed as unknown as QueryEngine
}
