import type { ReplayTrade } from './trade.js'

/** Trades kept per symbol for REST by default: the newest million (about 41 MB per symbol). */
export const DEFAULT_RETAINED_TRADES = 1_000_000

const INITIAL_CAPACITY = 1024

/**
 * The newest trades of one symbol, ascending by id, for `GET /api/v3/historicalTrades`. A ring of
 * typed arrays (41 bytes per trade instead of a few hundred for objects) that grows by doubling up
 * to `retain` trades and then overwrites the oldest. Ids must increase but need not be consecutive
 * (recordings can have holes), so lookups are binary searches.
 */
export class TradeStore {
  private ids: Float64Array
  private prices: Float64Array
  private quantities: Float64Array
  private times: Float64Array
  private eventTimes: Float64Array
  private makers: Uint8Array
  private start = 0
  private count = 0

  /** `retain`: how many of the newest trades to keep (at least 1). */
  constructor(private readonly retain: number = DEFAULT_RETAINED_TRADES) {
    const capacity = Math.min(INITIAL_CAPACITY, retain)
    this.ids = new Float64Array(capacity)
    this.prices = new Float64Array(capacity)
    this.quantities = new Float64Array(capacity)
    this.times = new Float64Array(capacity)
    this.eventTimes = new Float64Array(capacity)
    this.makers = new Uint8Array(capacity)
  }

  /** Number of trades held. */
  get size(): number {
    return this.count
  }

  /** Id of the newest trade, or undefined when empty. */
  get lastId(): number | undefined {
    return this.count === 0 ? undefined : this.ids[this.slot(this.count - 1)]
  }

  /** Appends `trade`; returns false (and keeps nothing) unless its id is above the newest id. */
  append(trade: ReplayTrade): boolean {
    const last = this.lastId
    if (last !== undefined && trade.id <= last) return false
    if (this.count === this.ids.length && this.count < this.retain) this.grow()
    let index: number
    if (this.count < this.ids.length) {
      index = this.slot(this.count)
      this.count++
    } else {
      index = this.start
      this.start = (this.start + 1) % this.ids.length
    }
    this.ids[index] = trade.id
    this.prices[index] = trade.price
    this.quantities[index] = trade.quantity
    this.times[index] = trade.time
    this.eventTimes[index] = trade.eventTime
    this.makers[index] = trade.isBuyerMaker ? 1 : 0
    return true
  }

  /** Up to `limit` trades with id >= `fromId`, ascending. */
  from(fromId: number, limit: number): ReplayTrade[] {
    let low = 0
    let high = this.count
    while (low < high) {
      const middle = (low + high) >>> 1
      if ((this.ids[this.slot(middle)] as number) < fromId) low = middle + 1
      else high = middle
    }
    return this.range(low, Math.min(this.count, low + limit))
  }

  /** The newest `limit` trades, ascending. */
  latest(limit: number): ReplayTrade[] {
    return this.range(Math.max(0, this.count - limit), this.count)
  }

  private range(first: number, end: number): ReplayTrade[] {
    const trades: ReplayTrade[] = []
    for (let i = first; i < end; i++) {
      const s = this.slot(i)
      trades.push({
        id: this.ids[s] as number,
        price: this.prices[s] as number,
        quantity: this.quantities[s] as number,
        time: this.times[s] as number,
        eventTime: this.eventTimes[s] as number,
        isBuyerMaker: this.makers[s] === 1,
      })
    }
    return trades
  }

  private slot(i: number): number {
    return (this.start + i) % this.ids.length
  }

  private grow(): void {
    const capacity = Math.min(this.retain, this.ids.length * 2)
    const { start, count } = this
    const oldCapacity = this.ids.length
    const copy = <T extends Float64Array | Uint8Array>(old: T, next: T): T => {
      for (let i = 0; i < count; i++) next[i] = old[(start + i) % oldCapacity] as number
      return next
    }
    this.ids = copy(this.ids, new Float64Array(capacity))
    this.prices = copy(this.prices, new Float64Array(capacity))
    this.quantities = copy(this.quantities, new Float64Array(capacity))
    this.times = copy(this.times, new Float64Array(capacity))
    this.eventTimes = copy(this.eventTimes, new Float64Array(capacity))
    this.makers = copy(this.makers, new Uint8Array(capacity))
    this.start = 0
  }
}
