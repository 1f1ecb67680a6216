import type { Aggregator } from 'prom-client'

/** The prom-client metric kinds K2 uses. */
export type MetricType = 'counter' | 'gauge' | 'histogram'

/**
 * One metric of K2 (D8): its Prometheus name, help text, kind, label names, histogram buckets and
 * how the values of one label set from several workers combine in the process's one `/metrics`
 * (a prom-client aggregator: counters and histograms add up; gauges say what makes sense).
 */
export interface MetricDefinition {
  readonly name: string
  readonly help: string
  readonly type: MetricType
  readonly labelNames: readonly string[]
  /** Upper bounds of a histogram's buckets, in the metric's unit (seconds); histograms only. */
  readonly buckets?: readonly number[]
  readonly aggregator: Aggregator
}

/** Request-sized latencies (HTTP handlers): 1 ms to 5 s, the old K2's LATENCY_BUCKETS. */
export const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const

/** Queries may scan a lot: the latency buckets plus 10 s and 30 s (the per-query timeout range). */
export const QUERY_BUCKETS = [...LATENCY_BUCKETS, 10, 30] as const

/** Parquet write + Iceberg commit of one batch: 10 ms to 10 s, the old K2's STORAGE_BUCKETS. */
export const STORAGE_BUCKETS = [0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10] as const

/**
 * Freshness, receipt to commit: commits happen every few seconds (`K2_COMMIT_INTERVAL_MS`,
 * default 2 s), so the interesting range is 0.1 s to a couple of minutes of backlog.
 */
export const FRESHNESS_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 30, 60, 120] as const

/** Values of `k2_circuit_breaker_state`, as the old K2 encoded them (dashboards rely on it). */
export const CIRCUIT_BREAKER_STATE_VALUES = { closed: 0, open: 1, half_open: 2 } as const

function counter<const N extends string, const L extends readonly string[]>(
  name: N,
  help: string,
  labelNames: L,
) {
  return { name, help, type: 'counter', labelNames, aggregator: 'sum' } as const
}

function gauge<
  const N extends string,
  const L extends readonly string[],
  const A extends Aggregator,
>(name: N, help: string, labelNames: L, aggregator: A) {
  return { name, help, type: 'gauge', labelNames, aggregator } as const
}

function histogram<const N extends string, const L extends readonly string[]>(
  name: N,
  help: string,
  labelNames: L,
  buckets: readonly number[],
) {
  return { name, help, type: 'histogram', labelNames, buckets, aggregator: 'sum' } as const
}

/**
 * Every metric K2 exports, in one table (D8), keyed by the accessor name `createMetrics` gives it.
 * Names and label sets keep the old K2's public names (prefix `k2_`) so dashboards and alert rules
 * keep working; a test pins each entry. Add a metric here, never inline at a call site.
 */
export const METRICS = {
  // Binance feed (D9).
  binanceConnectionStatus: gauge(
    'k2_binance_connection_status',
    'Binance WebSocket connection status: 1 connected, 0 not (summed over workers: connected connections)',
    [],
    'sum',
  ),
  binanceMessagesReceived: counter(
    'k2_binance_messages_received_total',
    'Trade messages received from Binance, by symbol',
    ['symbol'],
  ),
  binanceMessageErrors: counter(
    'k2_binance_message_errors_total',
    'Binance frames rejected by parsing, validation or conversion, by error type (error code)',
    ['error_type'],
  ),
  binanceReconnects: counter(
    'k2_binance_reconnects_total',
    'Binance WebSocket reconnects, by reason',
    ['reason'],
  ),
  binanceConnectionErrors: counter(
    'k2_binance_connection_errors_total',
    'Binance WebSocket connection errors, by error type',
    ['error_type'],
  ),
  binanceLastMessageTimestamp: gauge(
    'k2_binance_last_message_timestamp_seconds',
    'Unix time in seconds of the last message received from Binance (health checks)',
    [],
    'max',
  ),
  binanceReconnectDelay: gauge(
    'k2_binance_reconnect_delay_seconds',
    'Current Binance reconnect delay in seconds (exponential backoff with jitter)',
    [],
    'max',
  ),
  binanceGapsRepaired: counter(
    'k2_binance_gaps_repaired_total',
    'Binance trade-id gaps filled from REST historicalTrades, by symbol',
    ['symbol'],
  ),
  lastTradePrice: gauge(
    'k2_last_trade_price',
    'Price of the last trade received, by exchange and symbol (a float, for display; records keep exact decimals)',
    ['exchange', 'symbol'],
    // One feed worker owns a symbol, so one worker has each label set: any aggregator would do.
    'max',
  ),
  // Kafka (D3).
  kafkaMessagesProduced: counter(
    'k2_kafka_messages_produced_total',
    'Records acknowledged by Kafka',
    [],
  ),
  kafkaMessagesConsumed: counter(
    'k2_kafka_messages_consumed_total',
    'Records consumed from Kafka',
    [],
  ),
  kafkaConsumerLag: gauge(
    'k2_kafka_consumer_lag_messages',
    'Messages between the consumer position and the high watermark, by topic and partition',
    ['topic', 'partition'],
    'sum',
  ),
  // Iceberg (D4, D6).
  icebergRowsWritten: counter(
    'k2_iceberg_rows_written_total',
    'Rows committed to Iceberg, by table',
    ['table'],
  ),
  icebergWriteDuration: histogram(
    'k2_iceberg_write_duration_seconds',
    'Time to write one batch to Iceberg (Parquet files and commit), in seconds',
    [],
    STORAGE_BUCKETS,
  ),
  icebergCommitConflicts: counter(
    'k2_iceberg_commit_conflicts_total',
    'Iceberg commits that lost the catalog compare-and-swap and were retried',
    [],
  ),
  ingestToCommit: histogram(
    'k2_ingest_to_commit_seconds',
    'Freshness: seconds from the receipt of a record (ingestion_timestamp) to the Iceberg commit that made it readable',
    [],
    FRESHNESS_BUCKETS,
  ),
  // Sequence tracking (D6).
  sequenceGapsDetected: counter(
    'k2_sequence_gaps_detected_total',
    'Sequence gaps detected on source_sequence, by exchange, symbol and severity',
    ['exchange', 'symbol', 'severity'],
  ),
  sequenceResets: counter(
    'k2_sequence_resets_total',
    'Sequence resets detected on source_sequence (the source restarted its numbering), by exchange and symbol',
    ['exchange', 'symbol'],
  ),
  // Dead-letter path (D6): nothing is skipped without a trace.
  deadLetters: counter(
    'k2_dead_letters_total',
    'Records sent to the dead-letter path, by source (feed, kafka, writer, loader) and reason (error code)',
    ['source', 'reason'],
  ),
  // API and queries (D7).
  httpRequests: counter(
    'k2_http_requests_total',
    'HTTP requests served, by method, route and status',
    ['method', 'route', 'status'],
  ),
  httpRequestDuration: histogram(
    'k2_http_request_duration_seconds',
    'HTTP request duration in seconds, by method and route',
    ['method', 'route'],
    LATENCY_BUCKETS,
  ),
  queryDuration: histogram(
    'k2_query_duration_seconds',
    'Query execution time in seconds, by query type',
    ['query_type'],
    QUERY_BUCKETS,
  ),
  // Runtime (D5).
  actorRestarts: counter('k2_actor_restarts_total', 'Actor restarts by the supervisor, by actor', [
    'actor',
  ]),
  circuitBreakerState: gauge(
    'k2_circuit_breaker_state',
    'Circuit breaker state: 0 closed, 1 open, 2 half-open, by breaker name',
    ['breaker_name'],
    'max',
  ),
} as const satisfies Record<string, MetricDefinition>

/** Accessor name of a metric in {@link METRICS}. */
export type MetricKey = keyof typeof METRICS

/** Every metric definition, in table order. */
export const METRIC_DEFINITIONS: readonly MetricDefinition[] = Object.values(METRICS)

/** Every metric name K2 exports (e.g. for checking that a dashboard only queries real metrics). */
export const METRIC_NAMES: ReadonlySet<string> = new Set(METRIC_DEFINITIONS.map((m) => m.name))
