import type { FeedTrade } from './feed-trade.js'

/** Per-symbol state of a {@link TradeSequencer}; read by gap repair and `stats()`. */
export interface SymbolSequence {
  readonly symbol: string
  /** Sequence of the last trade emitted (or the resume point); null before the first. */
  last: number | null
  /** A gap repair is running: live trades are held in {@link pending}, not emitted. */
  repairing: boolean
  /** Another repair pass was asked for while one was running (e.g. a reconnect). */
  rerun: boolean
  /** Held live trades, ascending by sequence, all above {@link last}. */
  pending: FeedTrade[]
  /** Live trades were not held because {@link pending} was full; REST must fetch them. */
  overflowed: boolean
  emitted: number
  duplicates: number
  gaps: number
  backfilled: number
  unrepaired: number
  bufferOverflow: number
}

/** What the sequencer calls. */
export interface SequencerHooks {
  /** Hands a trade on (in sequence order, once). */
  emit(trade: FeedTrade): void
  /** A jump of `size` missing trades was seen on the live stream (repair it). */
  gap(state: SymbolSequence, size: number): void
  /** A trade for a symbol the feed does not carry. */
  unexpected(trade: FeedTrade): void
  /** A trade was held (`state.pending` grew): the repair hold looks at the backlog. */
  held?(state: SymbolSequence): void
  /**
   * True while the feed is paused (back-pressure): nothing is emitted; trades are held in order
   * instead (live ones, and the rest of a REST page) until {@link TradeSequencer.release}.
   */
  paused?(): boolean
}

/** `resumeAfter` value meaning "before the exchange's first trade": fetch the whole history. */
export const BEFORE_FIRST_TRADE = -1

/**
 * Puts each symbol's trades in sequence order, exactly once, whichever connection or REST page
 * they come from (D9 gap repair, make-before-break). Per trade: a sequence at or below the last
 * emitted is a duplicate and dropped; the next one is emitted at once (the per-frame fast path:
 * one map lookup, two comparisons); one further ahead is a gap when sequences are consecutive:
 * the trade is held and `gap` is called, unless gaps are on hold (during a connection switch,
 * when the old connection may still deliver the missing trades). While the feed is paused
 * nothing is emitted: trades still arriving (frames read before the pause) are held in order, and
 * `release` emits them on resume.
 */
export class TradeSequencer {
  private readonly states = new Map<string, SymbolSequence>()
  private holdingGaps = false

  constructor(
    symbols: readonly string[],
    private readonly consecutive: boolean,
    private readonly maxBuffered: number,
    private readonly hooks: SequencerHooks,
  ) {
    for (const symbol of symbols) this.states.set(symbol, newState(symbol))
  }

  /** The state of `symbol` (undefined for a symbol the feed does not carry). */
  state(symbol: string): SymbolSequence | undefined {
    return this.states.get(symbol)
  }

  /** Every symbol's state, in subscription order. */
  all(): IterableIterator<SymbolSequence> {
    return this.states.values()
  }

  /** Sets where a symbol resumes: the next trade expected is `last + 1`. */
  resumeAfter(symbol: string, last: number): void {
    const state = this.states.get(symbol)
    if (state !== undefined) state.last = last
  }

  /** A live trade. */
  accept(trade: FeedTrade): void {
    const state = this.states.get(trade.trade.symbol)
    if (state === undefined) {
      this.hooks.unexpected(trade)
      return
    }
    const seq = trade.sequence
    const last = state.last
    if (last !== null && seq <= last) {
      state.duplicates += 1
      return
    }
    if (state.repairing || this.isPaused()) {
      this.hold(state, trade)
      return
    }
    if (last === null || seq === last + 1 || !this.consecutive) {
      this.emitOne(state, trade)
      if (state.pending.length > 0) this.drain(state)
      return
    }
    const first = state.pending[0]
    this.hold(state, trade)
    if (first !== undefined && first.sequence === last + 1) {
      this.drain(state) // behind a backlog held during a pause: no hole
      return
    }
    if (!this.holdingGaps) this.hooks.gap(state, seq - last - 1)
  }

  /**
   * After a pause: emits what every symbol held that follows on (stopping if the feed is paused
   * again meanwhile), and reports a symbol left holding trades beyond a hole (unless a repair runs
   * or gaps are on hold).
   */
  release(): void {
    for (const state of this.states.values()) {
      this.drain(state)
      const first = state.pending[0]
      if (first === undefined || state.repairing || state.last === null || this.holdingGaps) {
        continue
      }
      if (this.consecutive && first.sequence > state.last + 1 && !this.isPaused()) {
        this.hooks.gap(state, first.sequence - state.last - 1)
      }
    }
  }

  /**
   * Holds gaps instead of reporting them (`true`), or stops holding (`false`): then every symbol
   * still holding trades beyond a hole gets its `gap` call.
   */
  holdGaps(hold: boolean): void {
    this.holdingGaps = hold
    if (hold) return
    for (const state of this.states.values()) {
      const first = state.pending[0]
      if (first === undefined || state.repairing || state.last === null) continue
      this.hooks.gap(state, first.sequence - state.last - 1)
    }
  }

  /** True while some symbol holds trades that wait for a missing one. */
  hasHeldTrades(): boolean {
    for (const state of this.states.values()) if (state.pending.length > 0) return true
    return false
  }

  /**
   * Emits the trades of a REST page (ascending) that come after `state.last` and before the first
   * held live trade: where both exist the live copy wins, as it carries more (Binance's event
   * time). A hole inside the page (the exchange does not have those trades) is passed to `onHole`
   * before going on. Returns how many trades were emitted.
   */
  emitBackfilled(
    state: SymbolSequence,
    page: readonly FeedTrade[],
    onHole: (from: number, to: number) => void,
  ): number {
    const held = state.pending[0]
    const upTo = held === undefined ? Infinity : held.sequence - 1
    let emitted = 0
    for (const trade of page) {
      const last = state.last
      if (this.isPaused()) {
        // Paused (maybe by the last trade emitted): the rest of the page waits with the held ones.
        if (trade.sequence <= upTo && (last === null || trade.sequence > last)) {
          this.hold(state, trade)
        }
        continue
      }
      // Resumed from before the exchange's first trade: its history starts where REST's does,
      // so nothing below REST's first trade is a hole (an exchange whose ids start at 1, or that
      // keeps a limited history, loses nothing there).
      const fromStart = last === BEFORE_FIRST_TRADE
      if (trade.sequence > upTo) {
        // The page jumps past the whole hole (the exchange does not have last+1..upTo): without
        // this, the same page would be asked for again and again.
        if (last !== null && !fromStart && this.consecutive && last + 1 <= upTo) {
          onHole(last + 1, upTo)
        } else if (fromStart) {
          // Nothing before the held live trades: they start the history.
          state.last = upTo
        }
        break
      }
      if (last !== null && trade.sequence <= last) continue
      if (last !== null && !fromStart && this.consecutive && trade.sequence !== last + 1) {
        onHole(last + 1, trade.sequence - 1)
      }
      this.emitOne(state, trade)
      emitted += 1
    }
    state.backfilled += emitted
    return emitted
  }

  /** Emits held trades that now follow on, and drops held ones already emitted. */
  drain(state: SymbolSequence): void {
    const pending = state.pending
    let i = 0
    while (i < pending.length && !this.isPaused()) {
      const trade = pending[i] as FeedTrade
      const last = state.last
      if (last !== null && trade.sequence <= last) {
        state.duplicates += 1
      } else if (last === null || trade.sequence === last + 1 || !this.consecutive) {
        this.emitOne(state, trade)
      } else {
        break
      }
      i += 1
    }
    if (i > 0) pending.splice(0, i)
  }

  /** Gives up on the trades up to `to` (unrecoverable): the stream goes on after them. */
  skipTo(state: SymbolSequence, to: number): void {
    if (state.last === null || to > state.last) state.last = to
  }

  private isPaused(): boolean {
    return this.hooks.paused?.() === true
  }

  private emitOne(state: SymbolSequence, trade: FeedTrade): void {
    state.last = trade.sequence
    state.emitted += 1
    this.hooks.emit(trade)
  }

  /** Inserts in sequence order; past the bound the trade is counted and left to REST. */
  private hold(state: SymbolSequence, trade: FeedTrade): void {
    const pending = state.pending
    const seq = trade.sequence
    const tail = pending[pending.length - 1]
    if (tail !== undefined && tail.sequence === seq) {
      state.duplicates += 1
      return
    }
    if (pending.length >= this.maxBuffered) {
      state.bufferOverflow += 1
      state.overflowed = true
      return
    }
    if (tail === undefined || tail.sequence < seq) {
      pending.push(trade)
      this.hooks.held?.(state)
      return
    }
    let lo = 0
    let hi = pending.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((pending[mid] as FeedTrade).sequence < seq) lo = mid + 1
      else hi = mid
    }
    if ((pending[lo] as FeedTrade).sequence === seq) {
      state.duplicates += 1
      return
    }
    pending.splice(lo, 0, trade)
    this.hooks.held?.(state)
  }
}

function newState(symbol: string): SymbolSequence {
  return {
    symbol,
    last: null,
    repairing: false,
    rerun: false,
    pending: [],
    overflowed: false,
    emitted: 0,
    duplicates: 0,
    gaps: 0,
    backfilled: 0,
    unrepaired: 0,
    bufferOverflow: 0,
  }
}
