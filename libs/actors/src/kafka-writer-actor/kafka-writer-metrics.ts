import type { K2Metrics } from '@k2/telemetry'

import type { KafkaIngestObserver } from '../kafka-ingest/index.js'
import { writerMetricsObserver, type WriterMetrics } from '../writer-actor/writer-metrics.js'

/** The metrics a Kafka writer feeds (D8). */
export type KafkaWriterMetrics = WriterMetrics &
  Pick<K2Metrics, 'kafkaMessagesConsumed' | 'kafkaConsumerLag' | 'deadLetters'>

/**
 * The observer of one Kafka ingestor (one per data type in a writer actor): the writer metrics of
 * {@link writerMetricsObserver}, plus `k2_kafka_messages_consumed_total` and
 * `k2_kafka_consumer_lag_messages{topic,partition}` per fetched batch, and
 * `k2_dead_letters_total{source="kafka",reason}` per undecodable record stored in `{topic}.dlq`.
 * After a rebalance the lag of partitions this member no longer owns is removed (their new owner
 * reports it; the gauge sums over workers). `also` gets the writer hooks too (e.g. to publish the
 * worker's metrics after each commit).
 */
export function kafkaIngestMetricsObserver(
  metrics: KafkaWriterMetrics,
  also: KafkaIngestObserver = {},
): KafkaIngestObserver {
  /** `topic:partition` -> labels of the lag values this ingestor has set. */
  const reported = new Map<string, { topic: string; partition: string }>()
  return {
    ...also,
    ...writerMetricsObserver(metrics, also),
    batchConsumed(topic, partition, records, lag) {
      metrics.kafkaMessagesConsumed.inc(records)
      const labels = { topic, partition: String(partition) }
      reported.set(`${topic}:${partition}`, labels)
      metrics.kafkaConsumerLag.set(labels, lag)
      also.batchConsumed?.(topic, partition, records, lag)
    },
    assigned(partitions) {
      const owned = new Set(partitions.map((p) => `${p.topic}:${p.partition}`))
      for (const [key, labels] of reported) {
        if (owned.has(key)) continue
        metrics.kafkaConsumerLag.remove(labels)
        reported.delete(key)
      }
      also.assigned?.(partitions)
    },
    deadLetter(topic, code) {
      metrics.deadLetters.inc({ source: 'kafka', reason: code })
      also.deadLetter?.(topic, code)
    },
  }
}
