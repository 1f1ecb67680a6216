import type { TradeV2 } from '@k2/core'
import type { K2Metrics } from '@k2/telemetry'

import type { SequenceObserver } from '../sequence/index.js'

/**
 * The feed actor's sequence observer (D6, D8): `observer` (the log) sees every event, and resets
 * count in `k2_sequence_resets_total{exchange,symbol}`. Gaps are not counted here: the feed
 * counts each gap where it finds it, before its REST repair
 * (`k2_sequence_gaps_detected_total{exchange,symbol,severity}` through `createFeedMetricsObserver`),
 * and the trades this tracker checks come after that repair, so counting their gaps again would
 * count an unrepaired gap twice.
 */
export function sequenceMetricsObserver(
  metrics: Pick<K2Metrics, 'sequenceResets'>,
  observer: SequenceObserver,
): SequenceObserver {
  return {
    sequenceEvent(event) {
      observer.sequenceEvent(event)
      if (event.result === 'reset') {
        metrics.sequenceResets.inc({ exchange: event.exchange, symbol: event.symbol })
      }
    },
  }
}

/** The last trade per stream, turned into `k2_last_trade_price` when the metrics are read. */
export interface LastTradePrices {
  /** Keeps `trade` as its stream's last (per trade: a map write, no number parsing). */
  record(trade: TradeV2): void
  /** Sets `k2_last_trade_price{exchange,symbol}` of every stream seen (a collect hook). */
  collect(): void
}

/**
 * `k2_last_trade_price{exchange,symbol}` (D8, the dashboards' live price): the feed records each
 * trade's reference on its per-trade path and converts the exact decimal to a float only when the
 * metrics are snapshotted (`ctx.onMetricsCollect`), so 100,000 trades/s cost no parsing.
 */
export function lastTradePrices(metrics: Pick<K2Metrics, 'lastTradePrice'>): LastTradePrices {
  const last = new Map<string, TradeV2>()
  return {
    record(trade) {
      last.set(trade.symbol, trade)
    },
    collect() {
      for (const trade of last.values()) {
        metrics.lastTradePrice.set(
          { exchange: trade.exchange, symbol: trade.symbol },
          trade.price.toNumber(),
        )
      }
    },
  }
}
