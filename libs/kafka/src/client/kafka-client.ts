import kafkajs, {
  type CompressionTypes as CompressionType,
  type Kafka as KafkaInstance,
  type LogEntry,
} from 'kafkajs'
import { createRequire } from 'node:module'

import { NOOP_LOGGER, type Logger } from '@k2/core'

import { kafkaLogLevel } from './kafkajs-log-level.js'

// kafkajs is CommonJS: Node's ESM loader (tsx, plain node) sees only some of its exports as named
// ones (`CompressionCodecs` is missing), so take them from the default export.
const { CompressionCodecs, CompressionTypes, Kafka, logLevel } = kafkajs
type Kafka = KafkaInstance

/**
 * A Kafka client as K2 passes it around (the kafkajs client). Other libs hold one without
 * importing kafkajs; only `@k2/kafka` calls it (D1).
 */
export type KafkaClient = Kafka

/** Options of {@link createKafkaClient}. */
export interface KafkaClientOptions {
  readonly brokers: readonly string[]
  readonly clientId: string
  readonly logger?: Logger
  /** TCP connect timeout per broker, ms. */
  readonly connectionTimeoutMs?: number
  /** Per-request timeout, ms. */
  readonly requestTimeoutMs?: number
}

// kafkajs ships gzip only; snappy comes from a pure-JS codec that installs anywhere. It is a
// CommonJS package without type declarations, so it is loaded with require and typed here.
const SnappyCodec = createRequire(import.meta.url)('kafkajs-snappy') as () => {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>
  decompress(buffer: Buffer): Promise<Buffer>
}
CompressionCodecs[CompressionTypes.Snappy] =
  SnappyCodec as unknown as (typeof CompressionCodecs)[CompressionType.Snappy]

/**
 * A kafkajs client whose log lines go to K2's logger (component `kafka`), so broker and protocol
 * events appear in the same JSON log stream as everything else (D8).
 */
export function createKafkaClient(options: KafkaClientOptions): KafkaClient {
  const logger = (options.logger ?? NOOP_LOGGER).child({ component: 'kafka' })
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    logLevel: logLevel.INFO,
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        const { message, ...rest } = log
        const to = kafkaLogLevel(namespace, level, message, rest)
        if (to !== 'drop') logger[to]({ kafkajs: namespace, ...rest }, message)
      },
  })
}

/** The kafkajs compression type for K2's compression setting. */
export function compressionType(setting: 'none' | 'gzip' | 'snappy'): CompressionType {
  if (setting === 'gzip') return CompressionTypes.GZIP
  if (setting === 'snappy') return CompressionTypes.Snappy
  return CompressionTypes.None
}
