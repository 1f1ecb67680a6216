import { defineProtocol } from '@k2/actor-runtime'

import type { IngestDataType, KafkaIngestStats } from '../kafka-ingest/index.js'
import type { CommitPolicy } from '../writer/index.js'

/**
 * Counters of one Kafka writer actor: each of its ingestors' (by data type; absent when it has no
 * topics of that type), their totals, and the dead letters it stored.
 */
export interface KafkaWriterActorStats {
  readonly trades?: KafkaIngestStats
  readonly quotes?: KafkaIngestStats
  /** Commits of all its ingestors. */
  readonly commits: number
  /** Rows committed by all its ingestors. */
  readonly rowsWritten: number
  /** Records dropped as already committed or repeated, by all its ingestors. */
  readonly duplicatesDropped: number
  /** Undecodable records stored in `{topic}.dlq` by this incarnation. */
  readonly deadLettersStored: number
}

/** One data type a writer actor ingests: its consumer group and topics. */
export interface KafkaWriterIngest {
  readonly dataType: IngestDataType
  /**
   * Consumer group shared by every writer of the deployment for this data type:
   * `{K2_KAFKA_CLIENT_ID}-writers` (trades), `{K2_KAFKA_CLIENT_ID}-quote-writers` (quotes).
   */
  readonly groupId: string
  /** Topics of the data type (`market.{asset_class}.{data_type}.{exchange}`), at least one. */
  readonly topics: readonly string[]
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
  /** One ingestor per entry (each data type at most once): trades, quotes. */
  readonly ingest: readonly KafkaWriterIngest[]
  /** Consumer-group session timeout (ms): how soon a dead member's partitions move on. */
  readonly sessionTimeoutMs: number
  readonly logLevel: string
}

export const kafkaWriterProtocol = defineProtocol<KafkaWriterMethods, KafkaWriterInit>({
  name: 'k2.kafka-writer',
  version: 2,
})

/** The Kafka writer actor module, for `supervisor.spawn({ moduleUrl })`. */
export const KAFKA_WRITER_ACTOR_URL = new URL('./kafka-writer.actor.ts', import.meta.url)
