import type { TradeV2 } from '@k2/core'

/**
 * A trade as a feed hands it on: the validated {@link TradeV2} plus the exchange's own sequence
 * number as a plain integer, so that gap detection and de-duplication can be written once for
 * every exchange (see {@link SequenceSemantics} for what the number promises).
 */
export interface FeedTrade {
  /** The converted, frozen record. */
  readonly trade: TradeV2
  /**
   * The exchange sequence of this trade within its symbol (Binance: the trade id `t`), a
   * non-negative safe integer. Equal to `trade.source_sequence`, kept apart so callers need no
   * null check.
   */
  readonly sequence: number
}

/**
 * What an exchange's sequence numbers promise, so generic gap repair knows whether a jump is a loss.
 * Binance trade ids are consecutive per symbol (D9): id 7 after id 5 means trade 6 was lost.
 */
export interface SequenceSemantics {
  /** Sequences are counted per symbol (each symbol starts its own series). */
  readonly scope: 'symbol'
  /** Each trade's sequence is the previous one plus 1, so any jump is a lost trade. */
  readonly consecutive: boolean
}
