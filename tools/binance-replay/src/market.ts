import { tradeStreamName } from './binance-frames.js'
import type { Hub, StreamFrame } from './hub.js'
import type { ReplayTrade } from './trade.js'
import { TradeStore } from './trade-store.js'

/** Counters of one symbol's tape. */
interface SymbolCounters {
  /** Trades on the tape (kept for REST, whether or not they went out on a socket). */
  produced: number
  lastTradeId: number
  /** Trade frames written to sockets (one trade to three subscribers = 3). */
  served: number
  lastServedTradeId: number
  /** Trades held back from every socket by the skip fault. */
  skipped: number
  /** Trades still to hold back. */
  pendingSkips: number
}

/**
 * The state shared by the tape (generated or played), REST and the faults: per symbol, the
 * retained trades and the counters, and the one place where a trade goes out to the sockets.
 */
export class Market {
  private readonly stores = new Map<string, TradeStore>()
  private readonly counters = new Map<string, SymbolCounters>()

  constructor(
    private readonly hub: Hub,
    private readonly retainTradesPerSymbol: number,
  ) {}

  /** Adds a symbol (idempotent). */
  addSymbol(symbol: string): void {
    if (this.stores.has(symbol)) return
    this.stores.set(symbol, new TradeStore(this.retainTradesPerSymbol))
    this.counters.set(symbol, {
      produced: 0,
      lastTradeId: 0,
      served: 0,
      lastServedTradeId: 0,
      skipped: 0,
      pendingSkips: 0,
    })
  }

  /** The symbols, in the order they were added. */
  symbols(): string[] {
    return [...this.stores.keys()]
  }

  has(symbol: string): boolean {
    return this.stores.has(symbol)
  }

  /** The retained trades of `symbol` (undefined for an unknown symbol). */
  store(symbol: string): TradeStore | undefined {
    return this.stores.get(symbol)
  }

  /** A copy of the counters of `symbol`. */
  countersOf(symbol: string): Readonly<SymbolCounters> {
    return { ...this.counter(symbol) }
  }

  /** Number of trades `symbol` has produced. */
  produced(symbol: string): number {
    return this.counter(symbol).produced
  }

  /** Holds back the next `count` trades of `symbol` from every socket (REST keeps them). */
  skip(symbol: string, count: number): number {
    const counters = this.counter(symbol)
    counters.pendingSkips += count
    return counters.pendingSkips
  }

  /**
   * Puts `trade` on `symbol`'s tape: retained for REST, then sent to the subscribers of
   * `<symbol>@trade` unless a skip is pending. `frame` builds the texts only when someone listens.
   */
  trade(symbol: string, trade: ReplayTrade, frame: () => StreamFrame): void {
    const counters = this.counter(symbol)
    if (this.stores.get(symbol)?.append(trade) === true) {
      counters.produced++
      counters.lastTradeId = trade.id
    }
    if (counters.pendingSkips > 0) {
      counters.pendingSkips--
      counters.skipped++
      return
    }
    const stream = tradeStreamName(symbol)
    if (this.hub.subscriberCount(stream) === 0) return
    const sent = this.hub.publish(stream, frame())
    if (sent > 0) {
      counters.served += sent
      counters.lastServedTradeId = trade.id
    }
  }

  private counter(symbol: string): SymbolCounters {
    this.addSymbol(symbol)
    return this.counters.get(symbol) as SymbolCounters
  }
}
