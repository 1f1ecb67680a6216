import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { ConfigError, ENV_VARS, loadConfig, renderEnvExample } from './index.js'

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = loadConfig({})
    expect(c.transport).toBe('embedded')
    expect(c.kafka.brokers).toEqual(['127.0.0.1:9092'])
    expect(c.kafka.schemaRegistryUrl).toBeUndefined()
    expect(c.kafka.partitions).toEqual({ crypto: 40, equities: 30, futures: 10, options: 10 })
    expect(c.iceberg).toEqual({
      warehouse: './data/warehouse',
      catalogUri: 'sqlite:./data/warehouse/catalog.db',
    })
    expect(c.binance.symbols).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBUSDT'])
    expect(c.binance.wsUrl).toBe('wss://stream.binance.com:9443/stream')
    expect(c.api).toEqual({
      port: 8000,
      keys: ['k2-dev-key'],
      rateLimitPerMinute: 100,
      corsOrigins: ['*'],
      maxBodyBytes: 10 * 1024 * 1024,
    })
    expect(c.telemetry.traceSampleRatio).toBe(0.01)
    expect(c.commit).toEqual({ intervalMs: 2_000, maxRows: 200_000, maxBytes: 8_388_608 })
    expect(c.duckdb).toEqual({ memoryLimit: '256MB', threads: 1 })
    expect(c.actors).toEqual({ writers: 2, feedMaxWorkers: 2, feedStart: 'live', bundles: true })
    expect(c.maintenance).toEqual({ compactionIntervalMs: 60_000, snapshotRetentionMs: 3_600_000 })
  })

  it('names the variable of a bad actor or maintenance setting', () => {
    expect(() => loadConfig({ K2_WRITERS: '0' })).toThrow(/K2_WRITERS/)
    expect(() => loadConfig({ K2_SNAPSHOT_RETENTION_MS: '10' })).toThrow(/K2_SNAPSHOT_RETENTION_MS/)
    expect(() => loadConfig({ K2_FEED_START: 'yesterday' })).toThrow(/K2_FEED_START/)
    expect(loadConfig({}).adminPort).toBeUndefined()
    expect(loadConfig({ K2_ADMIN_PORT: '9100' }).adminPort).toBe(9100)
    expect(() => loadConfig({ K2_ADMIN_PORT: 'x' })).toThrow(/K2_ADMIN_PORT/)
    expect(() => loadConfig({ K2_DUCKDB_MEMORY_LIMIT: 'lots' })).toThrow(/K2_DUCKDB_MEMORY_LIMIT/)
    expect(() => loadConfig({ K2_COMMIT_MAX_BYTES: '10' })).toThrow(/K2_COMMIT_MAX_BYTES/)
    expect(loadConfig({ K2_DUCKDB_MEMORY_LIMIT: '1GiB', K2_DUCKDB_THREADS: '4' }).duckdb).toEqual({
      memoryLimit: '1GiB',
      threads: 4,
    })
    const c = loadConfig({
      K2_WRITERS: '3',
      K2_FEED_MAX_WORKERS: '1',
      K2_FEED_START: 'earliest',
      K2_ACTOR_BUNDLES: 'off',
    })
    expect(c.actors).toEqual({
      writers: 3,
      feedMaxWorkers: 1,
      feedStart: 'earliest',
      bundles: false,
    })
    expect(() => loadConfig({ K2_ACTOR_BUNDLES: 'yes' })).toThrow(/K2_ACTOR_BUNDLES/)
  })

  it('parses lists, numbers and URLs', () => {
    const c = loadConfig({
      K2_TRANSPORT: 'kafka',
      K2_KAFKA_BROKERS: ' 127.0.0.1:19092 , localhost:19093 ',
      K2_SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081',
      K2_BINANCE_SYMBOLS: 'btcusdt,ethbtc',
      K2_TRACE_SAMPLE_RATIO: '1.0',
      K2_WAREHOUSE: '/tmp/wh/',
    })
    expect(c.transport).toBe('kafka')
    expect(c.kafka.brokers).toEqual(['127.0.0.1:19092', 'localhost:19093'])
    expect(c.kafka.schemaRegistryUrl).toBe('http://127.0.0.1:8081')
    expect(c.binance.symbols).toEqual(['BTCUSDT', 'ETHBTC'])
    expect(c.telemetry.traceSampleRatio).toBe(1)
    expect(c.iceberg.catalogUri).toBe('sqlite:/tmp/wh/catalog.db')
  })

  it('puts the dead letters next to the warehouse unless K2_DEAD_LETTER_DIR is set', () => {
    expect(loadConfig({}).deadLetterDir).toBe('./data/dead-letters')
    expect(loadConfig({ K2_WAREHOUSE: '/tmp/wh/' }).deadLetterDir).toBe('/tmp/dead-letters')
    expect(loadConfig({ K2_WAREHOUSE: 'warehouse' }).deadLetterDir).toBe('./dead-letters')
    expect(loadConfig({ K2_WAREHOUSE: '/wh' }).deadLetterDir).toBe('/dead-letters')
    expect(
      loadConfig({ K2_WAREHOUSE: '/tmp/wh', K2_DEAD_LETTER_DIR: '/var/k2/dlq' }).deadLetterDir,
    ).toBe('/var/k2/dlq')
  })

  it('parses the API limits and CORS origins', () => {
    const c = loadConfig({
      K2_API_RATE_LIMIT_PER_MINUTE: '600',
      K2_API_CORS_ORIGINS: 'https://a.example.com, http://127.0.0.1:3000',
      K2_API_MAX_BODY_BYTES: '1024',
      K2_API_KEYS: 'first-key-1,second-key-2',
    })
    expect(c.api).toMatchObject({
      keys: ['first-key-1', 'second-key-2'],
      rateLimitPerMinute: 600,
      corsOrigins: ['https://a.example.com', 'http://127.0.0.1:3000'],
      maxBodyBytes: 1024,
    })
  })

  it('treats an explicitly empty symbol list as no feeds', () => {
    expect(loadConfig({ K2_BINANCE_SYMBOLS: '' }).binance.symbols).toEqual([])
  })

  it.each([
    ['K2_TRANSPORT', 'rabbit'],
    ['K2_KAFKA_BROKERS', 'no-port-here'],
    ['K2_API_PORT', '70000'],
    ['K2_API_PORT', '80a'],
    ['K2_TRACE_SAMPLE_RATIO', '1.5'],
    ['K2_SCHEMA_REGISTRY_URL', 'ftp://x'],
    ['K2_BINANCE_WS_URL', 'https://stream.binance.com'],
    ['K2_BINANCE_SYMBOLS', 'BTC-USDT'],
    ['K2_API_KEYS', 'short'],
    ['K2_KAFKA_COMPRESSION', 'brotli'],
    ['K2_API_RATE_LIMIT_PER_MINUTE', '0'],
    ['K2_API_CORS_ORIGINS', 'example.com'],
    ['K2_API_MAX_BODY_BYTES', '-1'],
  ])('rejects %s=%s with an error naming the variable', (name, value) => {
    let err: unknown
    try {
      loadConfig({ [name]: value })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    const configError = err as ConfigError
    expect(configError.code).toBe('CONFIG_INVALID_VARIABLE')
    expect(configError.message).toContain(name)
    expect(configError.problems.map((p) => p.variable)).toEqual([name])
  })

  it('reports every bad variable at once', () => {
    expect(() => loadConfig({ K2_API_PORT: 'x', K2_TRANSPORT: 'y' })).toThrow(
      /K2_TRANSPORT.*K2_API_PORT|K2_API_PORT.*K2_TRANSPORT/,
    )
  })
})

describe('.env.example', () => {
  it('lists every variable with its default (regenerate with renderEnvExample)', () => {
    const path = fileURLToPath(new URL('../../../.env.example', import.meta.url))
    expect(readFileSync(path, 'utf8')).toBe(renderEnvExample())
    for (const spec of Object.values(ENV_VARS)) expect(renderEnvExample()).toContain(spec.name)
  })
})
