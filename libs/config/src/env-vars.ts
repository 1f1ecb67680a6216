import { z } from 'zod'

/**
 * Every environment variable K2 reads (D10), in one table: name, default (as the text a user would
 * write), description and a zod schema that parses the text. `.env.example` is generated from it.
 */
export interface EnvVar<T> {
  readonly name: string
  /** Default as written in `.env.example`; `undefined` = unset (optional). */
  readonly default: string | undefined
  readonly description: string
  readonly schema: z.ZodType<T>
}

const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0),
)

const int = (min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

const url = (protocols: readonly string[]) =>
  z.string().refine(
    (s) => {
      try {
        return protocols.includes(new URL(s).protocol)
      } catch {
        return false
      }
    },
    `must be a URL with scheme ${protocols.join(' or ')}`,
  )

const hostPort = z.string().regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, 'must be host:port')

function v<T, D extends string | undefined>(
  name: string,
  def: D,
  description: string,
  schema: z.ZodType<T>,
): EnvVar<T> & { readonly default: D } {
  return { name, default: def, description, schema }
}

/** The variables, grouped as they appear in `.env.example`. */
export const ENV_VARS = {
  transport: v(
    'K2_TRANSPORT',
    'embedded',
    'Feed -> writer transport: embedded (in-process) or kafka.',
    z.enum(['embedded', 'kafka']),
  ),
  kafkaBrokers: v(
    'K2_KAFKA_BROKERS',
    '127.0.0.1:9092',
    'Kafka bootstrap brokers, comma-separated host:port.',
    list.pipe(z.array(hostPort).min(1, 'needs at least one broker')),
  ),
  kafkaClientId: v(
    'K2_KAFKA_CLIENT_ID',
    'k2',
    'Kafka client id prefix; the writers consumer group is {K2_KAFKA_CLIENT_ID}-writers.',
    z.string().min(1),
  ),
  schemaRegistryUrl: v(
    'K2_SCHEMA_REGISTRY_URL',
    undefined,
    'Confluent-compatible schema registry; unset = Avro single-object encoding.',
    url(['http:', 'https:']),
  ),
  kafkaPartitionsCrypto: v(
    'K2_KAFKA_PARTITIONS_CRYPTO',
    '40',
    'Partitions of market.crypto.* topics.',
    int(1, 10_000),
  ),
  kafkaPartitionsEquities: v(
    'K2_KAFKA_PARTITIONS_EQUITIES',
    '30',
    'Partitions of market.equities.* topics.',
    int(1, 10_000),
  ),
  kafkaPartitionsOther: v(
    'K2_KAFKA_PARTITIONS_OTHER',
    '10',
    'Partitions of market.futures.* and market.options.* topics.',
    int(1, 10_000),
  ),
  kafkaReplicationFactor: v(
    'K2_KAFKA_REPLICATION_FACTOR',
    '1',
    'Replication factor of created topics (3 in production clusters).',
    int(1, 32),
  ),
  kafkaCompression: v(
    'K2_KAFKA_COMPRESSION',
    'snappy',
    'Topic compression.type and producer codec: none, gzip or snappy.',
    z.enum(['none', 'gzip', 'snappy']),
  ),
  producerQueueMax: v(
    'K2_PRODUCER_QUEUE_MAX',
    '50000',
    'Records a producer buffers before it pushes back on its source (a Kafka feed holds them in its heap).',
    int(1),
  ),
  producerBatchMax: v(
    'K2_PRODUCER_BATCH_MAX',
    '1000',
    "Records per produce request (kafkajs groups a request's records by partition in time that grows with the square of their count).",
    int(1),
  ),
  producerLingerMs: v(
    'K2_PRODUCER_LINGER_MS',
    '5',
    'How long an idle producer waits for more records before a part-filled request (linger.ms).',
    int(0, 10_000),
  ),
  warehouse: v(
    'K2_WAREHOUSE',
    './data/warehouse',
    'Iceberg warehouse directory.',
    z.string().min(1),
  ),
  catalogUri: v(
    'K2_CATALOG_URI',
    undefined,
    'Iceberg catalog; unset = SQLite file $K2_WAREHOUSE/catalog.db.',
    z.string().min(1),
  ),
  deadLetterDir: v(
    'K2_DEAD_LETTER_DIR',
    undefined,
    'Dead-letter JSONL files of embedded mode; unset = $K2_WAREHOUSE/../dead-letters.',
    z.string().min(1),
  ),
  binanceWsUrl: v(
    'K2_BINANCE_WS_URL',
    'wss://stream.binance.com:9443/stream',
    'Binance combined-stream base URL (?streams=... is appended).',
    url(['ws:', 'wss:']),
  ),
  binanceFailoverUrls: v(
    'K2_BINANCE_FAILOVER_URLS',
    'wss://data-stream.binance.vision/stream',
    'Failover stream URLs, comma-separated, rotated round-robin.',
    list.pipe(z.array(url(['ws:', 'wss:']))),
  ),
  binanceRestUrl: v(
    'K2_BINANCE_REST_URL',
    'https://api.binance.com',
    'Binance REST base URL (gap repair).',
    url(['http:', 'https:']),
  ),
  binanceSymbols: v(
    'K2_BINANCE_SYMBOLS',
    'BTCUSDT,ETHUSDT,BNBUSDT',
    'Symbols to stream, comma-separated; empty = no feeds.',
    list.pipe(z.array(z.string().regex(/^[A-Za-z0-9]+$/, 'symbols are letters and digits'))),
  ),
  apiPort: v('K2_API_PORT', '8000', 'REST API port.', int(0, 65_535)),
  adminPort: v(
    'K2_ADMIN_PORT',
    undefined,
    'Operator endpoint on 127.0.0.1 (actor states and stats, kill an actor for crash drills); unset = off.',
    int(0, 65_535),
  ),
  apiKeys: v(
    'K2_API_KEYS',
    'k2-dev-key',
    'Accepted X-API-Key values, comma-separated (change the dev default).',
    list.pipe(z.array(z.string().min(8, 'API keys need at least 8 characters')).min(1)),
  ),
  apiRateLimitPerMinute: v(
    'K2_API_RATE_LIMIT_PER_MINUTE',
    '100',
    'Requests per minute each API key may make on /v1/* (429 past it).',
    int(1, 1_000_000),
  ),
  apiCorsOrigins: v(
    'K2_API_CORS_ORIGINS',
    '*',
    'Origins allowed by CORS, comma-separated (e.g. https://notebook.example.com); * = any.',
    list.pipe(
      z.array(
        z
          .string()
          .refine(
            (s) => s === '*' || /^https?:\/\/[A-Za-z0-9.\-[\]:]+$/.test(s),
            'origins are * or scheme://host[:port]',
          ),
      ),
    ),
  ),
  apiMaxBodyBytes: v(
    'K2_API_MAX_BODY_BYTES',
    '10485760',
    'Largest request body the API accepts (bytes; 413 past it).',
    int(1, 1_073_741_824),
  ),
  otlpEndpoint: v(
    'K2_OTEL_EXPORTER_OTLP_ENDPOINT',
    undefined,
    'OTLP/HTTP endpoint for traces (e.g. http://127.0.0.1:4318); unset = no export.',
    url(['http:', 'https:']),
  ),
  traceSampleRatio: v(
    'K2_TRACE_SAMPLE_RATIO',
    '0.01',
    'Parent-based trace sampling ratio, 0..1.',
    z
      .string()
      .regex(/^\d*\.?\d+$/, 'must be a number')
      .transform(Number)
      .pipe(z.number().min(0).max(1)),
  ),
  commitIntervalMs: v(
    'K2_COMMIT_INTERVAL_MS',
    '2000',
    'Writer commits a batch at least this often (ms): the freshness of the tables.',
    int(100),
  ),
  commitMaxRows: v(
    'K2_COMMIT_MAX_ROWS',
    '200000',
    'Writer commits when a batch reaches this many rows.',
    int(1),
  ),
  commitMaxBytes: v(
    'K2_COMMIT_MAX_BYTES',
    '8388608',
    'Writer commits when a batch reaches this many estimated bytes (a Binance trade: ~290). Bounds writer memory: a writer holds about two batches, read into Parquet columns (~1.4x the estimate).',
    int(1024),
  ),
  writers: v(
    'K2_WRITERS',
    '2',
    'Writer actors per supervisor; embedded: symbols are spread over them by hash; kafka: consumers of the group.',
    int(1, 64),
  ),
  feedMaxWorkers: v(
    'K2_FEED_MAX_WORKERS',
    '2',
    'Feed actors at most: one per symbol up to this many, then symbols share workers and connections. Each worker is a V8 isolate of its own (tens of MB); one feed reads well over 100,000 trades/s.',
    int(1, 256),
  ),
  feedStart: v(
    'K2_FEED_START',
    'live',
    'Where a symbol the tables have never seen starts: live (from now) or earliest (the whole history over REST; for replays and new listings).',
    z.enum(['live', 'earliest']),
  ),
  actorBundles: v(
    'K2_ACTOR_BUNDLES',
    'on',
    'on: the supervisor compiles its actor workers at start (esbuild, ~0.2 s) and each worker runs the compiled modules; off: each worker loads the TypeScript sources through tsx (start-up about twice as long, ~250 MB more RSS with the default actors).',
    z.enum(['on', 'off']),
  ),
  compactionIntervalMs: v(
    'K2_COMPACTION_INTERVAL_MS',
    '60000',
    'Time between maintenance rounds (compaction, snapshot expiry) of the compactor actor (ms).',
    int(1000),
  ),
  snapshotRetentionMs: v(
    'K2_SNAPSHOT_RETENTION_MS',
    '3600000',
    'Snapshots older than this are expired by the compactor (ms): the time-travel window.',
    int(60_000),
  ),
  duckdbMemoryLimit: v(
    'K2_DUCKDB_MEMORY_LIMIT',
    '256MB',
    "DuckDB memory_limit of the API's query engine and of each compaction rewrite, e.g. 256MB or 1GB (DuckDB spills or fails past it).",
    z
      .string()
      .regex(
        /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i,
        'must be a size such as 256MB or 1GiB',
      ),
  ),
  duckdbThreads: v(
    'K2_DUCKDB_THREADS',
    '1',
    "DuckDB worker threads of each in-process DuckDB (the API's query engine, compaction rewrites).",
    int(1, 1024),
  ),
  logLevel: v(
    'K2_LOG_LEVEL',
    'info',
    'Log level: trace, debug, info, warn, error, fatal, silent.',
    z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']),
  ),
} as const

/** The parsed value type of each variable. */
export type EnvValues = {
  [K in keyof typeof ENV_VARS]:
    | z.output<(typeof ENV_VARS)[K]['schema']>
    | (undefined extends (typeof ENV_VARS)[K]['default'] ? undefined : never)
}
