import { UNITS_PER_ONE } from './decimal-units.js'
import { createPrng, symbolSeed } from './prng.js'
import { symbolProfile, type SymbolProfile } from './symbol-profile.js'
import type { ReplayTrade } from './trade.js'

/** Options of {@link createTradeGenerator}. */
export interface TradeGeneratorOptions {
  readonly symbol: string
  /** Exchange seed; the symbol's own stream is derived from it and the symbol name. */
  readonly seed: number
  /** Trade time of the tape's origin, ms since the epoch. */
  readonly startTime: number
  /** Mean time between two trades of this symbol, ms (bursts included). */
  readonly meanGapMs: number
}

/** The next trade of a symbol together with when it happens on the tape. */
export interface ScheduledTrade {
  readonly trade: ReplayTrade
  /** Fractional ms since `startTime` (the tape paces on this; `trade.time` is its floor). */
  readonly offsetMs: number
}

/** An endless, deterministic sequence of one symbol's trades. */
export interface TradeGenerator {
  /** The next trade, without consuming it. */
  peek(): ScheduledTrade
  /** Consumes and returns the next trade. */
  take(): ScheduledTrade
}

// Shape of the market, tuned to look like a liquid Binance spot pair (not calibrated to data).
/** Probability that an aggressive order sweeps several makers (a burst of same-`T` trades). */
const BURST_PROBABILITY = 0.1
/** Mean number of trades in a burst. */
const BURST_MEAN_SIZE = 5
/** Mean trades per cluster (1 outside bursts), so clusters are spaced to keep the mean gap. */
const MEAN_CLUSTER_SIZE = 1 + BURST_PROBABILITY * BURST_MEAN_SIZE
/** Probability that the next trade of a burst is one tick further into the book. */
const SWEEP_STEP_PROBABILITY = 0.35
/** Log-return standard deviation of the mid price per cluster (0.5 bp). */
const MID_VOLATILITY = 0.00005
/** Pareto shape of trade notionals: heavy tail, finite mean. */
const SIZE_TAIL_ALPHA = 1.2
/** Largest notional of one trade, quote currency. */
const MAX_NOTIONAL = 5_000_000
/** Mean publication delay `E - T`, ms. */
const MEAN_EVENT_DELAY_MS = 2

/**
 * A random-walk trade generator for `symbol`: the mid price follows a geometric random walk,
 * aggressive orders arrive as a Poisson process, a tenth of them sweep several price levels (a
 * burst of trades with one `T`, one side and prices walking away from the mid), sizes are
 * Pareto-distributed notionals on the symbol's lot grid, and `E` trails `T` by a few ms without
 * ever going backwards. Same options, same trades: no clock and no Math.random are involved.
 */
export function createTradeGenerator(options: TradeGeneratorOptions): TradeGenerator {
  const profile: SymbolProfile = symbolProfile(options.symbol)
  const prng = createPrng(symbolSeed(options.seed, options.symbol))
  const { tickSize, stepSize } = profile
  const clusterGapMs = options.meanGapMs * MEAN_CLUSTER_SIZE
  const sizeScale = profile.typicalNotional / Math.pow(2, 1 / SIZE_TAIL_ALPHA) // median = typical
  let mid = profile.startPrice
  let clockMs = 0
  let lastEventTime = 0
  let nextId = 1
  // The current cluster: trades left in it, side, price and the shared times.
  let left = 0
  let isBuyerMaker = false
  let price = 0
  let time = 0
  let eventTime = 0

  function startCluster(): void {
    clockMs += prng.exponential(clusterGapMs)
    mid = Math.max(10 * tickSize, mid * Math.exp(MID_VOLATILITY * prng.normal()))
    left = prng.chance(BURST_PROBABILITY) ? 1 + prng.geometric(BURST_MEAN_SIZE) : 1
    isBuyerMaker = prng.chance(0.5)
    const bid = Math.max(tickSize, Math.floor(mid / tickSize) * tickSize)
    // A buyer-aggressor lifts the ask; a seller-aggressor hits the bid (isBuyerMaker = true).
    price = isBuyerMaker ? bid : bid + tickSize
    time = Math.floor(options.startTime + clockMs)
    const delay = Math.round(prng.exponential(MEAN_EVENT_DELAY_MS))
    eventTime = Math.max(time + delay, lastEventTime)
    lastEventTime = eventTime
  }

  function quantity(): number {
    const notional = Math.min(MAX_NOTIONAL, prng.pareto(sizeScale, SIZE_TAIL_ALPHA))
    const units = (notional * UNITS_PER_ONE * UNITS_PER_ONE) / price
    return Math.max(stepSize, Math.floor(units / stepSize) * stepSize)
  }

  function generate(): ScheduledTrade {
    if (left === 0) {
      startCluster()
    } else if (prng.chance(SWEEP_STEP_PROBABILITY)) {
      price = isBuyerMaker ? Math.max(tickSize, price - tickSize) : price + tickSize
    }
    left--
    const trade: ReplayTrade = {
      id: nextId++,
      price,
      quantity: quantity(),
      time,
      eventTime,
      isBuyerMaker,
    }
    return { trade, offsetMs: clockMs }
  }

  let pending = generate()
  return {
    peek: () => pending,
    take: () => {
      const current = pending
      pending = generate()
      return current
    },
  }
}
