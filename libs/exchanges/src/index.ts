/**
 * `@k2/exchanges`: exchange sources behind one feed contract (D9). `feed/` holds the
 * exchange-neutral types (trades with their sequence, statuses, the event sink, the adapter
 * interface) and the feed itself (`createFeed`: connections, reconnects, circuit breaker,
 * make-before-break rotation, REST gap repair); each exchange is one folder (`binance/`) that implements the adapter: stream URLs,
 * frame parsing and conversion to TradeV2, REST backfill requests and responses. `recorder/`
 * saves raw frames of a combined stream for the replay exchange.
 */
export * from './feed/index.js'
export * from './binance/index.js'
export * from './recorder/index.js'
