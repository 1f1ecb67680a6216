import type { BackfillCounters } from './backfill-client.js'
import type { BreakerState } from './circuit-breaker.js'
import type { ConnectionCounters } from './connection-counters.js'
import type { ConnectionErrorType } from './connection-errors.js'
import type { ReconnectReason } from './feed-observer.js'
import type { FeedPauseStats } from './feed-pause.js'
import type { FeedStatus } from './feed-status.js'
import type { RepairHoldStats } from './repair-hold.js'
import type { SymbolSequence } from './trade-sequencer.js'

/** One symbol's numbers in {@link FeedStats}. */
export interface FeedSymbolStats {
  /** Sequence of the last trade emitted (or the resume point); null before the first. */
  readonly lastSequence: number | null
  /** Trades handed to `onTrade`. */
  readonly emitted: number
  /** Trades dropped because their sequence was already emitted (overlaps, REST pages). */
  readonly duplicatesDropped: number
  /** Gaps found (jumps on the live stream, and trades recovered after a reconnect). */
  readonly gapsDetected: number
  /** Trades emitted from REST. */
  readonly backfilled: number
  /** Trades the exchange could not give back (reported as `FEED_GAP_UNREPAIRED`). */
  readonly unrepaired: number
  /** Live trades not held because the repair buffer was full (REST fetched them instead). */
  readonly bufferOverflow: number
  /** Live trades held now, waiting for a repair. */
  readonly held: number
  /** A repair is running. */
  readonly repairing: boolean
}

/** A snapshot of a feed's counters (`feed.stats()`). */
export interface FeedStats {
  readonly status: FeedStatus
  /** URL of the active connection (or of the attempt under way). */
  readonly url: string | null
  readonly breakerState: BreakerState
  readonly connectionsOpened: number
  /** Frames received (trades, invalid frames, answers, notices). */
  readonly messages: number
  readonly invalidFrames: number
  /** Pings received (and answered by a pong echoing their payload). */
  readonly pings: number
  readonly reconnects: Readonly<Partial<Record<ReconnectReason, number>>>
  readonly connectionErrors: Readonly<Partial<Record<ConnectionErrorType, number>>>
  readonly rest: {
    readonly requests: number
    /** Answers 429/418. */
    readonly rateLimited: number
    /** Retries after network errors, timeouts and 5xx. */
    readonly retries: number
    /** Weight this feed sent in the last minute. */
    readonly weightLastMinute: number
  }
  readonly symbols: Readonly<Record<string, FeedSymbolStats>>
  /** Back-pressure pauses (`feed.pause()`). */
  readonly pause: FeedPauseStats
  /** Reading held while repairs caught up with their held live trades. */
  readonly repairHold: RepairHoldStats
}

/** The parts {@link collectFeedStats} reads. */
export interface FeedStatsSources {
  readonly status: FeedStatus
  readonly url: string | null
  readonly breakerState: BreakerState
  readonly connections: ConnectionCounters
  readonly pings: number
  readonly rest: BackfillCounters
  readonly restWeightLastMinute: number
  readonly symbols: Iterable<SymbolSequence>
  readonly pause: FeedPauseStats
  readonly repairHold: RepairHoldStats
}

/** A snapshot of the counters (copies: later changes do not show through). */
export function collectFeedStats(s: FeedStatsSources): FeedStats {
  const symbols: Record<string, FeedSymbolStats> = {}
  for (const state of s.symbols) {
    symbols[state.symbol] = {
      lastSequence: state.last,
      emitted: state.emitted,
      duplicatesDropped: state.duplicates,
      gapsDetected: state.gaps,
      backfilled: state.backfilled,
      unrepaired: state.unrepaired,
      bufferOverflow: state.bufferOverflow,
      held: state.pending.length,
      repairing: state.repairing,
    }
  }
  const c = s.connections
  return {
    status: s.status,
    url: s.url,
    breakerState: s.breakerState,
    connectionsOpened: c.connectionsOpened,
    messages: c.messages,
    invalidFrames: c.invalidFrames,
    pings: s.pings,
    reconnects: { ...c.reconnects },
    connectionErrors: { ...c.connectionErrors },
    rest: {
      requests: s.rest.requests,
      rateLimited: s.rest.rateLimited,
      retries: s.rest.retries,
      weightLastMinute: s.restWeightLastMinute,
    },
    symbols,
    pause: { ...s.pause },
    repairHold: { ...s.repairHold },
  }
}
