import { defineProtocol } from '@k2/actor-runtime'
import type { FeedStats } from '@k2/exchanges'

import type { SequenceCounts } from '../sequence/index.js'
import type { FeedTransport, TradeSinkStats } from './trade-sink.js'

/** What a feed actor reports. */
export interface FeedActorStats {
  readonly transport: FeedTransport
  /** Feeds started by this incarnation (1 + resyncs). */
  readonly starts: number
  readonly resyncs: number
  /** Invalid frames stored on the dead-letter path (JSONL files, or `{topic}.dlq`). */
  readonly deadLetters: number
  /** Invalid frames whose dead letter could not be stored (logged with the frame's reason). */
  readonly deadLetterFailures: number
  /**
   * Sequence tracking of every trade the feed emitted (D6), per result over all its streams.
   * Trades re-emitted after a resync, up to the highest sequence checked before it, are counted
   * in `replayed` instead (a resync goes back on purpose).
   */
  readonly sequence: SequenceCounts
  readonly replayed: number
  /** The sink's counters (`WriterSinkStats` or `KafkaSinkStats`). */
  readonly sink: TradeSinkStats
  /** The running feed's counters (null between a stop and the next start). */
  readonly feed: FeedStats | null
}

/** The methods of a feed actor (D5: one per symbol stream, or a few sharing a connection). */
export type FeedMethods = {
  /**
   * Stops the feed, asks where each of its symbols stands (the writers' `accepted` positions, or
   * the table's committed ones in Kafka mode) and starts the feed again from there: REST gap
   * repair fetches what is missing. The supervisor calls it after a writer restart (embedded);
   * the actor itself after an overload or a lost send.
   */
  resync: { req: null; res: { resumeAfter: Record<string, number> } }
  stats: { req: null; res: FeedActorStats }
}

/** What every feed actor is spawned with (structured-clone data only). */
export interface FeedCommonInit {
  /** Exchange adapter to use; Binance is the one there is (D9). */
  readonly exchange: 'binance'
  readonly symbols: readonly string[]
  /** Stream bases in failover order (`K2_BINANCE_WS_URL`, then the failover URLs). */
  readonly streamBases: readonly string[]
  /** REST host for gap repair. */
  readonly restBase: string
  /** Start of a symbol nothing has been kept of: from now, or the exchange's first trade (-1). */
  readonly start: 'live' | 'earliest'
  readonly logLevel: string
  /**
   * Back-pressure: a sink that has kept its feed paused this long (ms) gives up and skips +
   * resyncs instead. Default `FLOW_GATE_DEFAULTS.maxPauseMs` (20 s).
   */
  readonly maxPauseMs?: number
  /**
   * Live trades this feed worker holds, over all its symbols, while their gaps are repaired over
   * REST (the rest are left to REST: `maxBufferedTradesPerSymbol` of the feed is this divided by
   * the symbols, at least 1,000). Size it to the worker's heap: a held trade is ~1-1.7 KiB.
   * Default: the feed's own per-symbol bound (100,000).
   */
  readonly maxBufferedTrades?: number
}

/** A feed of the embedded transport: trades go to the writer actors over channels. */
export interface EmbeddedFeedInit extends FeedCommonInit {
  readonly transport: 'embedded'
  /** Writer actor names; a symbol goes to `writers[writerIndexFor(symbol, writers.length)]`. */
  readonly writers: readonly string[]
  /** Directory of the dead-letter JSONL files (invalid frames). */
  readonly deadLetterDir: string
  readonly batchMaxTrades: number
  readonly batchMaxDelayMs: number
  readonly maxInFlightBatches: number
}

/** The Kafka settings a feed produces with (`K2Config.kafka`). */
export interface FeedKafkaSettings {
  readonly brokers: readonly string[]
  readonly clientId: string
  /** Set = Confluent wire format with this registry; unset = single-object encoding (D3). */
  readonly schemaRegistryUrl: string | undefined
  readonly compression: 'none' | 'gzip' | 'snappy'
  readonly producerQueueMax: number
  readonly producerBatchMax: number
  /** `K2_PRODUCER_LINGER_MS`: an idle producer's wait for more records (default 0). */
  readonly producerLingerMs?: number
}

/** A feed of the Kafka transport: trades go to their topic; resume points come from the table. */
export interface KafkaFeedInit extends FeedCommonInit {
  readonly transport: 'kafka'
  readonly kafka: FeedKafkaSettings
  /** The trades topic the feed produces to (dead letters: `{topic}.dlq`, which must exist). */
  readonly topic: string
  /** Warehouse directory and catalog URI: the feed reads trades_v2's committed positions. */
  readonly warehouse: string
  readonly catalogUri: string
  /** Trades waiting for room in the producer's queue before the feed stops buffering. */
  readonly maxWaitingTrades: number
}

/** What a feed actor is spawned with: its transport picks the sink (D5). */
export type FeedInit = EmbeddedFeedInit | KafkaFeedInit

export const feedProtocol = defineProtocol<FeedMethods, FeedInit>({ name: 'k2.feed', version: 2 })

/** The feed actor module, for `supervisor.spawn({ moduleUrl })`. */
export const FEED_ACTOR_URL = new URL('./feed.actor.ts', import.meta.url)

/**
 * Defaults of the forwarding limits: ~50 ms batches, at most 32 unanswered per writer (about 1.6 s
 * of a writer's pauses, e.g. a commit under load, before the feed stops buffering; at most
 * 64,000 trades, ~20 MB, held per feed and writer).
 */
export const FEED_FORWARDING_DEFAULTS = Object.freeze({
  batchMaxTrades: 2_000,
  batchMaxDelayMs: 50,
  maxInFlightBatches: 32,
})

/** Kafka mode: trades that may wait for room in the producer's queue (~2 s at 5,000 trades/s). */
export const FEED_KAFKA_DEFAULTS = Object.freeze({ maxWaitingTrades: 10_000 })
