import { defineProtocol } from '@k2/actor-runtime'
import type { FeedStats } from '@k2/exchanges'

import type { ForwarderStats } from './trade-forwarder.js'

/** What a feed actor reports. */
export interface FeedActorStats {
  /** Feeds started by this incarnation (1 + resyncs). */
  readonly starts: number
  readonly resyncs: number
  /** Invalid frames sent to the dead-letter path. */
  readonly deadLetters: number
  readonly forwarder: ForwarderStats
  /** The running feed's counters (null between a stop and the next start). */
  readonly feed: FeedStats | null
}

/** The methods of a feed actor (D5: one per symbol stream, or a few sharing a connection). */
export type FeedMethods = {
  /**
   * Stops the feed, asks the writers where each of its symbols stands (`accepted`) and starts the
   * feed again from there: REST gap repair fetches what the writers do not have. The supervisor
   * calls it after a writer restart; the actor itself after an overload.
   */
  resync: { req: null; res: { resumeAfter: Record<string, number> } }
  stats: { req: null; res: FeedActorStats }
}

/** What a feed actor is spawned with (structured-clone data only). */
export interface FeedInit {
  /** Exchange adapter to use; Binance is the one there is (D9). */
  readonly exchange: 'binance'
  readonly symbols: readonly string[]
  /** Stream bases in failover order (`K2_BINANCE_WS_URL`, then the failover URLs). */
  readonly streamBases: readonly string[]
  /** REST host for gap repair. */
  readonly restBase: string
  /** Writer actor names; a symbol goes to `writers[writerIndexFor(symbol, writers.length)]`. */
  readonly writers: readonly string[]
  /** Start of a symbol no writer has seen: from now, or from the exchange's first trade (-1). */
  readonly start: 'live' | 'earliest'
  /** Directory of the dead-letter JSONL files (invalid frames). */
  readonly deadLetterDir: string
  readonly batchMaxTrades: number
  readonly batchMaxDelayMs: number
  readonly maxInFlightBatches: number
  readonly logLevel: string
}

export const feedProtocol = defineProtocol<FeedMethods, FeedInit>({ name: 'k2.feed', version: 1 })

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
