import { defineActor } from '@k2/actor-runtime'
import { createApiApp, startApiServer, type ApiServer, type HealthReport } from '@k2/api'
import { createCatalog, createLocalFileIO } from '@k2/iceberg'
import { createQueryEngine } from '@k2/query'
import { createLogger } from '@k2/telemetry'

import { apiProtocol } from './api.protocol.js'
import { timedQueryEngine } from './timed-query-engine.js'

/** How long `/metrics` waits for the supervisor's merge of every worker's registry. */
const PROCESS_METRICS_TIMEOUT_MS = 10_000

/**
 * The api actor (D5): its own query engine on the warehouse and catalog, the Hono app of
 * `@k2/api`, served on `port`. `/metrics` is the process's one endpoint (D8): the supervisor
 * merges every worker's registry (this one's HTTP and query metrics included) with the main
 * thread's and answers through the runtime (`ctx.processMetrics()`).
 *
 * A port in use does not crash the actor (a crash loop would spend the restart budget and stop
 * the whole pipeline over a read-side problem): it logs an error and tries again every
 * `bindRetryMs`, and `stats` shows `listening: false` with the error.
 */
export default defineActor(apiProtocol, async (ctx) => {
  const { init } = ctx
  const logger = createLogger({ level: init.logLevel as 'info' }).child({
    component: 'api-actor',
    actor: ctx.name,
  })
  const catalog = await createCatalog({ uri: init.catalogUri, warehouse: init.warehouse })
  const engine = await createQueryEngine({
    catalog,
    io: createLocalFileIO(),
    logger,
    ...(init.duckdb ?? {}),
  })
  const { metrics } = ctx

  const health = async (): Promise<HealthReport> => {
    const started = performance.now()
    try {
      await engine.stats()
      const latency = Math.round((performance.now() - started) * 10) / 10
      return {
        status: 'healthy',
        dependencies: [{ name: 'iceberg+duckdb', status: 'healthy', latency_ms: latency }],
      }
    } catch (error) {
      return {
        status: 'unhealthy',
        dependencies: [
          { name: 'iceberg+duckdb', status: 'unhealthy', message: (error as Error).message },
        ],
      }
    }
  }
  const app = createApiApp({
    engine: timedQueryEngine(engine, metrics),
    config: {
      keys: init.keys,
      rateLimitPerMinute: init.rateLimitPerMinute,
      corsOrigins: init.corsOrigins,
      maxBodyBytes: init.maxBodyBytes,
    },
    health,
    metrics: () => ctx.processMetrics({ timeoutMs: PROCESS_METRICS_TIMEOUT_MS }),
    httpMetrics: metrics,
    logger,
  })

  let server: ApiServer | undefined
  let bindError: string | null = null
  let retry: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const bind = async (): Promise<void> => {
    try {
      server = await startApiServer(app, { port: init.port, host: init.host })
      bindError = null
      logger.info({ port: server.port, host: init.host }, 'api listening')
    } catch (error) {
      bindError = (error as Error).message
      logger.error(
        { err: error, port: init.port, retryMs: init.bindRetryMs },
        'api cannot listen; retrying',
      )
      if (!stopped) retry = setTimeout(() => void bind(), init.bindRetryMs)
    }
  }
  await bind()

  return {
    handlers: {
      stats: () => ({ port: server?.port ?? null, listening: server !== undefined, bindError }),
    },
    stop: async () => {
      stopped = true
      if (retry !== undefined) clearTimeout(retry)
      await server?.close()
      await engine.close()
      await catalog.close()
    },
  }
})
