import type { ActorHandle, Supervisor } from '@k2/actor-runtime'
import {
  COMPACTOR_ACTOR_URL,
  commitPolicyFromConfig,
  compactorProtocol,
  FEED_ACTOR_URL,
  feedProtocol,
  WRITER_ACTOR_URL,
  writerProtocol,
} from '@k2/actors'
import type { K2Config } from '@k2/config'
import type { Logger } from '@k2/core'
import { BINANCE_LIMITS } from '@k2/exchanges'

import { feedGroups } from './feed-groups.js'
import {
  EMBEDDED_FEED_FORWARDING,
  FEED_MAX_BUFFERED_TRADES,
  FEED_RESOURCE_LIMITS,
  WRITER_RESOURCE_LIMITS,
} from './worker-limits.js'

/** The actors of a running pipeline, in the order they must stop (D5 shutdown). */
export interface Pipeline {
  readonly feeds: readonly ActorHandle<typeof feedProtocol>[]
  readonly writers: readonly ActorHandle<typeof writerProtocol>[]
  readonly compactor: ActorHandle<typeof compactorProtocol>
  /**
   * Stops feeds first (they forward what they hold), then writers (final commit), then the
   * compactor. Resolves when all have stopped or were terminated after their stop timeout.
   */
  stop(): Promise<void>
}

/**
 * Starts the embedded transport (D5): `K2_WRITERS` writer actors, feed actors for
 * `K2_BINANCE_SYMBOLS` connected to every writer, and the compactor. A writer's restart makes every
 * feed resync from the writers' positions (the batches it held died with it); a feed's restart
 * resumes by itself. Writers start first, so feeds can ask them where to resume.
 */
export async function startEmbeddedPipeline(
  supervisor: Supervisor,
  config: K2Config,
  logger: Logger,
): Promise<Pipeline> {
  const common = {
    warehouse: config.iceberg.warehouse,
    catalogUri: config.iceberg.catalogUri,
    logLevel: config.logLevel,
  }
  const writers: ActorHandle<typeof writerProtocol>[] = []
  for (let i = 0; i < config.actors.writers; i++) {
    writers.push(
      await supervisor.spawn({
        name: `writer-${i}`,
        protocol: writerProtocol,
        moduleUrl: WRITER_ACTOR_URL,
        init: { ...common, policy: commitPolicyFromConfig(config) },
        resourceLimits: WRITER_RESOURCE_LIMITS,
      }),
    )
  }
  const groups = feedGroups(
    config.binance.symbols,
    config.actors.feedMaxWorkers,
    BINANCE_LIMITS.maxStreamsPerConnection,
  )
  const feeds: ActorHandle<typeof feedProtocol>[] = []
  for (const [i, symbols] of groups.entries()) {
    const name =
      groups.length === config.binance.symbols.length ? `feed-${symbols[0]}` : `feed-${i}`
    // The feed asks the writers where to resume as soon as the channels below are in place.
    const feed = await supervisor.spawn({
      name,
      protocol: feedProtocol,
      moduleUrl: FEED_ACTOR_URL,
      init: {
        ...common,
        transport: 'embedded',
        exchange: 'binance',
        symbols,
        start: config.actors.feedStart,
        streamBases: [config.binance.wsUrl, ...config.binance.failoverUrls],
        restBase: config.binance.restUrl,
        writers: writers.map((w) => w.name),
        deadLetterDir: config.deadLetterDir,
        ...EMBEDDED_FEED_FORWARDING,
        maxBufferedTrades: FEED_MAX_BUFFERED_TRADES,
      },
      resourceLimits: FEED_RESOURCE_LIMITS,
    })
    for (const writer of writers) supervisor.connect(feed, writer)
    feeds.push(feed)
  }
  const compactor = await supervisor.spawn({
    name: 'compactor',
    protocol: compactorProtocol,
    moduleUrl: COMPACTOR_ACTOR_URL,
    init: {
      ...common,
      intervalMs: config.maintenance.compactionIntervalMs,
      snapshotRetentionMs: config.maintenance.snapshotRetentionMs,
      duckdbThreads: config.duckdb.threads,
      duckdbMemoryLimit: config.duckdb.memoryLimit,
    },
  })

  const writerNames = new Set(writers.map((w) => w.name))
  const unsubscribe = supervisor.onRestart((actor) => {
    if (!writerNames.has(actor)) return
    for (const feed of feeds) {
      // The feed's calls to the writer wait for the new channel; a stopped feed refuses (fine).
      feed.call('resync', null).then(
        ({ resumeAfter }) =>
          logger.info({ feed: feed.name, after: actor, resumeAfter }, 'feed resynced'),
        (err: unknown) =>
          logger.warn({ feed: feed.name, err: (err as Error).message }, 'feed resync failed'),
      )
    }
  })
  logger.info(
    { writers: writers.length, feeds: groups, transport: 'embedded' },
    'embedded pipeline running',
  )

  return {
    feeds,
    writers,
    compactor,
    async stop() {
      unsubscribe()
      await Promise.all(feeds.map((f) => f.stop()))
      await Promise.all(writers.map((w) => w.stop()))
      await compactor.stop()
    },
  }
}
