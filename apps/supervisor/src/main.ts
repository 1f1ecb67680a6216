import { createSupervisor, type ActorHandle } from '@k2/actor-runtime'
import { API_ACTOR_URL, apiProtocol } from '@k2/actors'
import { ConfigError, loadConfig } from '@k2/config'
import { collectProcessMetrics, createLogger, createMetrics } from '@k2/telemetry'

import { prepareActorBundles } from './actor-bundles.js'
import { startAdminServer, type AdminActor } from './admin/admin-server.js'
import { ensureMarketDataTables } from './ensure-tables.js'
import { startEmbeddedPipeline } from './pipeline/embedded-pipeline.js'
import { startKafkaPipeline } from './pipeline/kafka-pipeline.js'
import { boundedStop, SHUTDOWN_TIMEOUT_MS, waitForStop } from './shutdown.js'
import { startupSummary } from './startup-summary.js'

/** Bound of one actor's graceful stop; feeds, then writers, stop within the shutdown bound. */
const ACTOR_STOP_TIMEOUT_MS = 4_000

/** Wait before the api actor tries again to bind a port that is in use. */
const API_BIND_RETRY_MS = 5_000

/**
 * The composition root (D5): config -> telemetry -> tables -> actors (writers, feeds, compactor,
 * then the api host on `K2_API_PORT`, whose `/metrics` is the whole process's, D8), then wait for SIGINT/SIGTERM (exit 0 after an orderly stop within 10 s) or an actor whose
 * restart budget is spent (exit 1).
 */
async function main(): Promise<number> {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      return 2
    }
    throw err
  }
  const logger = createLogger({ level: config.logLevel }).child({ component: 'supervisor' })
  logger.info(startupSummary(config), 'k2 supervisor starting')
  for (const t of await ensureMarketDataTables(config, logger)) {
    logger.info(t, 'iceberg table ready')
  }
  // D8: the main thread's registry (actor restarts, the process metrics once); the supervisor
  // merges it with every worker's into the one `/metrics` the api actor serves.
  const metrics = createMetrics()
  collectProcessMetrics(metrics.registry)
  // Workers run compiled modules: no tsx loader (and hooks thread) per worker.
  const workerBundles = config.actors.bundles ? await prepareActorBundles(logger) : undefined
  const supervisor = createSupervisor({
    logger,
    metrics,
    ...(workerBundles === undefined ? {} : { workerBundles }),
    // D8: every actor worker traces with its own provider (off without an OTLP endpoint).
    tracing: {
      endpoint: config.telemetry.otlpEndpoint,
      sampleRatio: config.telemetry.traceSampleRatio,
    },
    stopTimeoutMs: ACTOR_STOP_TIMEOUT_MS,
    onRestart: (actor, reason, info) =>
      logger.warn({ event: 'actor_restart', actor, reason, ...info }, `actor ${actor} restarting`),
  })
  const stopped = waitForStop(supervisor.failure, (signal) => {
    logger.warn({ signal }, 'second signal: exiting without waiting')
    process.exit(130)
  })
  const pipeline =
    config.transport === 'kafka'
      ? await startKafkaPipeline(supervisor, config, logger)
      : await startEmbeddedPipeline(supervisor, config, logger)
  // The REST API (D7) in its own worker with its own query engine on the same warehouse.
  const api = await supervisor.spawn({
    name: 'api',
    protocol: apiProtocol,
    moduleUrl: API_ACTOR_URL,
    init: {
      warehouse: config.iceberg.warehouse,
      catalogUri: config.iceberg.catalogUri,
      port: config.api.port,
      host: '0.0.0.0',
      keys: config.api.keys,
      rateLimitPerMinute: config.api.rateLimitPerMinute,
      corsOrigins: config.api.corsOrigins,
      maxBodyBytes: config.api.maxBodyBytes,
      logLevel: config.logLevel,
      bindRetryMs: API_BIND_RETRY_MS,
      duckdb: config.duckdb,
    },
  })
  const admin =
    config.adminPort === undefined
      ? undefined
      : await startAdminServer(config.adminPort, () => adminActors(pipeline), logger)
  logger.info({ pid: process.pid }, 'k2 supervisor running (Ctrl-C to stop)')

  const reason = await stopped
  const started = Date.now()
  logger.info({ reason }, 'shutting down: feeds -> writers (final commit) -> compactor -> api')
  const inTime = await boundedStop(async () => {
    await admin?.close()
    await pipeline.stop()
    // D5: the API stops after the writers' final commit, so reads see every committed row.
    await api.stop()
    await supervisor.stopAll()
  }, SHUTDOWN_TIMEOUT_MS)
  workerBundles?.dispose()
  logger.info({ ms: Date.now() - started, inTime }, 'k2 supervisor stopped')
  return reason.kind !== 'failure' && inTime ? 0 : 1
}

/** Every actor of the pipeline with its `stats` call (every K2 actor protocol has one). */
function adminActors(pipeline: {
  readonly feeds: readonly ActorHandle[]
  readonly writers: readonly ActorHandle[]
  readonly compactor: ActorHandle
}): AdminActor[] {
  return [...pipeline.feeds, ...pipeline.writers, pipeline.compactor].map((handle) => ({
    handle,
    stats: () => (handle as unknown as StatsClient).call('stats', null),
  }))
}

/** The one method every K2 actor protocol shares. */
interface StatsClient {
  call(method: 'stats', payload: null): Promise<unknown>
}

process.exit(await main())
