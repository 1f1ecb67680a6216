import { IcebergError, type AppendOptions, type IcebergTable } from '@k2/iceberg'

import { ActorsError } from '../errors.js'
import { latestProgressValue, parseProgressMap, stringifyProgressMap } from './snapshot-progress.js'

/**
 * Snapshot-summary key of the Kafka-mode progress marker (D6): a JSON object mapping
 * `topic:partition` to the next offset to consume, as a decimal string so 64-bit offsets survive
 * JSON (e.g. `{"market.crypto.trades.binance:3":"120455"}`). Every writer commit stores the full
 * map (its partitions merged into the previous snapshot's).
 */
export const KAFKA_OFFSETS_KEY = 'k2.kafka.offsets'

/** Next offset to consume per `topic:partition` key. */
export type KafkaOffsets = ReadonlyMap<string, bigint>

/** The offsets of one partition's records in a batch. */
export interface KafkaOffsetRange {
  /** Offset of the batch's first record of the partition. */
  readonly first: bigint
  /** Offset after the batch's last record of the partition (last + 1). */
  readonly next: bigint
}

/** The key of a topic-partition: `topic:partition` (topic names cannot contain `:`). */
export function topicPartitionKey(topic: string, partition: number): string {
  if (topic.includes(':') || !Number.isInteger(partition) || partition < 0) {
    throw new ActorsError(
      'ACTORS_INVALID_OPTIONS',
      `no topic-partition key for ${JSON.stringify(topic)} partition ${partition}`,
      { context: { topic, partition } },
    )
  }
  return `${topic}:${partition}`
}

/**
 * The stored offsets (`k2.kafka.offsets` of the newest snapshot that has it); empty for an empty
 * table. A writer seeks each assigned partition here on assignment (D6).
 */
export function readKafkaOffsets(table: IcebergTable): KafkaOffsets {
  return parseProgressMap(
    KAFKA_OFFSETS_KEY,
    latestProgressValue(table, KAFKA_OFFSETS_KEY),
    (raw) => (typeof raw === 'string' && /^\d+$/.test(raw) ? BigInt(raw) : undefined),
  )
}

/**
 * The append hooks of a Kafka-mode commit (D6), evaluated on the base each attempt lands on:
 * - `precondition`: refuses the commit with `ICEBERG_PRECONDITION_FAILED` (not retried) unless,
 *   for every partition of the batch, the stored next offset equals the batch's first offset (or
 *   nothing is stored yet for it). Anything else means another writer (a zombie after a
 *   rebalance) moved it: the caller drops the batch and re-seeks to `readKafkaOffsets`.
 * - `summary`: `k2.kafka.offsets` = the base's offsets with the batch's `next` offsets.
 */
export function kafkaOffsetsAppendOptions(
  ranges: ReadonlyMap<string, KafkaOffsetRange>,
): Pick<AppendOptions, 'precondition' | 'summary'> {
  return {
    precondition: (base) => {
      const stored = readKafkaOffsets(base)
      const moved = [...ranges]
        .filter(([key, { first }]) => stored.has(key) && stored.get(key) !== first)
        .map(([key, { first }]) => ({
          key,
          stored: String(stored.get(key)),
          first: String(first),
        }))
      if (moved.length > 0) {
        throw new IcebergError(
          'ICEBERG_PRECONDITION_FAILED',
          `stored Kafka offsets moved: ${moved
            .map((m) => `${m.key} stored ${m.stored} != first ${m.first}`)
            .join(', ')}`,
          { context: { moved } },
        )
      }
    },
    summary: (base) => {
      const merged = new Map(readKafkaOffsets(base))
      for (const [key, { next }] of ranges) merged.set(key, next)
      return { [KAFKA_OFFSETS_KEY]: stringifyProgressMap(merged, String) }
    },
  }
}
