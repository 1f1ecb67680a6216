import { tradeStreamName } from './binance-frames.js'
import type { FaultCounters } from './faults.js'
import type { Hub } from './hub.js'
import type { Market } from './market.js'
import type { PlaybackCounters } from './playback-tape.js'
import type { RestApi } from './rest-api.js'
import type { TapeSource } from './tape-source.js'

/** Per-symbol figures of `GET /k2/stats`. */
export interface SymbolStats {
  /** Id of the newest trade on the tape (available over REST); 0 before the first. */
  readonly lastTradeId: number
  /** Id of the newest trade written to at least one socket; 0 before the first. */
  readonly lastServedTradeId: number
  /** Trades on the tape. */
  readonly produced: number
  /** Trade frames written to sockets (a trade sent to 3 connections counts 3). */
  readonly served: number
  /** Trades kept off the sockets by the skip fault. */
  readonly skipped: number
  /** Open connections subscribed to `<symbol>@trade`. */
  readonly connections: number
}

/** `GET /k2/stats`: the whole exchange. */
export interface ExchangeStats {
  readonly mode: 'generate' | 'play'
  /** The tape has started (first subscription, or startOnListen). */
  readonly started: boolean
  /** The tape has ended (tradesPerSymbol reached on every symbol, or the recording played). */
  readonly done: boolean
  readonly symbols: Readonly<Record<string, SymbolStats>>
  readonly totals: {
    readonly produced: number
    /** Trade frames written to sockets. */
    readonly served: number
    readonly skipped: number
    /** Open connections. */
    readonly connections: number
    readonly malformedSent: number
    /** Connections ended so far, by reason (client, pong-timeout, dropped, shutdown, ...). */
    readonly disconnects: Readonly<Record<string, number>>
    readonly restRequests: number
    /** REST requests refused with 429. */
    readonly restRejected: number
    /** REST weight used in the current minute. */
    readonly restWeightUsed: number
  }
  /** Playback only: frames played, frames without a stream, other frames sent. */
  readonly playback?: Readonly<PlaybackCounters>
}

/** The parts the stats are read from. */
export interface StatsSources {
  readonly mode: 'generate' | 'play'
  readonly tape: TapeSource
  readonly market: Market
  readonly hub: Hub
  readonly rest: RestApi
  readonly faults: FaultCounters
  readonly playback?: PlaybackCounters
}

/** A snapshot of the exchange's counters. */
export function collectStats(sources: StatsSources): ExchangeStats {
  const { market, hub, rest } = sources
  const symbols: Record<string, SymbolStats> = {}
  let produced = 0
  let served = 0
  let skipped = 0
  for (const symbol of market.symbols()) {
    const counters = market.countersOf(symbol)
    symbols[symbol] = {
      lastTradeId: counters.lastTradeId,
      lastServedTradeId: counters.lastServedTradeId,
      produced: counters.produced,
      served: counters.served,
      skipped: counters.skipped,
      connections: hub.subscriberCount(tradeStreamName(symbol)),
    }
    produced += counters.produced
    served += counters.served
    skipped += counters.skipped
  }
  return {
    mode: sources.mode,
    started: sources.tape.started,
    done: sources.tape.done,
    symbols,
    totals: {
      produced,
      served,
      skipped,
      connections: hub.all().length,
      malformedSent: sources.faults.malformedSent,
      disconnects: hub.disconnectCounts(),
      restRequests: rest.counters.requests,
      restRejected: rest.counters.rejected,
      restWeightUsed: rest.usedWeight(),
    },
    ...(sources.playback === undefined ? {} : { playback: { ...sources.playback } }),
  }
}
