import { defineProtocol } from '@k2/actor-runtime'

import type { KafkaIngestStats } from '../kafka-ingest/index.js'
import type { CommitPolicy } from '../writer/index.js'

/** Counters of one Kafka writer actor: its ingestor's, and the dead letters it stored. */
export interface KafkaWriterActorStats extends KafkaIngestStats {
  /** Undecodable records stored in `{topic}.dlq` by this incarnation. */
  readonly deadLettersStored: number
}

/** The methods of a Kafka writer actor (D5: one consumer-group member). */
export type KafkaWriterMethods = {
  stats: { req: null; res: KafkaWriterActorStats }
}

/** What a Kafka writer actor is spawned with (structured-clone data only). */
export interface KafkaWriterInit {
  /** Warehouse directory and catalog URI (`K2Config.iceberg`). */
  readonly warehouse: string
  readonly catalogUri: string
  readonly policy: CommitPolicy
  readonly kafka: {
    readonly brokers: readonly string[]
    readonly clientId: string
    /** Set = the decoder resolves Confluent-framed records through it (D3). */
    readonly schemaRegistryUrl: string | undefined
    readonly compression: 'none' | 'gzip' | 'snappy'
  }
  /** Consumer group shared by every writer of the deployment (`k2-writers` by default). */
  readonly groupId: string
  /** The trades topics to ingest (`market.{asset_class}.trades.{exchange}`). */
  readonly topics: readonly string[]
  /** Consumer-group session timeout (ms): how soon a dead member's partitions move on. */
  readonly sessionTimeoutMs: number
  readonly logLevel: string
}

export const kafkaWriterProtocol = defineProtocol<KafkaWriterMethods, KafkaWriterInit>({
  name: 'k2.kafka-writer',
  version: 1,
})

/** The Kafka writer actor module, for `supervisor.spawn({ moduleUrl })`. */
export const KAFKA_WRITER_ACTOR_URL = new URL('./kafka-writer.actor.ts', import.meta.url)
