import type { AssetClass } from '@k2/core'

import { parseTopicName } from './topic-name.js'

/** How a topic is created: partitions, replication and topic-level configs (D3). */
export interface TopicSpec {
  readonly topic: string
  readonly numPartitions: number
  readonly replicationFactor: number
  readonly configEntries: readonly { readonly name: string; readonly value: string }[]
}

/** Inputs of {@link topicSpecFor}: the Kafka part of the configuration. */
export interface TopicSettings {
  readonly partitions: Readonly<Record<AssetClass, number>>
  readonly replicationFactor: number
  readonly compression: 'none' | 'gzip' | 'snappy'
}

/**
 * The spec of a market-data topic: partitions by asset class, `compression.type` matching the
 * producer codec, and log compaction for reference data (keyed by company_id, D3).
 */
export function topicSpecFor(topic: string, settings: TopicSettings): TopicSpec {
  const { assetClass, dataType } = parseTopicName(topic)
  const configEntries = [
    {
      name: 'compression.type',
      value: settings.compression === 'none' ? 'producer' : settings.compression,
    },
    { name: 'cleanup.policy', value: dataType === 'reference_data' ? 'compact' : 'delete' },
  ]
  return {
    topic,
    numPartitions: settings.partitions[assetClass],
    replicationFactor: settings.replicationFactor,
    configEntries,
  }
}

/** The spec of a dead-letter topic: few partitions, long retention, no compaction. */
export function deadLetterTopicSpec(topic: string, settings: TopicSettings): TopicSpec {
  return {
    topic,
    numPartitions: 1,
    replicationFactor: settings.replicationFactor,
    configEntries: [
      { name: 'cleanup.policy', value: 'delete' },
      { name: 'retention.ms', value: String(30 * 24 * 3600 * 1000) },
    ],
  }
}
