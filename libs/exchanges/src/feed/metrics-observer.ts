import type { K2Metrics } from '@k2/telemetry'

import { BREAKER_STATE_VALUES } from './circuit-breaker.js'
import type { FeedObserver } from './feed-observer.js'

/**
 * The feed observer that keeps the D8 metrics of a feed (`k2_binance_*`,
 * `k2_sequence_gaps_detected_total`, `k2_circuit_breaker_state`) on prom-client instruments from
 * `createMetrics()` of `@k2/telemetry`. `exchange` is the `exchange` label of the gap counter.
 */
export function createFeedMetricsObserver(metrics: K2Metrics, exchange: string): FeedObserver {
  return {
    connectionStatus: (status) =>
      metrics.binanceConnectionStatus.set(status === 'connected' ? 1 : 0),
    messageReceived: (symbol) => metrics.binanceMessagesReceived.inc({ symbol }),
    messageError: (errorType) => metrics.binanceMessageErrors.inc({ error_type: errorType }),
    reconnect: (reason) => metrics.binanceReconnects.inc({ reason }),
    connectionError: (errorType) => metrics.binanceConnectionErrors.inc({ error_type: errorType }),
    lastMessageTime: (seconds) => metrics.binanceLastMessageTimestamp.set(seconds),
    reconnectDelay: (seconds) => metrics.binanceReconnectDelay.set(seconds),
    gapDetected: (symbol, _size, severity) =>
      metrics.sequenceGapsDetected.inc({ exchange, symbol, severity }),
    gapRepaired: (symbol, count) => metrics.binanceGapsRepaired.inc({ symbol }, count),
    circuitState: (name, state) =>
      metrics.circuitBreakerState.set({ breaker_name: name }, BREAKER_STATE_VALUES[state]),
  }
}
