import { K2Error, type Logger } from '@k2/core'

import { fullJitterDelay } from './backoff.js'
import { isStoppedError, type BackfillClient } from './backfill-client.js'
import { FeedError } from './errors.js'
import { sleepOn, type FeedClock } from './feed-clock.js'
import type { FeedErrorEvent } from './feed-events.js'
import { gapSeverity, type FeedObserver } from './feed-observer.js'
import type { SymbolSequence, TradeSequencer } from './trade-sequencer.js'

/** Why a repair started: a jump in the live sequence, or a (re)connect that may have lost trades. */
export type RepairCause = 'gap' | 'reconnect'

/**
 * Times REST may come back short of the held live trades before the missing ones are declared
 * lost: an exchange's REST view can lag its stream by a moment, so a short answer is retried.
 */
const MAX_SHORT_ANSWERS = 3

/** What a {@link GapRepairer} needs. */
export interface GapRepairerDeps {
  readonly sequencer: TradeSequencer
  readonly client: BackfillClient
  readonly limit: number
  readonly exchange: string
  readonly observer: FeedObserver
  readonly logger: Logger
  readonly error: (event: FeedErrorEvent) => void
  readonly clock: FeedClock
  readonly random: () => number
  readonly retryBaseDelayMs: number
  readonly retryMaxDelayMs: number
  readonly signal: AbortSignal
  /** Undefined unless the feed is paused; then a promise that resolves when it resumes or stops. */
  readonly pauseEnd?: () => Promise<void> | undefined
}

/**
 * Repairs a symbol's gap from REST (D9): fetches from the last emitted sequence + 1 in pages of
 * `limit`, emitting each page in order, until it reaches the live trades held meanwhile (which are
 * then emitted) or, with nothing held, until a page comes back short (the exchange has nothing
 * newer). One repair runs per symbol; asking again while it runs makes it do another pass. Trades
 * the exchange cannot give are reported (`FEED_GAP_UNREPAIRED`, reason `backfill`) and skipped,
 * never silently.
 */
export class GapRepairer {
  constructor(private readonly deps: GapRepairerDeps) {}

  /** Starts (or re-runs) the repair of `state`; `size` is the gap seen on the live stream. */
  start(state: SymbolSequence, cause: RepairCause, size?: number): void {
    if (state.last === null || this.deps.signal.aborted) return
    if (cause === 'gap' && size !== undefined) this.detected(state, size, 'live')
    if (state.repairing) {
      state.rerun = true
      return
    }
    state.repairing = true
    state.rerun = false
    void this.run(state, cause)
  }

  private async run(state: SymbolSequence, cause: RepairCause): Promise<void> {
    const { sequencer, client, limit, signal } = this.deps
    const from = (state.last as number) + 1
    let fetched = 0
    // The newest sequence REST had when it last answered short (null: not asked to the end yet).
    let restNewest: number | null = null
    let shortAnswers = 0
    let failure: K2Error | undefined
    try {
      for (;;) {
        sequencer.drain(state)
        if (state.rerun || state.overflowed) {
          // A reconnect may have lost trades, or live trades were turned away (buffer full):
          // whatever REST said before is not the end any more.
          state.rerun = false
          state.overflowed = false
          restNewest = null
        }
        // A paused feed fetches and emits nothing (back-pressure holds REST pages too).
        const pause = this.deps.pauseEnd?.()
        if (pause !== undefined) {
          await pause
          if (signal.aborted) return
          continue // look again: a reconnect may have asked for a rerun meanwhile
        }
        const held = state.pending[0]
        const last = state.last as number
        if (held === undefined) {
          // No hole before live trades: done once REST has been read to its end.
          if (restNewest !== null) break
        } else if (restNewest !== null && restNewest <= last) {
          // REST has nothing after `last`, yet live trades beyond a hole exist: REST may lag the
          // stream for a moment, so ask again a few times, then call the hole lost.
          if (shortAnswers < MAX_SHORT_ANSWERS) {
            shortAnswers += 1
            restNewest = null
            await sleepOn(this.deps.clock, this.shortAnswerDelay(shortAnswers), signal)
          } else {
            shortAnswers = 0
            this.lost(state, last + 1, held.sequence - 1)
          }
          continue
        }
        const page = await client.fetchPage(state.symbol, last + 1, limit)
        if (signal.aborted) return
        fetched += sequencer.emitBackfilled(state, page, (a, b) => this.lost(state, a, b))
        restNewest = page.length < limit ? (page.at(-1)?.sequence ?? last) : null
        // The live trades held meanwhile follow on from what is emitted now: the repair has
        // reached the stream (they are emitted below). Asking REST for more would only chase a
        // stream that moves on during every request, one full page each, until it stops.
        const next = state.pending[0]
        if (
          next !== undefined &&
          next.sequence <= (state.last as number) + 1 &&
          !state.rerun &&
          !state.overflowed
        ) {
          break
        }
      }
    } catch (error) {
      if (signal.aborted || isStoppedError(error)) return
      failure = error instanceof K2Error ? error : wrap(error)
    } finally {
      state.repairing = false
    }
    if (signal.aborted) return
    if (failure !== undefined) this.failed(state, failure)
    sequencer.drain(state)
    if (failure === undefined) this.finished(state, cause, from, fetched)
    // A rerun asked for after the last check, or live trades held beyond a new hole: go again.
    const held = state.pending[0]
    if (state.rerun) this.start(state, 'reconnect')
    else if (held !== undefined && state.last !== null && held.sequence > state.last + 1) {
      // (trades held right after `last` are a pause's backlog: emitted on resume, no hole)
      this.start(state, 'gap', held.sequence - state.last - 1)
    }
  }

  private finished(state: SymbolSequence, cause: RepairCause, from: number, fetched: number): void {
    if (cause === 'reconnect' && fetched > 0) this.detected(state, fetched, 'reconnect')
    if (cause === 'gap' || fetched > 0) this.deps.observer.gapRepaired(state.symbol, fetched)
    this.deps.logger.info(
      {
        event: 'gap_repaired',
        exchange: this.deps.exchange,
        symbol: state.symbol,
        cause,
        fromSequence: from,
        trades: fetched,
        lastSequence: state.last,
      },
      `${state.symbol}: ${fetched} trade(s) recovered from REST after ${cause}`,
    )
  }

  private detected(state: SymbolSequence, size: number, seenOn: 'live' | 'reconnect'): void {
    const severity = gapSeverity(size)
    state.gaps += 1
    this.deps.observer.gapDetected(state.symbol, size, severity)
    this.deps.logger.warn(
      {
        event: 'gap_detected',
        exchange: this.deps.exchange,
        symbol: state.symbol,
        size,
        severity,
        seenOn,
        lastSequence: state.last,
      },
      `${state.symbol}: ${size} trade(s) missing (${seenOn})`,
    )
  }

  /** Trades `from..to` cannot be had: report them and go on after them. */
  private lost(state: SymbolSequence, from: number, to: number): void {
    const count = to - from + 1
    state.unrepaired += count
    this.deps.sequencer.skipTo(state, to)
    const error = new FeedError(
      'FEED_GAP_UNREPAIRED',
      `${state.symbol}: trades ${from}..${to} (${count}) could not be recovered from REST`,
      { context: { exchange: this.deps.exchange, symbol: state.symbol, from, to, count } },
    )
    this.deps.logger.error(
      { event: 'gap_unrepaired', symbol: state.symbol, from, to, count },
      error.message,
    )
    this.deps.error({ reason: 'backfill', error })
  }

  /** The repair failed for good: report it; trades held beyond the hole go on. */
  private failed(state: SymbolSequence, error: K2Error): void {
    this.deps.logger.error(
      { event: 'backfill_failed', symbol: state.symbol, code: error.code, err: error },
      error.message,
    )
    this.deps.error({ reason: 'backfill', error })
    const held = state.pending[0]
    if (held !== undefined && state.last !== null && held.sequence > state.last + 1) {
      this.lost(state, state.last + 1, held.sequence - 1)
    }
  }

  private shortAnswerDelay(n: number): number {
    return fullJitterDelay(
      n,
      this.deps.retryBaseDelayMs,
      this.deps.retryMaxDelayMs,
      this.deps.random,
    )
  }
}

function wrap(error: unknown): K2Error {
  return new FeedError(
    'FEED_BACKFILL_FAILED',
    error instanceof Error ? error.message : String(error),
    {
      cause: error,
    },
  )
}
