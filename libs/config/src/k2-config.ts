import { dirname } from 'node:path'

import type { ZodType } from 'zod'

import type { AssetClass } from '@k2/core'

import { ConfigError } from './errors.js'
import { ENV_VARS, type EnvValues } from './env-vars.js'

/** K2's typed configuration, read once from the environment at start-up (D10). */
export interface K2Config {
  /** Feed -> writer transport. */
  readonly transport: 'embedded' | 'kafka'
  readonly kafka: {
    readonly brokers: readonly string[]
    readonly clientId: string
    /** Set = Confluent wire format with this registry; unset = single-object encoding (D3). */
    readonly schemaRegistryUrl: string | undefined
    readonly partitions: Readonly<Record<AssetClass, number>>
    readonly replicationFactor: number
    readonly compression: 'none' | 'gzip' | 'snappy'
    readonly producerQueueMax: number
    readonly producerBatchMax: number
    readonly producerLingerMs: number
  }
  readonly iceberg: {
    readonly warehouse: string
    /** Catalog URI; defaults to `sqlite:<warehouse>/catalog.db`. */
    readonly catalogUri: string
  }
  /**
   * Directory of the dead-letter JSONL files of embedded mode (D6); defaults to `dead-letters`
   * next to the warehouse (`<warehouse>/../dead-letters`, i.e. `./data/dead-letters`).
   */
  readonly deadLetterDir: string
  readonly binance: {
    readonly wsUrl: string
    readonly failoverUrls: readonly string[]
    readonly restUrl: string
    readonly symbols: readonly string[]
  }
  readonly api: {
    readonly port: number
    readonly keys: readonly string[]
    /** Requests per minute per API key on `/v1/*`. */
    readonly rateLimitPerMinute: number
    /** CORS origins; `['*']` = any. */
    readonly corsOrigins: readonly string[]
    /** Largest request body in bytes. */
    readonly maxBodyBytes: number
  }
  /** Port of the operator endpoint on 127.0.0.1; undefined = off. */
  readonly adminPort: number | undefined
  readonly telemetry: {
    readonly otlpEndpoint: string | undefined
    readonly traceSampleRatio: number
  }
  readonly commit: {
    readonly intervalMs: number
    readonly maxRows: number
    /** Estimated bytes of a batch that trigger a commit (bounds a writer's memory). */
    readonly maxBytes: number
  }
  /** Settings of every in-process DuckDB (query engine, compaction rewrites). */
  readonly duckdb: {
    /** DuckDB `memory_limit`, e.g. `256MB`. */
    readonly memoryLimit: string
    readonly threads: number
  }
  /** Actor layout of the supervisor (D5). */
  readonly actors: {
    /** Writer actors of the embedded transport. */
    readonly writers: number
    /** Feed actors at most; more symbols share workers. */
    readonly feedMaxWorkers: number
    /** Start of a symbol with no committed trades: `live`, or `earliest` (full REST backfill). */
    readonly feedStart: 'live' | 'earliest'
    /** Actor workers run modules compiled at start (`true`) or their sources through tsx. */
    readonly bundles: boolean
  }
  /** The compactor actor's schedule. */
  readonly maintenance: {
    readonly compactionIntervalMs: number
    readonly snapshotRetentionMs: number
  }
  readonly logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'
}

/** `name` next to the directory `dir` (`./data/warehouse` -> `./data/<name>`), keeping `./`. */
function siblingDir(dir: string, name: string): string {
  const parent = dirname(dir.replace(/\/+$/, '') || '/')
  return parent.endsWith('/') ? `${parent}${name}` : `${parent}/${name}`
}

/** An environment: variable name -> text. */
export type Env = Readonly<Record<string, string | undefined>>

/**
 * Reads and validates every `K2_*` variable at once. Unset or empty variables take their defaults.
 * Throws one {@link ConfigError} naming every variable that is wrong, so a user fixes them in one go.
 */
export function loadConfig(env: Env = process.env): K2Config {
  const values: Record<string, unknown> = {}
  const problems: { variable: string; reason: string }[] = []
  for (const [key, spec] of Object.entries(ENV_VARS)) {
    const raw = env[spec.name]
    const text = raw === undefined || raw.trim() === '' ? spec.default : raw.trim()
    // An explicitly empty list (e.g. K2_BINANCE_SYMBOLS=) means "none", not the default.
    const input =
      raw !== undefined && raw.trim() === '' && spec.name === ENV_VARS.binanceSymbols.name
        ? ''
        : text
    if (input === undefined) {
      values[key] = undefined
      continue
    }
    const parsed = (spec.schema as ZodType).safeParse(input)
    if (parsed.success) {
      values[key] = parsed.data
    } else {
      problems.push({
        variable: spec.name,
        reason: `${JSON.stringify(input)} ${parsed.error.issues.map((i) => i.message).join(', ')}`,
      })
    }
  }
  if (problems.length > 0) throw new ConfigError(problems)
  const v = values as EnvValues
  const warehouse = v.warehouse
  return Object.freeze({
    transport: v.transport,
    kafka: {
      brokers: v.kafkaBrokers,
      clientId: v.kafkaClientId,
      schemaRegistryUrl: v.schemaRegistryUrl,
      partitions: {
        crypto: v.kafkaPartitionsCrypto,
        equities: v.kafkaPartitionsEquities,
        futures: v.kafkaPartitionsOther,
        options: v.kafkaPartitionsOther,
      },
      replicationFactor: v.kafkaReplicationFactor,
      compression: v.kafkaCompression,
      producerQueueMax: v.producerQueueMax,
      producerBatchMax: v.producerBatchMax,
      producerLingerMs: v.producerLingerMs,
    },
    iceberg: {
      warehouse,
      catalogUri: v.catalogUri ?? `sqlite:${warehouse.replace(/\/$/, '')}/catalog.db`,
    },
    deadLetterDir: v.deadLetterDir ?? siblingDir(warehouse, 'dead-letters'),
    binance: {
      wsUrl: v.binanceWsUrl,
      failoverUrls: v.binanceFailoverUrls,
      restUrl: v.binanceRestUrl,
      symbols: v.binanceSymbols.map((s) => s.toUpperCase()),
    },
    api: {
      port: v.apiPort,
      keys: v.apiKeys,
      rateLimitPerMinute: v.apiRateLimitPerMinute,
      corsOrigins: v.apiCorsOrigins,
      maxBodyBytes: v.apiMaxBodyBytes,
    },
    adminPort: v.adminPort,
    telemetry: { otlpEndpoint: v.otlpEndpoint, traceSampleRatio: v.traceSampleRatio },
    commit: {
      intervalMs: v.commitIntervalMs,
      maxRows: v.commitMaxRows,
      maxBytes: v.commitMaxBytes,
    },
    duckdb: { memoryLimit: v.duckdbMemoryLimit, threads: v.duckdbThreads },
    actors: {
      writers: v.writers,
      feedMaxWorkers: v.feedMaxWorkers,
      feedStart: v.feedStart,
      bundles: v.actorBundles === 'on',
    },
    maintenance: {
      compactionIntervalMs: v.compactionIntervalMs,
      snapshotRetentionMs: v.snapshotRetentionMs,
    },
    logLevel: v.logLevel,
  })
}
