import type { ExchangeLimits } from '../feed/index.js'
import { HISTORICAL_TRADES_MAX_LIMIT, BINANCE_REST_WEIGHT_PER_MINUTE } from './rest.js'
import { BINANCE_MAX_STREAMS_PER_CONNECTION } from './stream-urls.js'

/**
 * Binance's connection rules (spot "WebSocket Streams" docs as of 2025, D9): the server pings
 * every 20 s and drops a client that has not answered within 1 minute; a connection lives at most
 * 24 h; at most 5 incoming messages per second and 1024 streams per connection. The 300
 * connection attempts per 5 minutes per IP are {@link BINANCE_MAX_CONNECT_ATTEMPTS_PER_5_MIN}.
 */
export const BINANCE_LIMITS: ExchangeLimits = Object.freeze({
  maxStreamsPerConnection: BINANCE_MAX_STREAMS_PER_CONNECTION,
  restWeightPerMinute: BINANCE_REST_WEIGHT_PER_MINUTE,
  maxBackfillLimit: HISTORICAL_TRADES_MAX_LIMIT,
  maxConnectionAgeMs: 24 * 60 * 60 * 1000,
  serverPingIntervalMs: 20_000,
  pongTimeoutMs: 60_000,
  maxOutgoingMessagesPerSecond: 5,
})

/** Connection attempts Binance allows per IP in 5 minutes (D9). */
export const BINANCE_MAX_CONNECT_ATTEMPTS_PER_5_MIN = 300
